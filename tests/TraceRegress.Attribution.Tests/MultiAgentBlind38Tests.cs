using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-eighth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 5/12 step and 7/12 agent in both modes (with and without the expected answer); now 9/12 and 10/12.
/// </para>
/// </summary>
public class MultiAgentBlind38Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind38";

    protected override int MagenticOneTurns => 13;

    protected override int GroupChatTurns => 13;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-bus-punctuality.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-02-cinema-screens.json", 10, "Verification_Expert", null, null },
            { "gc-03-fishing-licences.json", 3, "Fisheries_Expert", null, null },
            { "gc-04-recycling-rates.json", 7, "Statistics_Expert", null, null },
            { "gc-05-hydrogen-stations.json", 11, "Python_Expert", null, null },
            { "gc-06-power-outages.json", 7, "PowerSystems_Expert", null, null },
            { "mo-01-pigeon-race.json", 11, "WebSurfer", null, null },
            { "mo-02-seaweed-harvest.json", 1, "Orchestrator", "14 Coder: arrival", "14 Coder: arrival" },
            { "mo-03-choir-competition.json", 9, "WebSurfer", "7 WebSurfer: arrival", "7 WebSurfer: arrival" },
            { "mo-04-beach-cleanup.json", 8, "FileSurfer", null, null },
            { "mo-05-glasshouse-tomatoes.json", 12, "Coder", "7 WebSurfer: arrival", "7 WebSurfer: arrival" },
            { "mo-06-town-charter.json", 12, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void An_exact_match_on_700_that_drops_the_dual_pressure_350_700_stations_is_cited()
    {
        const string file = "gc-05-hydrogen-stations.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(ExactFilterDetector.DetectorId, a.Detector);

        // A filter that keeps every station offering 700 bar: no finding.
        var kept = Fixture.Edited(Folder, file, (@"(df[\\\""pressure_bar\\\""] == \\\""700\\\"")", @"(df[\\\""pressure_bar\\\""].str.contains(\\\""700\\\""))"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == ExactFilterDetector.DetectorId);
    }

    [Fact]
    public void A_range_of_weeks_that_stops_before_the_tasks_last_week_leaves_it_out()
    {
        const string file = "gc-01-bus-punctuality.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(ExclusiveRangeDetector.DetectorId, a.Detector);

        var through = Fixture.Edited(Folder, file, ("range(22, 35)", "range(22, 36)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(through), f => f.Detector == ExclusiveRangeDetector.DetectorId);
    }

    [Fact]
    public void A_count_from_page_1_of_2_given_as_the_whole_and_answered_is_cited_at_the_worker()
    {
        const string file = "mo-04-beach-cleanup.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));

        // A run that answered with another count than the first page's: no finding at the worker.
        var other = Fixture.Edited(Folder, file, ("FINAL ANSWER: 4", "FINAL ANSWER: 7"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(other), f => f.Detector == PartialPageDetector.DetectorId && f.Span.Agent == "FileSurfer");
    }

    [Fact]
    public void A_year_a_source_sets_aside_in_so_many_words_chosen_by_the_coordinator_is_cited()
    {
        const string file = "mo-06-town-charter.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFigureDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));

        var unsaid = Fixture.Edited(Folder, file, ("falls in 1256, not 1254", "falls in 1256"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unsaid), f => f.Detector == SupersededFigureDetector.DetectorId);
    }
}
