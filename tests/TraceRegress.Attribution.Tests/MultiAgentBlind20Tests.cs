using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twentieth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each run with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 7/12 step and 8/12 agent without the expected answer, 6/12 and 7/12 with it. After changes on
/// principle, each with the case where it must not fire (below): a group chat's opening that restates the task's
/// question without a year it states ("released before 2010"), which no member names again, sent the team after another
/// question; with the expected answer, a value the run had already seen when the right answer was there (the date both
/// answers were worked from) is not what replaced it; a program's setting (timeout=30) is no fact; a printout's total
/// ("count: 41") beside one page of the list, and a step that settles on the page's count, is a retrieval stopped short:
/// 9/12 step and 10/12 agent in both modes. Then an instruction that sends the work back to the task's source (the
/// 'Lake Baikal - Wikipedia' result for "according to its English Wikipedia article") ends what an earlier detour to
/// Bing explains: 10/12 and 11/12. Then a coordinator that takes a list as had ("The 1980s winners have been retrieved")
/// after a page shown in part, and hands the work on, stopped short: 11/12 and 12/12. Then a date a page shows under its
/// numbered sibling's heading ("Voyager 2"), given for the task's own ("Voyager 1") while the page ties that to another
/// date: 12/12 and 12/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind20Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind20";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-voyager.json", 5, "WebSurfer", null, null },
            { "mo-02-gallium.json", 10, "Coder", null, null },
            { "mo-03-lillehammer.json", 1, "Orchestrator", null, null },
            { "mo-04-makerspace.json", 11, "FileSurfer", null, null },
            { "mo-05-pulitzer.json", 10, "Orchestrator", null, null },
            { "mo-06-baikal.json", 16, "WebSurfer", null, null },
            { "gc-01-street-trees.json", 6, "DataAnalysis_Expert", null, null },
            { "gc-02-bitcoin-halving.json", 8, "Verification_Expert", null, null },
            { "gc-03-pixar-oscars.json", 0, "Film_Expert", null, null },
            { "gc-04-coffee-exports.json", 6, "Commodity_Expert", null, null },
            { "gc-05-wiki-edits.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-06-gutenberg-verne.json", 11, "Literature_Expert", null, null },
        };
    }

    [Fact]
    public void An_opening_that_restates_the_question_without_its_year_sends_the_team_after_another()
    {
        const string file = "gc-03-pixar-oscars.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "Film_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "2010");

        // The restatement keeps the year: the team was asked the task's question.
        var kept = Fixture.Edited(Folder, file, ("Determine how many Pixar feature films have won", "Determine how many Pixar feature films released before 2010 have won"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-constraint" && f.Span.Agent == "Film_Expert");
    }

    [Fact]
    public void A_step_that_settles_on_one_page_of_a_counted_list_stopped_short()
    {
        const string file = "gc-06-gutenberg-verne.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("partial-page", "Literature_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "count: 41");

        // The printout's total is the page's own count: nothing was left unread.
        var whole = Fixture.Edited(Folder, file, ("count: 41", "count: 32"), ("'count' of 41", "'count' of 32"), ("The API reports 41 matching books", "The API reports 32 matching books"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == "partial-page");

        // A program's setting is how it runs, not a fact it states; a number of the same shape outside code, or assigned to
        // a variable of the data, is.
        const string code = "Fetching it.\n```python\nr = requests.get(url, timeout=30)\ntime.sleep(3)\nyear = 1930\n```";
        Assert.True(UnsupportedFactDetector.CodeSetting(code, code.IndexOf("30)", StringComparison.Ordinal)));
        Assert.False(UnsupportedFactDetector.CodeSetting(code, code.IndexOf("1930", StringComparison.Ordinal)));
        Assert.False(UnsupportedFactDetector.CodeSetting("Use timeout=30 next time.", 12));
    }

    [Fact]
    public void With_the_expected_answer_a_value_seen_before_the_right_one_is_not_what_replaced_it()
    {
        const string file = "gc-02-bitcoin-halving.json";
        var a = AttributionEngine.Default.Attribute(Fixture.Load(Folder, file), new AttributionRequest { ExpectedAnswer = "1402" });
        Assert.Equal((AttributionBasis.ExpectedAnswer, "Verification_Expert"), (a.Basis, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "12 May 2020");
    }

    [Fact]
    public void An_instruction_back_to_the_tasks_source_ends_what_a_detour_explains()
    {
        const string file = "mo-06-baikal.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("WebSurfer", a.Cited?.Agent);
        Assert.Contains(a.Evidence, e => e.Quote == "1,637 metres");

        // The click names no source: the team is still where the detour sent it.
        var detour = Fixture.Edited(Folder, file, ("Please click the 'Lake Baikal - Wikipedia' result and report the infobox.", "Please click the first result and report what it says."));
        var redirected = AttributionEngine.Default.Attribute(detour);
        Assert.Equal(("dropped-constraint", "Orchestrator"), (redirected.Detector, redirected.Cited?.Agent));
    }

    [Fact]
    public void A_list_taken_as_had_from_a_page_shown_in_part_stopped_short()
    {
        const string file = "mo-05-pulitzer.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("partial-page", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "The viewport shows 4% of the webpage");

        // The ledger knows the list is partial: it takes nothing as had.
        var partial = Fixture.Edited(Folder, file, ("The 1980s winners have been retrieved from Wikipedia", "Only part of the 1980s winners is visible on Wikipedia"),
            ("All that remains is counting the women authors.", "The rest of the table is still to be read."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(partial), f => f.Detector == "partial-page");
    }

    [Fact]
    public void A_value_under_a_numbered_siblings_heading_given_for_the_tasks_own_is_misread()
    {
        const string file = "mo-01-voyager.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("sibling-entity", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Voyager 2");

        // The panel is the task's own: the date under it is its own.
        var own = Fixture.Edited(Folder, file, ("""\nVoyager 2\nSpace probe""", """\nVoyager 1\nSpace probe"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(own), f => f.Detector == "sibling-entity");
    }
}
