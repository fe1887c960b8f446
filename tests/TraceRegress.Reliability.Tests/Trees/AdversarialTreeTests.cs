using static TraceRegress.Reliability.Tests.Trees.AdversarialTraceWriter;

namespace TraceRegress.Reliability.Tests.Trees;

/// <summary>
/// Span trees no honest exporter writes but broken ones do: parent cycles, self-parents, huge depth,
/// huge fan-out and reused ids. Each loads with warnings, keeps every span and never overflows the stack.
/// </summary>
public sealed class AdversarialTreeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_parent_cycle_is_broken_at_one_span_and_reported()
    {
        // root ← a ← b ← c ← a: the cycle a → b → c hangs off nothing; d hangs off the cycle.
        var trace = Load(
        [
            new(Id(1), null, "agent.run", 0),
            new(Id(2), Id(4), "plan", 1),
            new(Id(3), Id(2), "chat", 2),
            new(Id(4), Id(3), "execute_tool search_web", 3),
            new(Id(5), Id(3), "GET", 4),
        ]);

        Assert.Equal(5, trace.Spans.Count);
        var warning = Assert.Single(trace.Warnings, w => w.Kind == TraceWarningKind.Cycle);
        Assert.Equal(Id(2), warning.SpanId);
        Assert.Equal(["agent.run", "plan"], trace.Roots.Select(r => r.Name));
        Assert.Equal("plan/chat/execute_tool search_web", trace.FindById(Id(4))!.Path);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleRoots);
    }

    [Fact]
    public void A_self_parent_is_kept_as_a_root_with_its_children()
    {
        var trace = Load(
        [
            new(Id(1), Id(1), "agent.run", 0),
            new(Id(2), Id(1), "chat", 1),
        ]);

        Assert.Equal(2, trace.Spans.Count);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.Cycle && w.SpanId == Id(1));
        Assert.Equal("agent.run/chat", trace.FindById(Id(2))!.Path);
    }

    [Fact]
    public void Every_span_in_one_big_cycle_is_kept()
    {
        const int count = 100_000;
        var trace = Load(Enumerable.Range(0, count).Select(i => new Node(Id(i), Id((i + 1) % count), "step", i)));

        Assert.Equal(count, trace.Spans.Count);
        Assert.Single(trace.Roots);
        Assert.Single(trace.Warnings, w => w.Kind == TraceWarningKind.Cycle);
        Assert.Equal(count - 1, trace.Spans.Max(s => s.Depth));
    }

    [Fact]
    public void A_million_deep_parent_chain_loads_without_overflowing_the_stack()
    {
        const int depth = 1_000_000;
        // Written deepest first, so the file order is the worst case for a builder that expects parents first.
        var trace = Load(Enumerable.Range(0, depth).Reverse().Select(i => new Node(Id(i + 1), i == 0 ? null : Id(i), "step", i)));

        Assert.Equal(depth, trace.Spans.Count);
        Assert.Empty(trace.Warnings);
        var deepest = trace.Spans[^1];
        Assert.Equal(depth - 1, deepest.Depth);
        Assert.Equal(depth, deepest.Path.Split('/').Length);
        Assert.Same(deepest, trace.FindById(Id(depth)));
        Assert.Equal(depth - 1, deepest.Ancestors().Count());
        Assert.Equal(depth - 1, trace.Roots[0].Descendants().Count());
        output.WriteLine($"deepest path: {deepest.Path.Length:N0} characters");
    }

    [Fact]
    public void A_hundred_thousand_siblings_of_one_name_get_distinct_paths()
    {
        const int siblings = 100_000;
        var spans = new List<Node> { new(Id(0), null, "agent.run", 0) };
        // Same name and same start time for all: only the id orders them, so [n] must follow the id.
        spans.AddRange(Enumerable.Range(1, siblings).Reverse().Select(i => new Node(Id(i), Id(0), "execute_tool search_web", 1)));
        var trace = Load(spans);

        Assert.Equal(siblings + 1, trace.Spans.Count);
        Assert.Empty(trace.Warnings);
        Assert.Equal(siblings, trace.Roots[0].Children.Count);
        Assert.Equal(siblings + 1, trace.Spans.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Id(1), trace.Select("agent.run/execute_tool search_web[1]").SpanId);
        Assert.Equal(Id(siblings), trace.Select($"execute_tool search_web[{siblings}]").SpanId);
    }

    [Fact]
    public void Duplicate_span_ids_keep_both_spans_and_give_the_children_to_one()
    {
        var trace = Load(
        [
            new(Id(1), null, "agent.run", 0),
            new(Id(2), Id(1), "chat", 2),
            new(Id(2), Id(1), "chat", 1),
            new(Id(3), Id(2), "execute_tool search_web", 3),
            new(Id(1), null, "agent.run", 5),
        ]);

        Assert.Equal(5, trace.Spans.Count);
        Assert.Equal(2, trace.Warnings.Count(w => w.Kind == TraceWarningKind.DuplicateSpanId));
        var owner = trace.FindById(Id(2))!;
        Assert.Equal("execute_tool search_web", Assert.Single(owner.Children).Name);
        Assert.Equal(2, trace.Spans.Count(s => s.SpanId == Id(2)));
        Assert.Equal(5, trace.Spans.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Many_orphans_and_many_roots_are_all_kept()
    {
        const int orphans = 50_000;
        var trace = Load(Enumerable.Range(1, orphans).Select(i => new Node(Id(i), Id(i + 10_000_000), "chat", i % 7)));

        Assert.Equal(orphans, trace.Spans.Count);
        Assert.Equal(orphans, trace.Roots.Count);
        Assert.Equal(orphans, trace.Warnings.Count(w => w.Kind == TraceWarningKind.OrphanSpan));
    }

    private AgentTrace Load(IEnumerable<Node> spans)
    {
        var bytes = Write(spans);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var trace = AgentTrace.Parse(bytes, "adversarial.json");
        output.WriteLine($"{bytes.Length:N0} bytes, {trace.Spans.Count:N0} spans, {trace.Warnings.Count:N0} warnings, loaded in {started.ElapsedMilliseconds:N0} ms");
        return trace;
    }
}
