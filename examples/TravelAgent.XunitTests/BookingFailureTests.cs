using Xunit;
using TraceRegress.Model;

namespace TravelAgent.XunitTests;

/// <summary>
/// Hand-written checks over the shared corpus: TraceRegress's Assert.Attributes beside xUnit's own asserts.
/// The generated corpus tests already pin every trace; these state in code what matters most to the team.
/// </summary>
public class BookingFailureTests
{
    private static string CorpusFile(string relativePath) =>
        Path.Combine(AppContext.BaseDirectory, "..", "traces", relativePath);

    [Fact]
    public void Rate_limited_flight_search_is_the_fare_partners_fault_not_the_models()
    {
        var trace = AgentTrace.Load(CorpusFile("flights/search-rate-limited.json"));

        Assert.Equal(5, trace.Spans.Count);
        Assert.Attributes(trace, span: "execute_tool search_flights", category: "Rate Limiting", evidence: "429");
        // Whose fix it is, at the taxonomy's top level.
        Assert.Attributes(trace, span: "execute_tool search_flights", category: "environment");
    }

    [Fact]
    public void Seat_change_reported_as_done_is_blamed_on_the_error_the_seat_service_returned()
    {
        var trace = AgentTrace.Load(CorpusFile("bookings/seat-change-error-under-ok.json"));

        var tool = Assert.Single(trace.SelectAll("execute_tool change_seat"));
        Assert.Equal(SpanStatusCode.Ok, tool.Status.Code);
        Assert.Attributes(trace, span: "execute_tool change_seat", category: "Service Errors", evidence: "seat 14C was assigned to another passenger");
    }

    [Fact]
    public void Truncated_itinerary_is_a_context_problem_of_the_agent()
    {
        Assert.Attributes(CorpusFile("itinerary/long-trip-truncated.json"), span: "invoke_agent wayfarer/chat gpt-4o[2]", category: "Context Handling Failures");
    }

    [Fact]
    public void A_quoted_city_tax_no_tool_returned_is_an_invented_figure_though_every_span_is_ok()
    {
        Assert.Attributes(CorpusFile("hotels/city-tax-invented.json"), span: "invoke_agent wayfarer/chat gpt-4o[2]",
            category: "Language-only hallucination", evidence: "€28.50", agent: "wayfarer");
    }

    [Fact]
    public void When_the_orchestrator_reports_no_progress_the_fare_checker_turn_it_judged_is_cited()
    {
        Assert.Attributes(CorpusFile("orchestration/refundable-fare-stalled.json"), span: "invoke_agent fare-checker",
            category: "Goal Deviation", agent: "fare-checker");
    }

    [Fact]
    public void With_the_expected_total_the_answer_that_miscounted_the_seat_selection_is_cited()
    {
        Assert.Attributes(CorpusFile("flights/fare-total-miscounted.json"), span: "invoke_agent wayfarer/chat gpt-4o[2]",
            category: "Reasoning Errors", evidence: "€553.00", expectedAnswer: "€588.00");
    }
}
