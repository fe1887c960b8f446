using System.Globalization;
using System.Text;
using TraceRegress.Rendering;
using TraceRegress.Model;

namespace TraceRegress.Tests.Rendering;

public class SpanTreeRendererTests
{
    [Fact]
    public void Draws_the_five_hop_tree_with_durations_status_and_marks()
    {
        var trace = Fixture.Load("flat", "five-hop.json");
        var marks = new[]
        {
            new SpanMark(trace.Select("synthesize.results/llm.completion"), "expected"),
            new SpanMark(trace.Select("web_search.call"), "actual"),
        };

        Assert.Equal(
            """
            orchestrator.plan [0000000000000001]  6.30 s  OK
            ├─ web_search.call [0000000000000002]  1.90 s  OK  ◀ actual
            │  └─ http.get [0000000000000003]  1.75 s  OK
            ├─ synthesize.results [0000000000000004]  4.00 s  OK
            │  └─ llm.completion [0000000000000005]  3.90 s  OK  ◀ expected
            └─ format.output [0000000000000006]  40 ms  OK

            """.ReplaceLineEndings("\n"),
            SpanTreeRenderer.Render(trace, marks));
    }

    [Fact]
    public void The_same_span_marked_twice_carries_both_labels()
    {
        var trace = Fixture.Load("flat", "five-hop.json");
        var span = trace.Select("http.get");
        var text = SpanTreeRenderer.Render(trace, [new SpanMark(span, "expected"), new SpanMark(span, "actual")]);
        Assert.Contains("└─ http.get [0000000000000003]  1.75 s  OK  ◀ expected, actual\n", text);
    }

    [Fact]
    public void Output_does_not_depend_on_culture()
    {
        var trace = Fixture.Load("flat", "five-hop.json");
        var invariant = SpanTreeRenderer.Render(trace);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, SpanTreeRenderer.Render(trace));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(0, "0 µs")]
    [InlineData(999_999, "999 µs")]
    [InlineData(1_500_000, "1.5 ms")]
    [InlineData(40_000_000, "40 ms")]
    [InlineData(1_000_000_000, "1.00 s")]
    [InlineData(30_010_000_000, "30.01 s")]
    public void Durations_are_readable(long nanos, string text) =>
        Assert.Equal(text, SpanTreeRenderer.FormatDuration(nanos));

    [Fact]
    public void A_large_trace_keeps_the_marked_spans_and_folds_the_rest()
    {
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(WideTrace(500)), "wide.json");
        var cited = trace.Select("agent.run/step[250]/tool.call");

        var text = SpanTreeRenderer.Render(trace, [new SpanMark(cited, "actual")]);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 10, text);
        Assert.StartsWith("agent.run [", lines[0]);
        Assert.Contains("… 998 more spans not shown", text);
        Assert.Contains("step[250] [", text);
        Assert.Contains("tool.call [", text);
        Assert.EndsWith("◀ actual", lines.Single(l => l.Contains("tool.call")));
    }

    [Fact]
    public void A_deep_chain_renders_without_recursion_and_in_linear_size()
    {
        const int depth = 5000;
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(Chain(depth)), "deep.json");

        var text = SpanTreeRenderer.Render(trace, [new SpanMark(trace.Spans[^1], "actual")], maxSpans: int.MaxValue);

        Assert.Equal(depth, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(text.Length < depth * 200, $"{text.Length} characters");
    }

    // A root with n steps, each with one tool call: 1 + 2n spans.
    private static string WideTrace(int steps)
    {
        var spans = new List<string> { Span("r", null, "agent.run", 0) };
        for (var i = 1; i <= steps; i++)
        {
            spans.Add(Span($"s{i}", "r", "step", i));
            spans.Add(Span($"t{i}", $"s{i}", "tool.call", i));
        }

        return "{\"spans\":[" + string.Join(",", spans) + "]}";
    }

    private static string Chain(int depth) =>
        "{\"spans\":[" + string.Join(",", Enumerable.Range(0, depth).Select(i => Span($"c{i}", i == 0 ? null : $"c{i - 1}", "hop", i))) + "]}";

    private static string Span(string id, string? parent, string name, int offsetMs)
    {
        var start = new DateTimeOffset(2026, 5, 19, 9, 0, 0, TimeSpan.Zero).AddMilliseconds(offsetMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var parentJson = parent is null ? "" : $"\"parentSpanId\":\"{Hex(parent)}\",";
        return $"{{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"{Hex(id)}\",{parentJson}\"operationName\":\"{name}\",\"startTime\":\"{start}\",\"duration\":5,\"status\":{{\"code\":\"OK\"}}}}";
    }

    private static string Hex(string id) => Convert.ToHexString(Encoding.ASCII.GetBytes(id.PadLeft(8, '0'))).ToLowerInvariant();
}
