using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class FlatSpanReaderTests
{
    [Fact]
    public void Reads_the_seed_http_span()
    {
        var trace = Fixture.Load("flat", "seed-api-search.json");

        Assert.Equal(TraceFormat.FlatSpans, trace.Format);
        var span = Assert.Single(trace.Spans);
        Assert.Equal("api.search", span.Name);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", span.TraceId);
        Assert.Equal("00f067aa0ba902b6", span.ParentSpanId);
        Assert.Equal(TimeSpan.FromMilliseconds(342), span.Duration);
        Assert.Equal(new DateTimeOffset(2026, 5, 19, 3, 12, 44, TimeSpan.Zero), span.StartTime);
        Assert.Equal(SpanStatusCode.Ok, span.Status.Code);
        Assert.Equal(200, span.Attributes.GetInt64("http.status_code"));
        Assert.Equal("search-service", span.Resource.ServiceName);
        // Its parent is not in the file: kept as a root, reported.
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.OrphanSpan && w.SpanId == "00f067aa0ba902b7");
    }

    [Fact]
    public void Reads_the_seed_gen_ai_span_with_its_tool_event()
    {
        var trace = Fixture.Load("flat", "seed-gen-ai-chat.json");

        var span = Assert.Single(trace.Spans);
        Assert.Equal("gen_ai.chat", span.Name);
        Assert.Equal(3847, span.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal(0.0, span.Attributes.GetDouble("gen_ai.request.temperature"));
        var e = Assert.Single(span.Events);
        Assert.Equal("gen_ai.tool.message", e.Name);
        Assert.Equal("{\"files\": [], \"error\": \"index out of range\"}", e.Attributes.GetString("gen_ai.event.content"));
        Assert.Equal(new DateTimeOffset(2026, 5, 19, 14, 22, 33, 441, TimeSpan.Zero), e.Timestamp);
    }

    [Fact]
    public void Builds_the_five_hop_tree_whatever_the_file_order()
    {
        var trace = Fixture.Load("flat", "five-hop.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal(
            [
                "orchestrator.plan",
                "orchestrator.plan/web_search.call",
                "orchestrator.plan/web_search.call/http.get",
                "orchestrator.plan/synthesize.results",
                "orchestrator.plan/synthesize.results/llm.completion",
                "orchestrator.plan/format.output",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.Equal("0000000000000005", trace.Select("synthesize.results/llm.completion").SpanId);
    }
}
