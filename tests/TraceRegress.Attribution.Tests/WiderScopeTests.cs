namespace TraceRegress.AttributionTests;

/// <summary>
/// An action taken on more than the task asked for: one occurrence asked for ("skip tomorrow's standup", "pause the
/// delivery for the week of 15 June"), the whole series acted on (the recurring event's id, <c>"scope":"all_future"</c>).
/// Six runs in <c>Fixtures/scope</c>, written as Agent Framework over Microsoft.Extensions.AI (OTLP) and an OpenInference
/// agent (Phoenix's export) log them, labelled before the rule was written: two positives and four negatives (the one
/// occurrence acted on, twice; a series ended "for good"; a pause asked for with no time named). With the blind run of a
/// design review cancelled as a series, three positives. Before the rule none of the three was right: each was cited at
/// the last call, which only reported what had been done.
/// </summary>
public class WiderScopeTests
{
    private const string Folder = "scope";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "wider-scope");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void The_occurrence_asked_for_a_series_asked_for_or_no_time_named_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "wider-scope");

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 6, 2);

    [Fact]
    public void The_time_asked_for_and_the_series_acted_on_are_quoted()
    {
        var recurring = Fixture.Attribute(Folder, "otlp-dotnet-agentframework-deletes-recurring-event-for-one-day.json");
        Assert.Contains(recurring.Evidence, e => e.Quote == "tomorrow");
        Assert.Contains(recurring.Evidence, e => e.Quote == "\"eventId\": \"0k1f2\"");
        Assert.Contains(recurring.Evidence, e => e.Quote == "\"recurringEventId\": \"0k1f2\"");

        var series = Fixture.Attribute("blind", "otlp-python-calendar-cancels-whole-series.json");
        Assert.Equal(("invoke_agent calendar_assistant/chat gpt-4.1[2]", "Incorrect Problem Identification"), (series.Cited?.Path, series.Category?.L4));
        Assert.Contains(series.Evidence, e => e.Quote == "\"scope\":\"series\"");
        Assert.Contains(series.Evidence, e => e.Quote == "next Tuesday");
    }

    [Fact]
    public void A_listing_tool_or_a_reading_call_acting_on_the_series_id_is_no_finding()
    {
        // The same run where the second call only looks the series up: no tool that changes anything was asked.
        var lookup = Fixture.Edited(Folder, "otlp-dotnet-agentframework-deletes-recurring-event-for-one-day.json", ("\\\"name\\\": \\\"delete_event\\\", \\\"arguments\\\"", "\\\"name\\\": \\\"get_event\\\", \\\"arguments\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(lookup), f => f.Detector == "wider-scope");
    }
}
