using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-ninth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 4/12 step and 6/12 agent in both modes (with and without the expected answer); now 10/12 and 11/12.
/// </para>
/// </summary>
public class MultiAgentBlind39Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind39";

    protected override int MagenticOneTurns => 13;

    protected override int GroupChatTurns => 13;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-fungus-foray.json", 8, "Data_Analysis_Expert", null, null },
            { "gc-02-lock-passages.json", 9, "Data_Analysis_Expert", null, null },
            { "gc-03-bell-peals.json", 10, "Verification_Expert", "5 Data_Analysis_Expert: arrival", "5 Data_Analysis_Expert: arrival" },
            { "gc-04-psalter-loan.json", 7, "Data_Analysis_Expert", null, null },
            { "gc-05-alpaca-fleece.json", 5, "Data_Analysis_Expert", null, null },
            { "gc-06-saxifrage-specimens.json", 0, "Botany_Expert", null, null },
            { "mo-01-harpsichord-restoration.json", 11, "Coder", null, null },
            { "mo-02-mailboat-route.json", 8, "Orchestrator", null, null },
            { "mo-03-observatory-founding.json", 3, "WebSurfer", "5 WebSurfer: arrival", "5 WebSurfer: arrival" },
            { "mo-04-tapestry-grants.json", 5, "WebSurfer", null, null },
            { "mo-05-organ-pipe-survey.json", 15, "Orchestrator", null, null },
            { "mo-06-marsh-ringing.json", 13, "Coder", null, null },
        };
    }

    [Fact]
    public void An_exact_match_on_completed_that_drops_the_completed_assisted_passages_is_cited()
    {
        const string file = "gc-02-lock-passages.json";
        var trace = Fixture.Load(Folder, file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(ExactFilterDetector.DetectorId, a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Completed (assisted)", StringComparison.Ordinal));

        // The log's README is no other version of the log the task names.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == WrongFileDetector.DetectorId);

        // A filter that keeps both kinds of completed passage: no finding.
        var kept = Fixture.Edited(Folder, file, ("jul14['status'] == 'Completed'", "jul14['status'].isin(['Completed', 'Completed (assisted)'])"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == ExactFilterDetector.DetectorId);
    }

    [Theory]
    [InlineData("Completed (assisted)", "Completed", true)]
    [InlineData("350/700", "700", true)]
    [InlineData("Not completed", "Completed", false)]
    [InlineData("Completed (cancelled)", "Completed", false)]
    [InlineData("Completed", "Completed", false)]
    [InlineData("7000", "700", false)]
    public void A_value_is_the_filtered_one_with_a_qualifier_or_in_a_list(string cell, string value, bool qualifies) =>
        Assert.Equal(qualifies, ExactFilterDetector.Qualifies(cell, value));

    [Fact]
    public void A_range_whose_end_year_is_a_variable_set_to_the_tasks_last_year_leaves_that_year_out()
    {
        const string file = "mo-01-harpsichord-restoration.json";
        var trace = Fixture.Load(Folder, file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(ExclusiveRangeDetector.DetectorId, a.Detector);

        // The plan's "2015, 2016, 2017, 2018 and 2019" lists the years of the task's "2015 through 2019": none is invented.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == "unsupported-fact" && f.Span.Agent == "Orchestrator");

        var through = Fixture.Edited(Folder, file, ("range(start_year, end_year)", "range(start_year, end_year + 1)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(through), f => f.Detector == ExclusiveRangeDetector.DetectorId);
    }

    [Fact]
    public void A_worker_that_gives_the_first_page_of_a_filtered_list_as_the_whole_is_cited()
    {
        const string file = "mo-04-tapestry-grants.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));

        // The worker that only lists the page, without calling it the whole: the step that went on from it is cited.
        var listed = Fixture.Edited(Folder, file, ("In total, 20 grants were awarded to tapestry projects in 2021.", "These are the grants on this page."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(listed), f => f.Detector == PartialPageDetector.DetectorId && f.Span.Agent == "WebSurfer");
    }

    [Fact]
    public void A_figure_a_correction_says_it_was_previously_listed_as_is_a_superseded_answer()
    {
        const string file = "mo-05-organ-pipe-survey.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFigureDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));

        var unsaid = Fixture.Edited(Folder, file, (" (previously listed as 2,318)", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unsaid), f => f.Detector == SupersededFigureDetector.DetectorId);
    }

    [Fact]
    public void A_restatement_that_drops_the_place_the_question_names_is_cited_at_the_opening()
    {
        const string file = "gc-06-saxifrage-specimens.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "Botany_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Scotland");

        var kept = Fixture.Edited(Folder, file, ("Count the herbarium specimens of the genus Saxifraga collected before 1900", "Count the herbarium specimens of the genus Saxifraga collected in Scotland before 1900"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-constraint" && f.Span.Agent == "Botany_Expert");
    }

    [Fact]
    public void A_coordinator_that_passes_nautical_miles_on_as_miles_is_cited_before_the_conversion()
    {
        const string file = "mo-02-mailboat-route.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongFactorDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));

        // The coordinator that keeps "nautical": the conversion with the statute mile's factor is the mistake.
        var kept = Fixture.Edited(Folder, file, ("14.2 miles", "14.2 nautical miles"));
        Assert.Contains(AttributionEngine.Default.Detect(kept), f => f.Detector == WrongFactorDetector.DetectorId && f.Span.Agent == "Coder");
    }
}
