namespace TraceRegress.Engine;

/// <summary>
/// Picks the root cause among findings: order them causally, take the failure observed last (the one the trace
/// ends with), and cite the earliest finding from which that failure can be reached — tool calls, data and
/// containment lead from cause to symptom. Findings below the confidence floor are cited only when nothing
/// surer was found. Every tie is broken by fixed rules, so the result never depends on span order in the file.
/// </summary>
internal static class RootCause
{
    internal sealed record Placed(Span Span, Finding Finding, int Rank, int Priority);

    public static List<Placed> Order(DetectionContext context, IEnumerable<Finding> findings)
    {
        var view = context.View;
        var recovered = RecoveredToolCalls.Find(view);
        var best = new Dictionary<(int, string), Placed>();
        foreach (var found in findings)
        {
            if (Resolve(context.Trace, found.Span) is not { } span) continue;
            var finding = recovered[span.Index] is { } tool && found.Confidence > RecoveredToolCalls.DemotedConfidence
                ? found with { Confidence = RecoveredToolCalls.DemotedConfidence, Summary = $"{found.Summary} The agent recovered: a later call to {tool} succeeded." }
                : found;
            var placed = new Placed(span, finding, view.Rank(span), context.PriorityOf(finding.Detector));
            var key = (span.Index, finding.Category.L4);
            if (!best.TryGetValue(key, out var existing) || Compare(placed, existing) < 0) best[key] = placed;
        }

        var ordered = best.Values.ToList();
        ordered.Sort(Compare);
        return ordered;
    }

    public static Attribution Select(DetectionContext context, IEnumerable<Finding> findings)
    {
        var placed = Order(context, findings);
        if (placed.Count == 0) return Attribution.NoFailure(context.Trace.TraceId);

        var eligible = placed.Where(p => p.Finding.Confidence >= context.Options.MinimumConfidence).ToList();
        if (eligible.Count == 0) eligible = placed;

        var terminal = eligible[0];
        foreach (var p in eligible)
        {
            if (p.Rank > terminal.Rank) terminal = p;
        }

        var graph = new CausalGraph(context.View, placed.Select(p => (p.Span, p.Finding)));
        var reach = graph.CanReach(terminal.Span);
        var cited = eligible.First(p => reach[p.Span.Index]);

        var withFindings = new HashSet<int>(placed.Select(p => p.Span.Index));
        var chain = graph.PathToSymptom(cited.Span, s => withFindings.Contains(s.Index), cited.Finding.Evidence.Select(e => e.Quote).ToArray());
        var summary = chain.Count > 1 ? $"{cited.Finding.Summary} It shows at {chain[^1].Path}." : cited.Finding.Summary;
        var others = placed.Where(p => !ReferenceEquals(p, cited)).Select(p => p.Finding).ToArray();
        return new Attribution(
            context.Trace.TraceId,
            CitedSpan.Of(cited.Span),
            cited.Finding.Category,
            cited.Finding.Evidence,
            chain.Select(s => s.SpanId).ToArray(),
            cited.Finding.Confidence,
            summary,
            cited.Finding.Detector,
            others);
    }

    private static int Compare(Placed a, Placed b)
    {
        var c = a.Rank.CompareTo(b.Rank);
        if (c != 0) return c;
        c = b.Finding.Confidence.CompareTo(a.Finding.Confidence);
        if (c != 0) return c;
        c = a.Priority.CompareTo(b.Priority);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Finding.Detector, b.Finding.Detector);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Finding.Category.L4, b.Finding.Category.L4);
        return c != 0 ? c : string.CompareOrdinal(a.Finding.Summary, b.Finding.Summary);
    }

    /// <summary>The span a finding names: by id, checked against its path (ids can repeat), else by path.</summary>
    private static Span? Resolve(Trace trace, CitedSpan cited)
    {
        if (trace.FindById(cited.SpanId) is { } byId && byId.Path == cited.Path) return byId;
        if (trace.TrySelect(cited.Path, out var byPath) && byPath is not null) return byPath;
        return trace.FindById(cited.SpanId);
    }
}
