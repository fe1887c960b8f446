using NUnit.Framework;

namespace TravelAgent.NUnitTests;

/// <summary>
/// Hand-written checks over the shared corpus: TraceRegress's Assert.Attributes beside NUnit's own asserts.
/// The generated corpus tests already pin every trace; these state in code what matters most to the team.
/// </summary>
public class BookingFailureTests
{
    private static string CorpusFile(string relativePath) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "traces", relativePath);

    [Test]
    public void Missing_booking_is_the_booking_services_answer_not_the_models()
    {
        var trace = AgentTrace.Load(CorpusFile("bookings/record-locator-not-found.json"));

        Assert.That(trace.Spans, Has.Count.EqualTo(4));
        Assert.Attributes(trace, span: "wayfarer/lookup_booking", category: "Resource Not Found", evidence: "404");
    }

    [Test]
    public void Cancelling_with_a_tool_the_model_was_never_given_is_a_tool_selection_error()
    {
        var trace = AgentTrace.Load(CorpusFile("bookings/cancel-with-undeclared-tool.json"));

        Assert.That(trace.Format, Is.EqualTo(TraceFormat.Langfuse));
        Assert.Attributes(trace, span: "plan", category: "Tool Selection Errors", evidence: "cancel_booking");
        Assert.Attributes(trace, span: "plan", category: "agent");
    }

    [Test]
    public void Missing_api_key_is_an_environment_setup_error()
    {
        Assert.Attributes(CorpusFile("setup/currency-key-missing.json"), span: "execute_tool convert_currency", category: "Environment Setup Errors");
    }

    [Test]
    public void A_quoted_city_tax_no_tool_returned_is_an_invented_figure_though_every_span_is_ok()
    {
        Assert.Attributes(CorpusFile("hotels/city-tax-invented.json"), span: "invoke_agent wayfarer/chat gpt-4o[2]",
            category: "Language-only hallucination", evidence: "€28.50", agent: "wayfarer");
    }

    [Test]
    public void When_the_orchestrator_reports_no_progress_the_fare_checker_turn_it_judged_is_cited()
    {
        Assert.Attributes(CorpusFile("orchestration/refundable-fare-stalled.json"), span: "invoke_agent fare-checker",
            category: "Goal Deviation", agent: "fare-checker");
    }

    [Test]
    public void With_the_expected_total_the_answer_that_miscounted_the_seat_selection_is_cited()
    {
        Assert.Attributes(CorpusFile("flights/fare-total-miscounted.json"), span: "invoke_agent wayfarer/chat gpt-4o[2]",
            category: "Reasoning Errors", evidence: "€553.00", expectedAnswer: "€588.00");
    }
}
