using TraceRegress.Formats;

namespace TraceRegress.Tests.Formats;

/// <summary>The engine reads the OpenTelemetry-family formats, and an import to OTLP/JSON keeps the attribution.</summary>
public class OpenTelemetryAttributionTests
{
    [Theory]
    [InlineData("otlp", "agent-tool-calls.json", "invoke_agent travel-planner/execute_tool search_flights", "Service Errors")]
    [InlineData("otlp", "old-semconv-events.json", "chat gpt-4o-mini", "Resource Exhaustion")]
    [InlineData("otlp", "collector-file-export.jsonl", "invoke_agent support-bot/execute_tool lookup_order", "Resource Not Found")]
    [InlineData("jaeger", "agent-rate-limited.json", "invoke_agent fx-assistant/execute_tool get_exchange_rate", "Rate Limiting")]
    [InlineData("zipkin", "agent-tool-error.json", @"POST \/chat/execute_tool fetch_invoice", "Resource Not Found")]
    public void Cites_the_failing_span_of_each_format(string folder, string file, string path, string category)
    {
        var attribution = AttributionEngine.Default.Attribute(Fixture.Load(folder, file));

        Assert.Equal(path, attribution.Cited?.Path);
        Assert.Equal(category, attribution.Category?.L4);
        Assert.NotEmpty(attribution.Evidence);
    }

    [Theory]
    [MemberData(nameof(OtlpJsonWriterTests.ReadableFixtures), MemberType = typeof(OtlpJsonWriterTests))]
    public void Writing_as_otlp_keeps_the_attribution(string folder, string file)
    {
        var original = Fixture.Load(folder, file);
        var copy = AgentTrace.Parse(OtlpJsonWriter.Write(original), file + ".otlp.json");

        var before = AttributionEngine.Default.Attribute(original);
        var after = AttributionEngine.Default.Attribute(copy);

        Assert.Equal(before.Cited?.Path, after.Cited?.Path);
        Assert.Equal(before.Category?.L4, after.Category?.L4);
        Assert.Equal(before.Evidence.Select(e => e.Quote), after.Evidence.Select(e => e.Quote));
    }
}
