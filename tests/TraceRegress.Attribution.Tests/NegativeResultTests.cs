using System.Text;
using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A tool that answers without an error but with a negative outcome, and a model that reports the action as done.
/// </summary>
public class NegativeResultTests
{
    private const string File = "langfuse-observe-anthropic-books-full-hotel.json";
    private const string Claim = "Done! I've booked 3 nights at Casa Alfama in Lisbon from 10 July. Enjoy your stay!";

    [Theory]
    [InlineData("""{"hotel": "Casa Alfama", "available": false, "reason": "fully booked"}""", "\"available\": false")]
    [InlineData("""{"ok":true,"result":{"success":false}}""", "\"success\":false")]
    [InlineData("""{"status": "SOLD_OUT", "event": "E-1"}""", "\"status\": \"SOLD_OUT\"")]
    [InlineData("The restaurant is fully booked on that evening.", "fully booked")]
    [InlineData("""{"hotel": "Casa Alfama", "available": true, "price": 142}""", null)]
    [InlineData("""{"success": true, "booking_id": "K9F2ZQ"}""", null)]
    [InlineData("""{"count": 0, "items": []}""", null)]
    public void The_negative_outcome_is_quoted_as_the_result_wrote_it(string result, string? outcome) =>
        Assert.Equal(outcome, NegativeResultIgnoredDetector.NegativeOutcome(result));

    [Fact]
    public void A_booking_reported_after_a_fully_booked_answer_is_cited()
    {
        var a = AttributionEngine.Default.Attribute(Fixture.Load("exported", File));
        Assert.Equal("negative-result-ignored", a.Detector);
        Assert.Equal("itinerary-bot/call_claude[2]", a.Cited?.Path);
        Assert.Equal("Tool Output Misinterpretation", a.Category?.L4);
        Assert.Contains(a.Evidence, e => e.Quote.Contains("available", StringComparison.Ordinal));
    }

    [Theory]
    // The model tells the user the truth.
    [InlineData("Sorry, Casa Alfama is fully booked for 10 July. Shall I look for another hotel in Alfama?")]
    // It reports nothing as done.
    [InlineData("Casa Alfama is a lovely guesthouse near the cathedral.")]
    public void An_answer_that_does_not_claim_the_action_is_not_cited_for_it(string answer)
    {
        var text = System.IO.File.ReadAllText(Fixture.Path("exported", File)).Replace(Claim, answer, StringComparison.Ordinal);
        Assert.Contains(answer, text, StringComparison.Ordinal);
        var a = AttributionEngine.Default.Attribute(AgentTrace.Parse(Encoding.UTF8.GetBytes(text), File));
        Assert.NotEqual("negative-result-ignored", a.Detector);
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "negative-result-ignored");
    }
}
