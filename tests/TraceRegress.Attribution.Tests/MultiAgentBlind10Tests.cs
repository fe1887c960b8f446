namespace TraceRegress.AttributionTests;

/// <summary>
/// A tenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs (18 to 37 turns) and six CaptainAgent group chats (9 to 16 turns), half in the
/// flat span layout and half in OTLP. Every run carries error noise that is not the mistake (404s, a cookie banner,
/// timeouts, failed installs, tracebacks that get fixed); three decisive steps state no number.
/// <para>
/// Measured on arrival (step right / agent right, of 12, same in both modes): 5/12 step, 7/12 agent. After one change
/// made on principle (a plan's educated guess that a later turn states as fact, "the fact sheet already establishes
/// that the lift opened in 1896", and that a computation then uses, entered where it was stated as fact): 6/12 step,
/// 8/12 agent in both modes. Then a value a script printed on a labelled line is its result wherever else the output
/// shows it (a data frame's shape, "(6416, 5)", printed above "Scans logged: 6416"): 7/12 step, 9/12 agent without the
/// expected answer. Each miss is pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind10Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind10";

    protected override int MagenticOneTurns => 17;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string namesake = "9 WebSurfer: the figures the answer is worked out from first stand on the search page the surfer showed; the click into the other country's namesake is not told apart from it";
        const string dueDate = "21 Coder: the script matched rates on the wrong date column, a choice of column the rules do not compare with the instruction; the later fix that printed the total is cited";
        const string bar = "33 Orchestrator: a chart bar read against the wrong axis is no fact the rules trace; the figure is traced to the ledger that first stated it, one step after the surfer's reading";
        const string headersWith = "30 Orchestrator: a count of rows that includes repeated header lines is no fact the rules read; with the expected answer, the ledger where the right count was lost is cited";
        const string phantom = "12 Python_Expert: a verifier's claim in words that the file ends with a summary row states no figure; the count first stands where the next script printed it";
        const string phantomWith = "12 Python_Expert: a verifier's claim in words that the file ends with a summary row states no figure; with the expected answer, the script whose labelled result lost the right count is cited";
        const string offline = "1 DataAnalysis_Expert: a plan that counts offline days as zero is an assumption in words; the first code that followed it is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "magentic-one-websurfer-clicks-the-ontario-namesake.json", 13, "WebSurfer", namesake, namesake },
            { "magentic-one-orchestrator-promotes-its-guessed-opening-year.json", 14, "Orchestrator", null, null },
            { "magentic-one-coder-converts-at-the-due-date-rate.json", 13, "Coder", dueDate, dueDate },
            { "magentic-one-plan-counts-the-first-festival-twice.json", 1, "Orchestrator", null, null },
            { "magentic-one-websurfer-reads-the-bar-against-the-income-axis.json", 32, "WebSurfer", bar, bar },
            { "magentic-one-coder-counts-the-repeated-header-lines.json", 9, "Coder", null, headersWith },
            { "groupchat-rejected-share-taken-over-valid-votes.json", 3, "DataAnalysis_Expert", null, null },
            { "groupchat-verifier-drops-a-phantom-summary-row.json", 11, "Verification_Expert", phantom, phantomWith },
            { "groupchat-east-midlands-filtered-on-the-west-midlands-code.json", 5, "DataAnalysis_Expert", null, null },
            { "groupchat-busiest-branch-picked-from-text-sorted-visits.json", 5, "Data_Analysis_Expert", null, null },
            { "groupchat-plan-fills-offline-days-with-zero.json", 0, "AirQuality_Expert", offline, offline },
            { "groupchat-hand-copied-october-rainfall-transposed.json", 9, "Python_Expert", null, null },
        };
    }

    [Fact]
    public void A_guess_stated_as_fact_before_a_computation_used_it_entered_where_it_was_stated_so()
    {
        const string file = "magentic-one-orchestrator-promotes-its-guessed-opening-year.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("Orchestrator", a.Cited!.Agent);
        Assert.Contains(a.Evidence, e => e.Quote == "1896");

        // No turn states the guess as fact before the script that used it: the script's author took it from the plan.
        var unstated = Fixture.Edited(Folder, file,
            ("the fact sheet already establishes that the Ferncliff Lift opened in 1896, the year the Saltmouth pier was extended; the opening year is therefore known", "the opening year is in the fact sheet"),
            ("opening of the Ferncliff Lift in 1896 and", "opening of the Ferncliff Lift and"));
        Assert.Equal("Coder", AttributionEngine.Default.Attribute(unstated).Cited?.Agent);
    }

    [Fact]
    public void A_value_on_a_labelled_line_is_the_scripts_result_though_the_output_shows_it_elsewhere_first()
    {
        const string file = "magentic-one-coder-counts-the-repeated-header-lines.json";
        Assert.Equal("Coder", Fixture.Attribute(Folder, file).Cited?.Agent);

        // The count shown only as a data frame's shape, in a long printout: whoever restated it picked it.
        var unlabelled = Fixture.Edited(Folder, file, ("Scans logged: 6416", "6416 rows"));
        Assert.NotEqual("Coder", AttributionEngine.Default.Attribute(unlabelled).Cited?.Agent);
    }

    [Fact]
    public void A_row_taken_in_place_of_the_one_the_task_names_is_cited()
    {
        const string file = "groupchat-rejected-share-taken-over-valid-votes.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("passed-over-row", "DataAnalysis_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("7            Total ballot papers counted", StringComparison.Ordinal));

        // The row the task names is the one taken.
        var right = Fixture.Edited(Folder, file, ("""df.loc[\\\"Total valid votes\\\", \\\"value\\\"]""", """df.loc[\\\"Total ballot papers counted\\\", \\\"value\\\"]"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "passed-over-row");
    }
}
