using System.Text;
using System.Text.Json.Nodes;

namespace TraceRegress.Tests.Tree;

public class SpanTreeTests
{
    private static AgentTrace Broken() => Fixture.Load("otlp", "broken-tree.json");

    [Fact]
    public void Keeps_every_span_and_reports_orphans_cycles_duplicates_and_roots()
    {
        var trace = Broken();

        Assert.Equal(11, trace.Spans.Count);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.OrphanSpan && w.SpanId == "0000000000000005");
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.DuplicateSpanId && w.SpanId == "0000000000000008" && w.Line is > 0);
        var cycle = Assert.Single(trace.Warnings, w => w.Kind == TraceWarningKind.Cycle);
        // The cycle is cut at the earliest span, which becomes a root.
        Assert.Equal("0000000000000006", cycle.SpanId);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleRoots);
        Assert.Equal(["orchestrator", "loop.a", "late.callback"], trace.Roots.Select(r => r.Name));
    }

    [Fact]
    public void Orders_children_by_start_time_and_numbers_same_name_siblings()
    {
        var trace = Broken();

        Assert.Equal(
            [
                "orchestrator",
                "orchestrator/search[1]",
                @"orchestrator/search[1]/GET \/v1\/search",
                "orchestrator/search[2]",
                "orchestrator/search[2]/http.get",
                "orchestrator/dup",
                "orchestrator/dup/dup.child",
                "orchestrator/dup.copy",
                "loop.a",
                "loop.a/loop.b",
                "late.callback",
            ],
            trace.Spans.Select(s => s.Path));
        var second = trace.Spans[3];
        Assert.Equal((2, 1, "search[2]"), (second.SiblingIndex, second.Depth, second.PathSegment));
        Assert.Equal(0, trace.Spans[0].Depth);
        Assert.Equal(trace.Spans, trace.Spans.OrderBy(s => s.Index));
        // Children of a duplicated id attach to the earlier span.
        Assert.Equal("dup", trace.Select("dup.child").Parent!.Name);
    }

    [Fact]
    public void File_order_does_not_change_the_tree_or_the_warnings()
    {
        var json = JsonNode.Parse(File.ReadAllText(Fixture.Path("otlp", "broken-tree.json")))!;
        var spans = json["resourceSpans"]![0]!["scopeSpans"]![0]!["spans"]!.AsArray();
        var reversed = spans.Select(s => s!.DeepClone()).Reverse().ToArray();
        spans.Clear();
        foreach (var span in reversed) spans.Add(span);

        var original = Broken();
        var shuffled = AgentTrace.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), "reversed.json");

        Assert.Equal(original.Spans.Select(s => (s.Path, s.SpanId)), shuffled.Spans.Select(s => (s.Path, s.SpanId)));
        Assert.Equal(original.Warnings.Select(w => (w.Kind, w.SpanId)).Order(), shuffled.Warnings.Select(w => (w.Kind, w.SpanId)).Order());
    }

    [Fact]
    public void A_very_deep_parent_chain_builds_without_overflowing_the_stack()
    {
        const int depth = 20_000;
        var sb = new StringBuilder("[");
        for (var i = 1; i <= depth; i++)
        {
            if (i > 1) sb.Append(',');
            sb.Append($$"""{"traceId":"c0ffee00c0ffee00c0ffee00c0ffee00","spanId":"{{i:x16}}",""");
            if (i > 1) sb.Append($$"""  "parentSpanId":"{{i - 1:x16}}",""");
            sb.Append($$"""  "operationName":"step","startTime":"2025-05-20T10:00:00Z","duration":1}""");
        }

        sb.Append(']');

        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(sb.ToString()), "deep-chain.json");

        Assert.Equal(depth, trace.Spans.Count);
        var deepest = trace.Spans[^1];
        Assert.Equal(depth - 1, deepest.Depth);
        Assert.Equal(depth, deepest.Path.Split('/').Length);
        Assert.Same(deepest, trace.FindById($"{depth:x16}"));
    }
}
