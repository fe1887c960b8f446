using TraceRegress.Model;

namespace TraceRegress.Tree;

/// <summary>
/// Builds the span tree from what a reader found. Every walk is iterative so that a million-deep
/// parent chain cannot overflow the stack; nothing is dropped: orphans, cycles, duplicate ids and
/// multiple roots become warnings and the spans stay in the tree.
/// </summary>
internal static class SpanTreeBuilder
{
    /// <summary>Total order of siblings: start time, then id, then name, then source position.</summary>
    internal static readonly Comparison<Span> SiblingOrder = static (a, b) =>
    {
        var c = a.StartTimeUnixNano.CompareTo(b.StartTimeUnixNano);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.SpanId, b.SpanId);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Name, b.Name);
        if (c != 0) return c;
        c = a.DurationNanos.CompareTo(b.DurationNanos);
        return c != 0 ? c : a.SourceOrdinal.CompareTo(b.SourceOrdinal);
    };

    public static (Span[] Ordered, Span[] Roots) Build(IReadOnlyList<SpanData> data, List<TraceWarning> warnings)
    {
        var spans = new Span[data.Count];
        for (var i = 0; i < spans.Length; i++) spans[i] = new Span(data[i], i);

        // The first span (in sibling order, so file order does not matter) owns a duplicated id.
        var sorted = (Span[])spans.Clone();
        Array.Sort(sorted, SiblingOrder);
        var byId = new Dictionary<string, Span>(spans.Length, StringComparer.Ordinal);
        foreach (var span in sorted)
        {
            if (!byId.TryAdd(span.SpanId, span))
            {
                warnings.Add(new TraceWarning(TraceWarningKind.DuplicateSpanId, span.SpanId,
                    $"span id '{span.SpanId}' is used by more than one span ('{byId[span.SpanId].Name}' and '{span.Name}'); both are kept, children attach to the earlier one",
                    span.SourceLine));
            }
        }

        var parentOf = new Span?[spans.Length];
        foreach (var span in sorted)
        {
            if (span.ParentSpanId is null) continue;
            if (!byId.TryGetValue(span.ParentSpanId, out var parent))
            {
                warnings.Add(new TraceWarning(TraceWarningKind.OrphanSpan, span.SpanId,
                    $"span '{span.Name}' ({span.SpanId}) names parent '{span.ParentSpanId}', which is not in the trace; it is kept as a root",
                    span.SourceLine));
            }
            else if (ReferenceEquals(parent, span))
            {
                warnings.Add(new TraceWarning(TraceWarningKind.Cycle, span.SpanId,
                    $"span '{span.Name}' ({span.SpanId}) is its own parent; it is kept as a root", span.SourceLine));
            }
            else
            {
                parentOf[span.SourceOrdinal] = parent;
            }
        }

        BreakCycles(sorted, parentOf, warnings);

        var roots = new List<Span>();
        foreach (var span in sorted)
        {
            var parent = parentOf[span.SourceOrdinal];
            if (parent is null) roots.Add(span);
            else parent.AttachChild(span);
        }

        // Children were attached in sibling order already, since 'sorted' is in that order.
        if (roots.Count > 1)
        {
            warnings.Add(new TraceWarning(TraceWarningKind.MultipleRoots, null,
                $"the trace has {roots.Count} root spans: {string.Join(", ", roots.Take(5).Select(r => $"'{r.Name}' ({r.SpanId})"))}{(roots.Count > 5 ? ", …" : "")}"));
        }

        var ordered = AssignPaths(roots, spans.Length);
        return (ordered, roots.ToArray());
    }

    private static void BreakCycles(Span[] sorted, Span?[] parentOf, List<TraceWarning> warnings)
    {
        // State: 0 unvisited, 1 on the current walk, 2 known to reach a root.
        var state = new byte[parentOf.Length];
        var walk = new List<Span>();
        foreach (var start in sorted)
        {
            if (state[start.SourceOrdinal] != 0) continue;
            walk.Clear();
            var current = start;
            while (true)
            {
                var s = state[current.SourceOrdinal];
                if (s == 2) break;
                if (s == 1)
                {
                    // 'current' is on the walk: the spans from it to the end of the walk form a cycle.
                    var from = walk.IndexOf(current);
                    var cycle = walk.GetRange(from, walk.Count - from);
                    var cut = cycle[0];
                    foreach (var member in cycle)
                    {
                        if (SiblingOrder(member, cut) < 0) cut = member;
                    }

                    parentOf[cut.SourceOrdinal] = null;
                    warnings.Add(new TraceWarning(TraceWarningKind.Cycle, cut.SpanId,
                        $"parent links form a cycle ({string.Join(" → ", cycle.Select(c => c.SpanId))}); span '{cut.Name}' ({cut.SpanId}) is kept as a root",
                        cut.SourceLine));
                    break;
                }

                state[current.SourceOrdinal] = 1;
                walk.Add(current);
                var parent = parentOf[current.SourceOrdinal];
                if (parent is null) break;
                current = parent;
            }

            foreach (var span in walk) state[span.SourceOrdinal] = 2;
        }
    }

    private static Span[] AssignPaths(List<Span> roots, int count)
    {
        var ordered = new Span[count];
        var next = 0;
        NameSiblings(roots, parent: null);
        var stack = new Stack<Span>();
        for (var i = roots.Count - 1; i >= 0; i--) stack.Push(roots[i]);
        while (stack.Count > 0)
        {
            var span = stack.Pop();
            span.Index = next;
            ordered[next++] = span;
            NameSiblings(span.MutableChildren, span);
            for (var i = span.MutableChildren.Count - 1; i >= 0; i--) stack.Push(span.MutableChildren[i]);
        }

        return ordered;
    }

    private static void NameSiblings(List<Span> siblings, Span? parent)
    {
        Dictionary<string, int>? counts = null;
        if (siblings.Count > 1)
        {
            counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in siblings) counts[s.PathName] = counts.TryGetValue(s.PathName, out var n) ? n + 1 : 1;
        }

        Dictionary<string, int>? seen = null;
        foreach (var span in siblings)
        {
            var index = 0;
            if (counts is not null && counts[span.PathName] > 1)
            {
                seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
                index = seen.TryGetValue(span.PathName, out var n) ? n + 1 : 1;
                seen[span.PathName] = index;
            }

            var segment = SpanPath.Escape(span.PathName) + (index > 0 ? $"[{index}]" : "");
            span.SetPlace(segment, parent is null ? 0 : parent.Depth + 1, index);
        }
    }
}
