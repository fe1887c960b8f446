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
        var trace = Trace.Load(CorpusFile("bookings/record-locator-not-found.json"));

        Assert.That(trace.Spans, Has.Count.EqualTo(4));
        Assert.Attributes(trace, span: "wayfarer/lookup_booking", category: "Resource Not Found", evidence: "404");
    }

    [Test]
    public void Cancelling_with_a_tool_the_model_was_never_given_is_a_tool_selection_error()
    {
        var trace = Trace.Load(CorpusFile("bookings/cancel-with-undeclared-tool.json"));

        Assert.That(trace.Format, Is.EqualTo(TraceFormat.Langfuse));
        Assert.Attributes(trace, span: "plan", category: "Tool Selection Errors", evidence: "cancel_booking");
        Assert.Attributes(trace, span: "plan", category: "agent");
    }

    [Test]
    public void Missing_api_key_is_an_environment_setup_error()
    {
        Assert.Attributes(CorpusFile("setup/currency-key-missing.json"), span: "execute_tool convert_currency", category: "Environment Setup Errors");
    }
}
