using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-fifth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for blind32's single-agent runs already in): 4/12
/// step and 7/12 agent in both modes (with and without the expected answer). After changes on principle (below, each
/// with a case where it must not fire): 11/12 step and 12/12 agent in both modes; with the next day's superseded-figure
/// rule (a worker that brings back a figure the README says v2 corrects), 12/12 and 12/12.
/// </para>
/// </summary>
public class MultiAgentBlind35Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind35";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-snowfall-totals.json", 10, "DataAnalysis_Expert", null, null },
            { "gc-02-baking-contest.json", 12, "Verification_Expert", null, null },
            { "gc-03-speed-cameras.json", 9, "RoadSafety_Expert", null, null },
            { "gc-04-grain-silos.json", 1, "Statistics_Expert", null, null },
            { "gc-05-animation-festival.json", 8, "Python_Expert", null, null },
            { "gc-06-aquarium-visitors.json", 5, "MarineTourism_Expert", null, null },
            { "mo-01-distillery-openings.json", 1, "Orchestrator", null, null },
            { "mo-02-waterfall-drops.json", 7, "WebSurfer", null, null },
            { "mo-03-cave-survey-length.json", 11, "Coder", null, null },
            { "mo-04-derby-winner.json", 3, "WebSurfer", null, null },
            { "mo-05-post-office-closures.json", 9, "FileSurfer", null, null },
            { "mo-06-cableway-lengths.json", 14, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void A_verifier_that_argues_the_bonus_away_overrules_the_printed_winner()
    {
        const string file = "gc-02-baking-contest.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Bread winner: Priya Nandakumar 26.5");

        // A verifier that keeps the bonus overrules nothing.
        var agrees = Fixture.Edited(Folder, file, ("so the bonus must not be added here", "so the bonus is added here"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == OverruledResultDetector.DetectorId);
    }

    [Fact]
    public void A_count_taken_from_a_publication_nobody_opened_against_the_report_is_memory_over_evidence()
    {
        const string file = "gc-03-speed-cameras.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MemoryOverEvidenceDetector.DetectorId, "RoadSafety_Expert"), (a.Detector, a.Cited?.Agent));

        // The figure the report gives is no memory against it.
        var same = Fixture.Edited(Folder, file, ("has 44 fixed camera sites", "has 37 fixed camera sites"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == MemoryOverEvidenceDetector.DetectorId);
    }

    [Fact]
    public void A_substring_that_keeps_the_short_film_grand_prix_beside_the_feature_one_is_the_wrong_filter()
    {
        const string file = "gc-05-animation-festival.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SubstringFilterDetector.DetectorId, "Python_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Grand Prix (Short)");

        // A task that asks for every Grand Prix names neither, and the substring keeps what it asks.
        var every = Fixture.Edited(Folder, file, ("Grand Prix for feature film won", "Grand Prix won"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(every), f => f.Detector == SubstringFilterDetector.DetectorId);
    }

    [Fact]
    public void The_largest_school_group_month_is_another_question_than_the_busiest_month()
    {
        const string file = "gc-06-aquarium-visitors.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ExtremeColumnDetector.DetectorId, "MarineTourism_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "total_visitors");

        // Picking the busiest month by its total first answers the question asked.
        var right = Fixture.Edited(Folder, file, ("maximum of the school_group_visitors column", "maximum of the total_visitors column"),
            ("school_group_visitors'].idxmax()", "total_visitors'].idxmax()"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == ExtremeColumnDetector.DetectorId);
    }

    [Fact]
    public void A_plan_that_counts_by_founding_year_alone_drops_currently_operational()
    {
        const string file = "mo-01-distillery-openings.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PlanConditionDetector.DetectorId, "Orchestrator", "Instruction Non-compliance"), (a.Detector, a.Cited?.Agent, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("currently operational", StringComparison.Ordinal));

        // A plan that keeps the condition drops nothing.
        var kept = Fixture.Edited(Folder, file, ("whose founding year is 2005 or later", "whose founding year is 2005 or later and that are operational"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == PlanConditionDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_gives_the_next_rows_drop_for_lindefossen_misread_the_table()
    {
        const string file = "mo-02-waterfall-drops.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MisreadCellDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));

        // The row read right.
        var right = Fixture.Edited(Folder, file, ("Lindefossen (VL-047, Luster) has a total drop of 318 m", "Lindefossen (VL-047, Luster) has a total drop of 274 m"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId && f.Span.Agent == "WebSurfer");
    }

    [Fact]
    public void An_orchestrator_that_hands_on_the_first_seven_of_sixteen_rows_took_a_partial_page_for_the_list()
    {
        const string file = "mo-06-cableway-lengths.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));

        // A page shown whole is no partial page.
        var whole = Fixture.Edited(Folder, file, ("The viewport shows 42% of the webpage", "The viewport shows 100% of the webpage"),
            ("Showing entries 1-7 of 16 - scroll down to load more", "Showing entries 1-7 of 7"), ("The table continues below the visible part of the page.", "The whole table is visible."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == PartialPageDetector.DetectorId);
    }
}
