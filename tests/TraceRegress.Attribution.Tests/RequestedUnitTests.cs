namespace TraceRegress.AttributionTests;

/// <summary>
/// An answer given in the data's unit where the task asked for another: weights summed in kilograms reported as the total
/// "in tonnes", minutes of viewing reported as hours, a route's kilometres given as miles. Seven runs in
/// <c>Fixtures/units</c> (Microsoft.Extensions.AI over OTLP, LangSmith LangGraph and AgentExecutor trees, CaptainAgent
/// group chats), labelled before the rule ran on them: three positives and four negatives (converted rightly; converted
/// wrongly, which is another failure; data already in the unit asked for; units only described, with a count asked
/// for). With the blind Magentic-One run that reported kilograms for tonnes, four positives. Before the rule each was
/// cited where the figure entered (the tool or script that gave it, rightly), not where it was taken as the answer.
/// </summary>
public class RequestedUnitTests
{
    private const string Folder = "units";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "requested-unit");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_converted_answer_data_in_the_unit_asked_for_or_a_count_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "requested-unit");

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 7, 3);

    [Fact]
    public void The_unit_asked_for_and_the_unconverted_figure_are_quoted()
    {
        var glass = Fixture.Attribute(Folder, "otlp-captainagent-glass-total-given-in-kilograms-for-tonnes.json");
        Assert.Equal("requested-unit", glass.Detector);
        Assert.Contains(glass.Evidence, e => e.Quote == "in tonnes");
        Assert.Contains(glass.Evidence, e => e.Quote.Contains("The total is 48210.", StringComparison.Ordinal));
        Assert.Contains("(in kg)", glass.Summary, StringComparison.Ordinal);

        // The blind Magentic-One run: the ledger that declared the request satisfied with the kilograms, in both modes.
        var run = Fixture.Load("multiagent-blind6", "magentic-one-orchestrator-reports-kilograms-for-tonnes.json");
        foreach (var expected in new[] { null, "1284.35" })
        {
            var a = AttributionEngine.Default.Attribute(run, new AttributionRequest { ExpectedAnswer = expected });
            Assert.Equal(("Orchestrator", "Instruction Non-compliance"), (a.Cited?.Agent, a.Category?.L4));
            Assert.Contains(a.Evidence, e => e.Quote.Contains("1284350", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_answer_that_converts_is_no_finding_though_it_restates_the_data_figure()
    {
        // "1,245 hours" written as "about 20.75 hours (1,245 minutes)": the answer is in hours.
        var converted = Fixture.Edited(Folder, "otlp-dotnet-meai-watch-time-given-in-minutes-for-hours.json", ("you watched 1,245 hours", "you watched about 20.75 hours (1,245 minutes)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(converted), f => f.Detector == "requested-unit");

        // The task asks in minutes, as the data are: nothing to convert.
        var same = Fixture.Edited(Folder, "otlp-dotnet-meai-watch-time-given-in-minutes-for-hours.json", ("How many hours of video", "How many minutes of video"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == "requested-unit");
    }
}
