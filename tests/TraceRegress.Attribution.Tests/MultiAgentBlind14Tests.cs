namespace TraceRegress.AttributionTests;

/// <summary>
/// A fourteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in OTLP, each with
/// error noise that is not the mistake.
/// <para>
/// Measured on arrival (with every rule of the thirteenth batch and the tenth blind set already in): without the expected
/// answer 5/12 step, 6/12 agent; with it 6/12 step, 7/12 agent. After one change made on principle (below): a lookup join
/// whose printed row count grew (36 rows before, 42 after) joined on a key that is not unique: without 6/12 step, 7/12
/// agent; with 7/12 step, 8/12 agent. Then a page a browsing worker showed about a namesake in another state (the task's
/// library is in Davisburg, Michigan; the page's address is in Erdenheim, PA): without 7/12 step, 8/12 agent; with 8/12
/// step, 9/12 agent. Then a coordinator that waives the checks it planned where the answer is decided ("no further checks
/// are needed", a rule made for the fifteenth batch): without 8/12 step, 9/12 agent; with 9/12 step, 10/12 agent. Each
/// miss is pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind14Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind14";

    protected override int MagenticOneTurns => 8;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string permit = "4 Python_Expert: a verifier that overturns the right date by leaving out a holiday is a correction the rules cannot judge without the right answer; the first date written is cited";
        const string coerce = "1 Data_Analysis_Expert: finishers over an hour dropped by parsing with errors=\"coerce\" are rows lost silently, which no rule counts; an earlier failed read of the file is cited";
        const string ferry = "5 Computer_terminal: a footnote that limits a sailing to Fridays and Saturdays is a qualifier of a timetable row no rule reads; with no content finding left (a scraper's timeout is a setting, no fact), a failed code run the team got past is the only signal";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-library-summer-hours.json", 5, "WebSurfer", null, null },
            { "mo-02-city-budget-fy.json", 1, "Orchestrator", null, null },
            { "mo-03-bikeshare-long-rides.json", 16, "Coder", null, null },
            { "mo-04-vegan-tasting-menu.json", 14, "Orchestrator", null, null },
            { "mo-05-lighthouse-automation.json", 3, "WebSurfer", null, null },
            { "mo-06-trail-length-km.json", 9, "Coder", null, null },
            { "gc-01-regional-sales.json", 8, "Data_Analysis_Expert", null, null },
            { "gc-02-recycling-rate-change.json", 6, "Environmental_Data_Expert", null, null },
            { "gc-03-permit-deadline.json", 7, "Verification_Expert", permit, null },
            { "gc-04-museum-artist.json", 0, "Art_Collections_Expert", null, null },
            { "gc-05-race-average-time.json", 5, "Python_Expert", coerce, coerce },
            { "gc-06-ferry-last-sunday.json", 3, "Transit_Schedule_Expert", ferry, ferry },
        };
    }

    [Fact]
    public void A_lookup_join_that_grew_the_rows_joined_on_a_key_that_is_not_unique()
    {
        const string file = "gc-01-regional-sales.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("merge-grew-rows", "Data_Analysis_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains(".merge(stores[[\"store_name\", \"region\"]], on=\"store_name\"", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("merged rows: 42", StringComparison.Ordinal));

        // The same join keeping its rows: one region per store name.
        var kept = Fixture.Edited(Folder, file, ("merged rows: 42", "merged rows: 36"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "merge-grew-rows");
    }

    [Fact]
    public void A_page_about_a_namesake_in_another_state_is_where_the_team_read_the_wrong_hours()
    {
        const string file = "mo-01-library-summer-hours.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("other-place", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Erdenheim, PA 19038");
        Assert.Contains(a.Evidence, e => e.Quote == "Davisburg, Michigan");

        // The library of the task's own town.
        var own = Fixture.Edited(Folder, file, ("Erdenheim, PA 19038", "Davisburg, MI 48350"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(own), f => f.Detector == "other-place");
    }
}
