using TraceRegress.Tree;
using TraceRegress.Model;

namespace TraceRegress.Selectors;

/// <summary>
/// Resolves stable span selectors: <c>id:&lt;spanId&gt;</c>, a path from the root
/// (<c>a/b[2]/c</c>), a path suffix (<c>b/c</c>) or a bare name, each of which must match one span.
/// </summary>
internal static class SpanSelector
{
    public const string IdPrefix = "id:";

    public static IReadOnlyList<Span> Match(AgentTrace trace, string selector, out string? error)
    {
        error = null;
        if (selector.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            var id = selector[IdPrefix.Length..].Trim();
            return trace.Spans.Where(s => string.Equals(s.SpanId, id, StringComparison.OrdinalIgnoreCase)).ToArray();
        }

        var segments = SpanPath.TryParse(selector, out error);
        if (segments is null) return [];

        var last = segments[^1];
        var fromRoot = new List<Span>();
        var suffix = new List<Span>();
        foreach (var span in trace.Spans)
        {
            if (!Matches(span, last)) continue;
            var current = span;
            var ok = true;
            for (var i = segments.Count - 2; i >= 0; i--)
            {
                current = current.Parent;
                if (current is null || !Matches(current, segments[i]))
                {
                    ok = false;
                    break;
                }
            }

            if (!ok) continue;
            if (current!.Parent is null) fromRoot.Add(span);
            else suffix.Add(span);
        }

        // A full path from a root wins over a suffix that happens to match deeper in the tree.
        return fromRoot.Count > 0 ? fromRoot : suffix;
    }

    // A segment names a span by its path name; the full name (with an agent instance id in it) is accepted too.
    private static bool Matches(Span span, SpanPath.Segment segment) =>
        (string.Equals(span.PathName, segment.Name, StringComparison.Ordinal) || string.Equals(span.Name, segment.Name, StringComparison.Ordinal))
        && (segment.Index is null || segment.Index == Math.Max(1, span.SiblingIndex));

    public static Span Select(AgentTrace trace, string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var matches = Match(trace, selector, out var error);
        if (error is not null)
        {
            throw new SpanSelectionException(selector, $"'{selector}' is not a valid span selector: {error}", []);
        }

        if (matches.Count == 1) return matches[0];
        if (matches.Count > 1)
        {
            var paths = matches.Select(s => $"{s.Path} (id:{s.SpanId})").ToArray();
            throw new SpanSelectionException(selector,
                $"span selector '{selector}' is ambiguous: it matches {matches.Count} spans:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", paths)}",
                paths);
        }

        var name = selector.StartsWith(IdPrefix, StringComparison.Ordinal) ? null : SpanPath.TryParse(selector, out _)?[^1].Name;
        var near = trace.Spans
            .Where(s => name is null || s.Name.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(s.Name, StringComparison.OrdinalIgnoreCase))
            .Take(10)
            .Select(s => s.Path)
            .ToArray();
        throw new SpanSelectionException(selector,
            $"span selector '{selector}' matches no span in trace {trace.TraceId}" +
            (near.Length > 0 ? $"; spans with similar names:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", near)}" : ""),
            near);
    }
}
