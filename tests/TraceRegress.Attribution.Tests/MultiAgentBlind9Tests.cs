namespace TraceRegress.AttributionTests;

/// <summary>
/// A ninth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs (22 to 38 turns) and six CaptainAgent group chats (10 to 12 turns), half in the
/// flat span layout and half in OTLP. Every run carries error noise that is not the mistake (404 pages, a CAPTCHA,
/// missing modules, a CSV parser error); four decisive steps state no number.
/// <para>
/// Measured on arrival (step right / agent right, of 12, same in both modes): 3/12 step, 7/12 agent. After changes made
/// on principle, each with the case where it must not fire: 6/12 step, 8/12 agent in both modes. The changes: a worker
/// that shows an infobox row ("Total length: 1,146 m") and in the same turn ties the figure to another row's label ("a
/// main span of 1,146 m") misread it there, and the coordinator's right arithmetic on it is traced to that turn; a page
/// of a longer list a worker showed ("Showing 1 to 25 of 41 grants") that the next step went on from without asking for
/// the rest; a worker told to open one file that opened another (by name, or by the words of a listed file's name). Each
/// miss is pinned with what is cited instead and why no rule reaches it. Later rules: a labelled result anywhere in a
/// script's output, and a unit the plan states for the data that the data's own header contradicts ("are given in
/// kilometres" where the file says "Distances in miles"): 7/12 step, 9/12 agent in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind9Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind9";

    protected override int MagenticOneTurns => 20;

    protected override int GroupChatTurns => 9;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string women = "1 Orchestrator: the record's time (1:02:47) is a clock reading, no fact the rules trace, so the first step that worked on the task is cited; the ledger's instruction left out \"women's\", which the search page still showed";
        const string thousands = "13 FileSurfer: the total (3,482) stands in the table the file surfer showed; its footnote \"in thousands of tonnes\" is a scale the rules do not apply to the table's figures";
        const string registration = "9 Coder: the earlier ValueError is the only error left standing; switching to the first_registered column is a choice of column the rules do not compare with the instruction";
        const string utc = "4 Python_Programming_Expert: \"the timestamps are New Zealand local time\" is an assumption in words with no figure; the count first stands where the next expert's code printed it";
        const string merge = "7 DataAnalysis_Expert: a join on a key the printed metadata lists twice is no fact the rules read; the doubled count is traced to the script whose labelled result first printed it";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "magentic-one-search-drops-the-womens-record.json", 2, "Orchestrator", women, women },
            { "magentic-one-reads-thousands-of-tonnes-as-tonnes.json", 18, "Orchestrator", thousands, thousands },
            { "magentic-one-coder-counts-by-registration-year.json", 17, "Coder", registration, registration },
            { "magentic-one-stops-at-page-one-of-the-register.json", 26, "Orchestrator", null, null },
            { "magentic-one-websurfer-swaps-span-and-length.json", 21, "WebSurfer", null, null },
            { "magentic-one-filesurfer-opens-the-north-gate-file.json", 9, "FileSurfer", null, null },
            { "groupchat-between-drops-the-last-day-of-january.json", 5, "Python_Expert", null, null },
            { "groupchat-treats-utc-order-times-as-local.json", 3, "Retail_Analytics_Expert", utc, utc },
            { "groupchat-merge-doubles-the-relocated-gauge.json", 5, "DataAnalysis_Expert", merge, merge },
            { "groupchat-verifier-switches-to-the-financial-year.json", 7, "Verification_Expert", null, null },
            { "groupchat-reports-the-median-wait-as-the-mean.json", 7, "Statistics_Expert", null, null },
            { "groupchat-plan-takes-stage-miles-for-kilometres.json", 0, "Hiking_Trail_Expert", null, null },
        };
    }

    [Fact]
    public void A_figure_a_worker_ties_to_another_rows_label_than_the_page_gives_it_is_misread_there()
    {
        const string file = "magentic-one-websurfer-swaps-span-and-length.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Contains(a.Evidence, e => e.Quote == "Total length: 1,146 m (3,760 ft)");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("a main span of 1,146 m", StringComparison.Ordinal));

        // The same turn reading the infobox rightly: the worker relayed it, and no turn misread it in place.
        var faithful = Fixture.Edited(Folder, file, ("a main span of 1,146 m and a total length of 462 m", "a total length of 1,146 m and a main span of 462 m"));
        var b = AttributionEngine.Default.Attribute(faithful);
        Assert.DoesNotContain(b.Evidence, e => e.Quote == "Total length: 1,146 m (3,760 ft)");
    }

    [Fact]
    public void A_page_of_a_longer_list_the_team_went_on_from_is_where_it_went_wrong_unless_the_next_page_was_shown()
    {
        const string file = "magentic-one-stops-at-page-one-of-the-register.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("partial-page", a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote == "Showing 1 to 25 of 41");

        // The whole list on one page.
        var whole = Fixture.Edited(Folder, file, ("Showing 1 to 25 of 41", "Showing 1 to 41 of 41"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == "partial-page");
    }

    [Fact]
    public void A_worker_that_opened_another_file_than_it_was_told_is_cited_unless_it_opened_the_right_one_straight_after()
    {
        const string file = "magentic-one-filesurfer-opens-the-north-gate-file.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("wrong-file", a.Detector);
        Assert.Contains("north_east_gate_2023.csv", a.Summary, StringComparison.Ordinal);

        // Told to open the file it opened.
        var right = Fixture.Edited(Folder, file, ("Open the North-East Gate counter's file", "Open the North Gate counter's file"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-file");

        // By its name, in the eighth batch: the March minutes opened for the May ones.
        var minutes = Fixture.Attribute("multiagent-blind8", "magentic-one-filesurfer-opens-the-march-minutes.json");
        Assert.Equal("wrong-file", minutes.Detector);
    }

    [Fact]
    public void A_unit_a_step_states_for_the_data_that_the_data_contradict_is_where_the_run_went_wrong()
    {
        const string file = "groupchat-plan-takes-stage-miles-for-kilometres.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("assumed-unit", a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote == "Distances in miles");

        // The data in the unit the plan states: nothing contradicts it.
        var agrees = Fixture.Edited(Folder, file, ("Distances in miles", "Distances in kilometres"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == "assumed-unit");
    }
}
