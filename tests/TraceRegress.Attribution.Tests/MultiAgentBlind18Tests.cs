using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// An eighteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step, agent and span) before the engine was run on them, by a writer who had read neither
/// the engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each run with error noise that is not the mistake.
/// <para>
/// Measured on arrival (with the working-day rule of this session already in): 5/12 step, 7/12 agent without the expected
/// answer, 6/12 and 8/12 with it. After changes on principle, each with the case where it must not fire (below): a table
/// keyed by period in its first column read on the neighbouring row; a value a bar-drawn table gives on another entity's
/// row given for the entity named; a search's query terms are what it looks for, not statements; a search engine asked
/// for the task's source by its own name is no other source; a fixed UTC offset in code that no source states; a code
/// runner's arguments that name only the language record no call: 9/12 step, 10/12 agent in both modes. Then a value an
/// expert settles "from my own knowledge" against what the team's searches tie to the same word: 10/12 and 11/12. Then a
/// restated plan that says nothing of the task's rule for counting ("Count each chamber of a staircase lock as a separate
/// lock"): 11/12 and 12/12. Then a page or title an instruction sends someone to look at is a place to look, not a
/// statement, and a browser link that answered 404 is got past when a later visit loads a page: 12/12 in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind18Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind18";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-chess-olympiad.json", 5, "WebSurfer", null, null },
            { "mo-02-seed-bank-deposits.json", 10, "Coder", null, null },
            { "mo-03-volcanic-eruptions.json", 1, "Orchestrator", null, null },
            { "mo-04-christmas-stamp-issue.json", 11, "Orchestrator", null, null },
            { "mo-05-glacier-retreat.json", 7, "WebSurfer", null, null },
            { "mo-06-observatory-night-log.json", 13, "Coder", null, null },
            { "gc-01-orchestra-premiere.json", 3, "Music_Historian_Expert", null, null },
            { "gc-02-cricket-scorecard.json", 6, "DataAnalysis_Expert", null, null },
            { "gc-03-nobel-lecture.json", 12, "Verification_Expert", null, null },
            { "gc-04-canal-locks.json", 0, "Canal_Heritage_Expert", null, null },
            { "gc-05-cathedral-bells.json", 9, "DataAnalysis_Expert", null, null },
            { "gc-06-tram-networks.json", 5, "Transport_History_Expert", null, null },
        };
    }

    [Fact]
    public void A_table_keyed_by_period_read_on_the_neighbouring_row_is_misread()
    {
        const string file = "mo-05-glacier-retreat.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("−38", StringComparison.Ordinal) && e.Quote.StartsWith("2018", StringComparison.Ordinal));

        // The 2019 row holds what the surfer read: the reading is right.
        var right = Fixture.Edited(Folder, file, ("Sep 2018 – Sep 2019  −23  −1,428", "Sep 2018 – Sep 2019  −38  −1,405"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "misread-cell");
    }

    [Fact]
    public void A_search_engine_asked_for_the_tasks_source_by_name_is_no_other_source()
    {
        const string file = "mo-05-glacier-retreat.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint" && f.Summary.Contains("Bing", StringComparison.Ordinal));

        // A search that does not name the source looks elsewhere.
        var elsewhere = Fixture.Edited(Folder, file, ("Search Bing for 'GLAMOS Rhonegletscher length change'", "Search Bing for 'Rhonegletscher length change'"));
        Assert.Contains(AttributionEngine.Default.Detect(elsewhere), f => f.Detector == "dropped-constraint" && f.Summary.Contains("Bing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_on_another_entitys_row_given_for_the_entity_named_is_misread()
    {
        const string file = "gc-06-tram-networks.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "Transport_History_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Glasgow Corporation Tramways", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("16 November 1956", StringComparison.Ordinal));

        // The table gives Edinburgh that date too: the reading is right.
        var same = Fixture.Edited(Folder, file, ("Edinburgh Corporation Tramways | horse, cable, electric | 1871 | 16 November 1956", "Edinburgh Corporation Tramways | horse, cable, electric | 1871 | 4 September 1962"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == "misread-cell");
    }

    [Fact]
    public void A_searchs_query_terms_are_no_statements()
    {
        // "Edinburgh Trams opened to passengers date 2014" is what the code looks for.
        const string file = "gc-06-tram-networks.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "2014"));

        // Outside the query the year is the expert's own.
        var stated = Fixture.Edited(Folder, file, ("The search API timed out. Retrying,", "The line opened in 2014. The search API timed out. Retrying,"));
        Assert.Contains(AttributionEngine.Default.Detect(stated), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "2014"));
    }

    [Fact]
    public void A_fixed_offset_in_code_that_no_source_states_is_cited_where_it_was_written()
    {
        const string file = "mo-06-observatory-night-log.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-offset", "Coder"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("timedelta(hours=-3)", StringComparison.Ordinal));

        // The offset the instruction gives: no finding.
        var right = Fixture.Edited(Folder, file, ("timezone(timedelta(hours=-3))", "timezone(timedelta(hours=-4))"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-offset");
    }

    [Fact]
    public void A_code_runners_calls_that_name_only_the_language_are_no_repeated_call()
    {
        const string file = "gc-05-cathedral-bells.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "repeated-tool-call");

        // Arguments that say what was run, the same each time, are a repeated call.
        var same = Fixture.Edited(Folder, file, ("{\\\"language\\\": \\\"python\\\"}", "{\\\"language\\\": \\\"python\\\", \\\"code\\\": \\\"print(1)\\\"}"));
        Assert.Contains(AttributionEngine.Default.Detect(same), f => f.Detector == "repeated-tool-call");
    }

    [Fact]
    public void A_value_settled_from_memory_against_the_sources_is_cited_where_it_was_remembered()
    {
        const string file = "gc-01-orchestra-premiere.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("memory-over-evidence", "Music_Historian_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("1822", StringComparison.Ordinal));

        // The sources give the remembered year: memory agrees with them.
        var agreed = Fixture.Edited(Folder, file, ("composed in 1822", "composed in 1823"), ("Composed: 1822", "Composed: 1823"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agreed), f => f.Detector == "memory-over-evidence");
    }

    [Fact]
    public void A_plan_that_says_nothing_of_the_tasks_rule_for_counting_is_cited()
    {
        const string file = "gc-04-canal-locks.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-count-rule", "Canal_Heritage_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Count each chamber", StringComparison.Ordinal));

        // A plan that speaks of the staircase chambers kept the rule in view.
        var kept = Fixture.Edited(Folder, file, ("Each row of the file is one lock.", "A staircase row counts once per chamber."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-count-rule");
    }

    [Fact]
    public void A_value_taken_from_a_sentence_that_matches_the_task_less_than_another_is_found_where_it_was_settled()
    {
        const string file = "mo-04-christmas-stamp-issue.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        var closer = Assert.Single(findings, f => f.Detector == "closer-sentence");
        Assert.Equal("Orchestrator", closer.Span.Agent);
        Assert.Contains(closer.Evidence, e => e.Quote.Contains("Royal Mail issued its first Christmas stamps on 1 December 1966", StringComparison.Ordinal));

        // Without the United Kingdom's sentence nothing read matches the task better.
        var without = Fixture.Edited(Folder, file, ("In the United Kingdom, the Royal Mail issued its first Christmas stamps on 1 December 1966", "Later issues followed"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(without), f => f.Detector == "closer-sentence");
    }

    [Fact]
    public void A_link_that_answered_404_is_got_past_when_a_later_visit_loads_a_page()
    {
        const string file = "mo-04-christmas-stamp-issue.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("closer-sentence", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        var click = Assert.Single(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "http-status");
        Assert.Equal(0.45, click.Confidence);
        Assert.Contains("visit_url", click.Summary, StringComparison.Ordinal);

        // The visit failed too: nothing got past the 404.
        var failed = Fixture.Edited(Folder, file, ("\"stringValue\": \"Loaded page (HTTP 200).\"", "\"stringValue\": \"Page returned HTTP 404.\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(failed), f => f.Detector == "http-status" && f.Confidence <= 0.45);

        // A later call of a tool that loads no page does not get past it.
        var reader = Fixture.Edited(Folder, file, ("visit_url", "read_cached_copy"));
        Assert.Contains(AttributionEngine.Default.Detect(reader), f => f.Detector == "http-status" && f.Confidence > 0.45);
    }

    [Fact]
    public void A_page_an_instruction_sends_someone_to_is_a_place_to_look_not_a_statement()
    {
        const string plan = "- WebSurfer: search for the year.\n- Confirm the year from a second reliable source (e.g. Wikipedia 'Christmas stamp', UK section).\n";
        Assert.True(LookupTargets.Within(plan, plan.IndexOf("'Christmas stamp'", StringComparison.Ordinal)));
        const string ledger = "\"answer\": \"Open https://en.wikipedia.org/wiki/Christmas_stamp and report what it says.\"";
        Assert.True(LookupTargets.Within(ledger, ledger.IndexOf("https://", StringComparison.Ordinal)));
        const string polite = "Done. Please visit https://example.org/a next.";
        Assert.True(LookupTargets.Within(polite, polite.IndexOf("https://", StringComparison.Ordinal)));

        // A sentence that says what a page holds states it.
        const string said = "The article https://en.wikipedia.org/wiki/Christmas_stamp says 1898. Its title is 'Christmas stamp'.";
        Assert.False(LookupTargets.Within(said, said.IndexOf("https://", StringComparison.Ordinal)));
        Assert.False(LookupTargets.Within(said, said.IndexOf("'Christmas stamp'", StringComparison.Ordinal)));
        // The verb must come before the name.
        const string after = "So 'Christmas stamp' is the page to open.";
        Assert.False(LookupTargets.Within(after, after.IndexOf('\'')));
    }
}
