using System.Globalization;
using System.Text;
using TraceRegress.Model;

namespace TraceRegress.Rendering;

/// <summary>
/// Draws a trace as a plain-text tree, one span a line with its name, id, duration and status, and
/// labels such as <c>◀ expected</c> or <c>◀ actual</c> on marked spans. Large traces keep the marked
/// spans, their ancestors and their children, and fold the rest into <c>… n more spans</c> lines.
/// The output depends only on the trace, never on culture or time zone.
/// </summary>
internal static class SpanTreeRenderer
{
    /// <summary>Traces with up to this many spans are drawn in full.</summary>
    public const int DefaultMaxSpans = 120;

    // Beyond this depth the guides are not drawn any deeper, so a pathological chain stays linear in size.
    private const int MaxIndent = 32;

    public static string Render(AgentTrace trace, IReadOnlyList<SpanMark>? marks = null, int maxSpans = DefaultMaxSpans)
    {
        ArgumentNullException.ThrowIfNull(trace);
        marks ??= [];
        var labels = new Dictionary<Span, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var mark in marks)
        {
            if (mark.Span is null) continue;
            if (!labels.TryGetValue(mark.Span, out var list)) labels[mark.Span] = list = [];
            if (!list.Contains(mark.Label, StringComparer.Ordinal)) list.Add(mark.Label);
        }

        var visible = trace.Spans.Count <= maxSpans ? null : VisibleSpans(trace, labels.Keys);
        var text = new StringBuilder();

        // Iterative depth-first walk; each frame holds the guide prefix for the children of one span.
        var stack = new Stack<(Span Span, string Prefix, bool Last, int Depth)>();
        WriteSiblings(trace.Roots, "", 0, stack, visible, text, root: true);
        while (stack.Count > 0)
        {
            var (span, prefix, last, depth) = stack.Pop();
            text.Append(prefix);
            if (depth > 0) text.Append(last ? "└─ " : "├─ ");
            WriteSpan(text, span, labels.GetValueOrDefault(span));
            var childPrefix = depth == 0 ? "" : depth > MaxIndent ? prefix : prefix + (last ? "   " : "│  ");
            WriteSiblings(span.Children, childPrefix, depth + 1, stack, visible, text, root: false);
        }

        return text.ToString();
    }

    // Pushes the visible children in reverse so they pop in order; hidden runs become one "… n more" line.
    private static void WriteSiblings(IReadOnlyList<Span> siblings, string prefix, int depth,
        Stack<(Span, string, bool, int)> stack, HashSet<Span>? visible, StringBuilder text, bool root)
    {
        if (siblings.Count == 0) return;
        var shown = visible is null ? siblings : siblings.Where(visible.Contains).ToList();
        var hidden = siblings.Count - shown.Count;
        if (hidden > 0)
        {
            // The folded line is written at once, above the shown siblings: their order is kept, and the
            // count covers whole subtrees so the reader knows how much is not drawn.
            var folded = siblings.Where(s => !visible!.Contains(s)).Sum(s => 1 + s.Descendants().Count());
            text.Append(prefix);
            if (!root) text.Append(shown.Count == 0 ? "└─ " : "├─ ");
            text.Append(CultureInfo.InvariantCulture, $"… {folded} more span{(folded == 1 ? "" : "s")} not shown").Append('\n');
        }

        for (var i = shown.Count - 1; i >= 0; i--)
        {
            stack.Push((shown[i], prefix, i == shown.Count - 1, depth));
        }
    }

    private static void WriteSpan(StringBuilder text, Span span, List<string>? labels)
    {
        text.Append(span.PathSegment.Length > 0 ? span.PathSegment : span.Name)
            .Append(" [").Append(span.SpanId).Append("]  ")
            .Append(FormatDuration(span.DurationNanos)).Append("  ")
            .Append(FormatStatus(span.Status));
        if (labels is { Count: > 0 }) text.Append("  ◀ ").Append(string.Join(", ", labels));
        text.Append('\n');
    }

    private static HashSet<Span> VisibleSpans(AgentTrace trace, IEnumerable<Span> marked)
    {
        var visible = new HashSet<Span>(ReferenceEqualityComparer.Instance);
        foreach (var root in trace.Roots) visible.Add(root);
        foreach (var span in marked)
        {
            visible.Add(span);
            foreach (var ancestor in span.Ancestors()) visible.Add(ancestor);
            foreach (var child in span.Children.Take(10)) visible.Add(child);
        }

        return visible;
    }

    public static string FormatDuration(long nanos)
    {
        if (nanos < 0) nanos = 0;
        return nanos switch
        {
            < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1000} µs"),
            < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000d:0.#} ms"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000_000d:0.00} s"),
        };
    }

    public static string FormatStatus(SpanStatus status)
    {
        var code = status.Code switch
        {
            SpanStatusCode.Ok => "OK",
            SpanStatusCode.Error => "ERROR",
            _ => "UNSET",
        };
        return string.IsNullOrWhiteSpace(status.Message) ? code : $"{code} \"{OneLine(status.Message, 80)}\"";
    }

    /// <summary>Text on one line, cut at <paramref name="max"/> characters with an ellipsis.</summary>
    public static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}

/// <summary>A label drawn beside one span of a rendered tree.</summary>
internal readonly record struct SpanMark(Span? Span, string Label);
