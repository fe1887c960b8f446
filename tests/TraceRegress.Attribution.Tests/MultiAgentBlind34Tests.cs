using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-fourth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for multiagent-blind32 and 33 already in): without
/// the expected answer 6/12 step and 7/12 agent, with it 7/12 and 8/12. After changes on principle (below, each with a
/// case where it must not fire): 9/12 step and 10/12 agent in both modes. A later session's plan rule (a fact sheet that
/// drops the task's "1900", which no instruction brings back) takes the herbarium run: 10/12 step and 11/12 agent. The
/// misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind34Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind34";

    protected override int MagenticOneTurns => 14;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string hail = "6 DataAnalysis_Expert: observer reports counted as hail days where the task counts distinct dates is a count of rows for a count of days, which no rule tells apart; the turn whose printout first gave the count is cited";
        const string crater = "3 WebSurfer: the Martian crater of the same name taken for the lunar one is a namesake told apart by the body it lies on, a word the task writes in lower case (\"the Moon\"); the surfer's first page that gave the figure is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-solar-panel-installs.json", 8, "DataAnalysis_Expert", null, null },
            { "gc-02-mushroom-foray.json", 2, "Mycology_Expert", null, null },
            { "gc-03-theatre-run-length.json", 11, "Verification_Expert", null, null },
            { "gc-04-wildfire-area.json", 6, "Fire_Ecology_Expert", null, null },
            { "gc-05-space-debris.json", 4, "Statistics_Expert", null, null },
            { "gc-06-hailstone-records.json", 8, "Meteorology_Expert", hail, hail },
            { "mo-01-herbarium-specimens.json", 1, "Orchestrator", null, null },
            { "mo-02-organ-pipes.json", 13, "FileSurfer", null, null },
            { "mo-03-tree-rings.json", 7, "WebSurfer", null, null },
            { "mo-04-moon-craters.json", 5, "WebSurfer", crater, crater },
            { "mo-05-wetland-ramsar.json", 14, "Orchestrator", null, null },
            { "mo-06-ice-core-depth.json", 19, "Coder", null, null },
        };
    }

    [Fact]
    public void A_verifier_that_argues_away_the_count_the_expert_concluded_overrules_it()
    {
        const string file = "gc-03-theatre-run-length.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "total: 412");

        // One that agrees overrules nothing.
        var agrees = Fixture.Edited(Folder, file, ("I have to disagree with the final step.", "I agree with the final step."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == OverruledResultDetector.DetectorId);
    }

    [Fact]
    public void A_file_reader_that_gives_the_next_rows_figures_below_the_table_misread_it()
    {
        const string file = "mo-02-organ-pipes.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MisreadCellDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));

        // The row read right.
        var right = Fixture.Edited(Folder, file, ("reads Hill, Norman & Beard, 1958, 2 manuals, 27 stops, 1,587 speaking pipes", "reads Harrison & Harrison, 1911, 3 manuals, 38 stops, 2,146 speaking pipes"),
            ("organ therefore has 1,587 speaking pipes", "organ therefore has 2,146 speaking pipes"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId && f.Span.Agent == "FileSurfer");
    }

    [Fact]
    public void A_sheet_another_replaces_by_its_year_is_the_superseded_one()
    {
        const string file = "mo-05-wetland-ramsar.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFileDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));

        // A description that replaces nothing says nothing of the older sheet.
        var alongside = Fixture.Edited(Folder, file, ("Replaces the 2009 RIS.", "Published alongside the 2009 RIS."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(alongside), f => f.Detector == SupersededFileDetector.DetectorId && f.Summary.Contains("RIS_1187_2009.pdf out of date", StringComparison.Ordinal));
    }
}
