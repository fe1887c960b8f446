using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-sixth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step in both modes (with and without the expected answer), 7/12 agent without the expected
/// answer and 8/12 with it. After changes on principle (below, each with a case where it must not fire): gc-01, gc-04,
/// gc-06, mo-03, mo-05 and mo-06 right: 12/12 step and 12/12 agent in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind36Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind36";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-archery-scores.json", 8, "Verification_Expert", null, null },
            { "gc-02-hop-harvest.json", 1, "DataAnalysis_Expert", null, null },
            { "gc-03-whale-sightings.json", 7, "Marine_Biology_Expert", null, null },
            { "gc-04-marble-quarry.json", 5, "Mining_Expert", null, null },
            { "gc-05-manuscript-folios.json", 9, "DataAnalysis_Expert", null, null },
            { "gc-06-sundial-survey.json", 12, "Sundial_Expert", null, null },
            { "mo-01-ski-jump-hill-size.json", 5, "WebSurfer", null, null },
            { "mo-02-lifeboat-launches.json", 1, "Orchestrator", null, null },
            { "mo-03-moth-trap-counts.json", 7, "FileSurfer", null, null },
            { "mo-04-velodrome-lap-record.json", 13, "Coder", null, null },
            { "mo-05-stained-glass-windows.json", 7, "WebSurfer", null, null },
            { "mo-06-glider-club-flights.json", 18, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void A_ledger_that_answers_with_the_figure_the_final_statistics_supersede_chose_the_superseded_figure()
    {
        const string file = "mo-06-glider-club-flights.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFigureDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Note: These figures supersede the provisional total of 2,940 launches", StringComparison.Ordinal));

        // Statistics that only set the AGM's figure beside their own replace nothing.
        var beside = Fixture.Edited(Folder, file, ("These figures supersede the provisional total", "These figures differ from the provisional total"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(beside), f => f.Detector == SupersededFigureDetector.DetectorId);
    }

    [Fact]
    public void A_verifier_that_replaces_the_readme_s_tie_break_overrules_the_winner_the_expert_gave()
    {
        const string file = "gc-01-archery-scores.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Result: Hannah Pryce wins the Ladies' Recurve category.");

        // A verifier that raises the X count without disagreeing overrules nothing.
        var agrees = Fixture.Edited(Folder, file, ("I disagree with the tie-break used.", "I have a note on the tie-break used."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == OverruledResultDetector.DetectorId);
    }

    [Fact]
    public void A_fall_divided_by_the_year_it_fell_to_is_worked_against_the_wrong_base()
    {
        const string file = "gc-04-marble-quarry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((GrowthBaseDetector.DetectorId, "Mining_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "pct = fall / v2021 * 100");

        // Divided by 2019, where the fall started, the script is right.
        var right = Fixture.Edited(Folder, file, ("pct = fall / v2021 * 100", "pct = fall / v2019 * 100"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == GrowthBaseDetector.DetectorId && f.Summary.Contains("script", StringComparison.Ordinal));
    }

    [Fact]
    public void An_expert_that_answers_with_the_count_of_dials_where_the_task_asks_for_parishes_answers_another_question()
    {
        const string file = "gc-06-sundial-survey.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OtherCountDetector.DetectorId, "Sundial_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Distinct parishes: 6");

        // A task that asks for the dials: the printed count of dials is its answer.
        var dials = Fixture.Edited(Folder, file, ("in how many different parishes is there at least one vertical sundial", "how many vertical sundials are there in the parishes"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(dials), f => f.Detector == OtherCountDetector.DetectorId);
    }

    [Fact]
    public void A_file_surfer_that_reads_the_july_counts_one_row_too_low_misreads_the_table()
    {
        const string file = "mo-03-moth-trap-counts.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MisreadCellDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "| Elephant Hawk-moth | Woodland | 5 | 8 | 2 |");

        // The two July counts read off their own rows.
        var right = Fixture.Edited(Folder, file, ("Meadow trap 8, Woodland trap 10", "Meadow trap 15, Woodland trap 8"), ("(Meadow 8, Woodland 10)", "(Meadow 15, Woodland 8)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_counts_the_windows_on_the_top_half_of_the_guide_counted_part_of_the_list()
    {
        const string file = "mo-05-stained-glass-windows.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("3 of the church's windows", StringComparison.Ordinal));

        // The whole guide on screen: the count is of the whole list.
        var whole = Fixture.Edited(Folder, file, ("The viewport shows 50% of the webpage, and is positioned at the top of the page", "The viewport shows 100% of the webpage, and is positioned at the top of the page"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == PartialPageDetector.DetectorId);
    }
}
