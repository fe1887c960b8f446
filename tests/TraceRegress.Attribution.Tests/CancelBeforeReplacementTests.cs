namespace TraceRegress.AttributionTests;

/// <summary>
/// A replacement done in the wrong order: asked to move a hotel stay or a board-room booking, the model cancels the one
/// the user holds, then the new booking fails, and the user has neither. Six runs in <c>Fixtures/replacement</c>
/// (Microsoft.Extensions.AI over OTLP, OpenInference spans), labelled before the rule ran on them: two positives and four
/// negatives (the new dates booked first; cancel then rebook that succeeds; a cancellation asked for alone; a move done
/// safely beside an extra night that sold out). With the blind LangGraph run of a pickup cancelled before its new slot,
/// three positives; before the rule each was cited at the failed booking.
/// </summary>
public class CancelBeforeReplacementTests
{
    private const string Folder = "replacement";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "cancel-before-replacement");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_replacement_secured_first_a_rebooking_that_succeeds_or_a_cancellation_alone_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "cancel-before-replacement");

    [Fact]
    public void Every_run_is_labelled() => Fixture.AssertLabelledRuns(Folder, 6, 2, errorStatusAllowed: true);

    [Fact]
    public void The_request_the_cancellation_and_the_failure_are_quoted()
    {
        var a = Fixture.Attribute(Folder, "otlp-dotnet-meai-hotel-cancelled-before-new-dates-secured.json");
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("move", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("HX-4471", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("NO_AVAILABILITY", StringComparison.Ordinal) || e.Quote.Contains("availab", StringComparison.OrdinalIgnoreCase));

        var pickup = Fixture.Attribute("blind4", "langsmith-langgraph-pickup-cancelled-before-new-slot-secured.json");
        Assert.Equal(("LangGraph/agent[2]/ChatOpenAI", "Task Orchestration"), (pickup.Cited?.Path, pickup.Category?.L4));
    }
}
