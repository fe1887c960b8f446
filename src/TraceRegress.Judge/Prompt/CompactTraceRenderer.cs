using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Judge.Prompt;

/// <summary>
/// Renders a trace for the judge within a character budget: the span tree with ids the judge can cite, names,
/// status and durations, and the content that matters (attribute and event values, JSON-escaped so a quote
/// copied from it decodes to the span's own text). A long trace does not fit: spans are taken by priority
/// (those the rules flagged, spans with an error status or an exception, the first and last model calls,
/// the top of the tree, then the rest in tree order) and the others are summarised where they sit as
/// "… n spans not shown" with their most common names, so the judge still sees the shape of what was left out.
/// </summary>
internal static class CompactTraceRenderer
{
    private const int IndentWidth = 2;
    private const int KeyValueLimit = 1_200;
    private const int NearValueLimit = 400;
    private const int OtherValueLimit = 160;
    private const int SpanContentLimit = 4_000;
    private const int NeighbourSpan = 2;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // Telemetry plumbing that tells the judge nothing about the failure.
    private static readonly string[] NoiseKeyPrefixes = ["telemetry.", "otel.", "process.", "host.", "thread.", "code.", "os.", "service."];

    // How a chosen span is written: its header only, or with content cut at this many characters per value.
    private const int HeaderOnly = 0;

    /// <summary>Renders the trace in at most <paramref name="maxCharacters"/> characters (at least the tree's top line).</summary>
    public static string Render(AgentTrace trace, IReadOnlySet<string> flaggedSpanIds, int maxCharacters)
    {
        var order = new Dictionary<Span, int>(trace.Spans.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < trace.Spans.Count; i++) order[trace.Spans[i]] = i;
        var subtree = SubtreeSizes(trace);

        var firstCall = trace.Spans.FirstOrDefault(IsModelCall);
        var lastCall = trace.Spans.Where(IsModelCall).OrderBy(s => s.StartTimeUnixNano + s.DurationNanos).LastOrDefault();
        var key = new HashSet<Span>(trace.Spans.Where(s => IsKey(s, flaggedSpanIds, firstCall, lastCall)), ReferenceEqualityComparer.Instance);
        // What happened just before and after a key span is the context the judge needs to read it.
        var neighbours = new HashSet<Span>(ReferenceEqualityComparer.Instance);
        foreach (var span in key)
        {
            var siblings = span.Parent?.Children ?? trace.Roots;
            var at = IndexOf(siblings, span);
            for (var i = Math.Max(0, at - NeighbourSpan); i <= Math.Min(siblings.Count - 1, at + NeighbourSpan); i++) neighbours.Add(siblings[i]);
        }

        var candidates = trace.Spans
            .Select((span, index) => (Span: span, Index: index, Priority: Priority(span, key, neighbours)))
            .OrderBy(c => c.Priority).ThenBy(c => c.Index)
            .ToList();

        var shown = new Dictionary<Span, int>(ReferenceEqualityComparer.Instance);
        var added = new List<Span>();
        var used = 0;
        // Room for the summary lines of what is left out, which the greedy pass does not know yet.
        var available = Math.Max(0, maxCharacters - maxCharacters / 8 - 200);
        foreach (var (span, _, priority) in candidates)
        {
            var ancestors = MissingAncestors(span, shown);
            var ancestorCost = ancestors.Sum(a => Header(a).Length + (a.Depth * IndentWidth) + 1);
            var limit = ValueLimit(priority);
            var full = Block(span, limit);
            if (used + ancestorCost + full.Length <= available)
            {
                foreach (var a in ancestors) shown[a] = HeaderOnly;
                shown[span] = limit;
                added.Add(span);
                used += ancestorCost + full.Length;
            }
            else if (priority == 0 && !shown.ContainsKey(span))
            {
                var header = Header(span).Length + (span.Depth * IndentWidth) + 1;
                if (used + ancestorCost + header > available) continue;
                foreach (var a in ancestors) shown[a] = HeaderOnly;
                shown[span] = HeaderOnly;
                added.Add(span);
                used += ancestorCost + header;
            }
        }

        // The estimate above leaves out the summary lines; drop the last-taken spans until the whole fits.
        while (true)
        {
            var text = Write(trace, shown, subtree);
            if (text.Length <= maxCharacters || added.Count == 0) return text;
            var drop = Math.Max(1, added.Count / 10);
            foreach (var span in added.TakeLast(drop)) shown.Remove(span);
            added.RemoveRange(added.Count - drop, drop);
            // A span kept only as the ancestor of a dropped one is dropped with it.
            var needed = new HashSet<Span>(ReferenceEqualityComparer.Instance);
            foreach (var span in added)
            {
                for (var s = span; s is not null; s = s.Parent) needed.Add(s);
            }

            foreach (var span in shown.Keys.Where(s => !needed.Contains(s)).ToArray()) shown.Remove(span);
        }
    }

    /// <summary>Flagged by the rules, error status or exception, or the first or last model call (the task and the final answer).</summary>
    private static bool IsKey(Span span, IReadOnlySet<string> flagged, Span? firstCall, Span? lastCall) =>
        flagged.Contains(span.SpanId) || span.Status.Code == SpanStatusCode.Error || span.Events.Any(e => e.Name == "exception")
        || ReferenceEquals(span, firstCall) || ReferenceEquals(span, lastCall);

    /// <summary>0: key spans; 1: their close siblings and the top of the tree; 2: model calls; 3: the rest.</summary>
    private static int Priority(Span span, HashSet<Span> key, HashSet<Span> neighbours)
    {
        if (key.Contains(span)) return 0;
        if (neighbours.Contains(span) || span.Depth <= 1) return 1;
        return IsModelCall(span) ? 2 : 3;
    }

    private static int IndexOf(IReadOnlyList<Span> siblings, Span span)
    {
        for (var i = 0; i < siblings.Count; i++)
        {
            if (ReferenceEquals(siblings[i], span)) return i;
        }

        return 0;
    }

    private static bool IsModelCall(Span span) =>
        span.Attributes.GetString("gen_ai.operation.name") is "chat" or "text_completion" or "generate_content"
        || span.Attributes.ContainsKey("gen_ai.request.model");

    private static int ValueLimit(int priority) => priority switch
    {
        0 => KeyValueLimit,
        1 => NearValueLimit,
        _ => OtherValueLimit,
    };

    private static List<Span> MissingAncestors(Span span, Dictionary<Span, int> shown)
    {
        var missing = new List<Span>();
        for (var parent = span.Parent; parent is not null && !shown.ContainsKey(parent); parent = parent.Parent) missing.Add(parent);
        missing.Reverse();
        return missing;
    }

    private static Dictionary<Span, int> SubtreeSizes(AgentTrace trace)
    {
        var sizes = new Dictionary<Span, int>(trace.Spans.Count, ReferenceEqualityComparer.Instance);
        // Spans are depth-first, so walking them backwards sees every child before its parent.
        for (var i = trace.Spans.Count - 1; i >= 0; i--)
        {
            var span = trace.Spans[i];
            var size = 1;
            foreach (var child in span.Children) size += sizes.GetValueOrDefault(child, 1);
            sizes[span] = size;
        }

        return sizes;
    }

    private static string Write(AgentTrace trace, Dictionary<Span, int> shown, Dictionary<Span, int> subtree)
    {
        var builder = new StringBuilder();
        var visible = shown.Count;
        builder.Append(CultureInfo.InvariantCulture, $"Trace {trace.TraceId}: {trace.Spans.Count} spans");
        builder.Append(visible == trace.Spans.Count ? ", all shown." : $", {visible} shown in full or in part; the others are summarised.");
        builder.Append('\n');
        WriteSiblings(builder, trace.Roots, shown, subtree, 0);
        return builder.ToString();
    }

    private static void WriteSiblings(StringBuilder builder, IReadOnlyList<Span> siblings, Dictionary<Span, int> shown, Dictionary<Span, int> subtree, int depth)
    {
        var omitted = new List<Span>();
        foreach (var span in siblings)
        {
            if (!shown.TryGetValue(span, out var limit))
            {
                omitted.Add(span);
                continue;
            }

            WriteOmitted(builder, omitted, subtree, depth);
            omitted.Clear();
            var indent = new string(' ', depth * IndentWidth);
            if (limit != HeaderOnly)
            {
                foreach (var line in Block(span, limit).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    builder.Append(indent).Append(line).Append('\n');
                }
            }
            else
            {
                builder.Append(indent).Append(Header(span)).Append('\n');
            }

            WriteSiblings(builder, span.Children, shown, subtree, depth + 1);
        }

        WriteOmitted(builder, omitted, subtree, depth);
    }

    private static void WriteOmitted(StringBuilder builder, List<Span> omitted, Dictionary<Span, int> subtree, int depth)
    {
        if (omitted.Count == 0) return;
        var count = omitted.Sum(s => subtree[s]);
        var names = omitted.GroupBy(s => s.Name, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3)
            .Select(g => g.Count() == 1 ? Quote(g.Key, 60) : string.Create(CultureInfo.InvariantCulture, $"{Quote(g.Key, 60)} ×{g.Count()}"));
        var errors = omitted.Count(s => s.Status.Code == SpanStatusCode.Error);
        builder.Append(' ', depth * IndentWidth)
            .Append(CultureInfo.InvariantCulture, $"… {count} span{(count == 1 ? "" : "s")} not shown ({string.Join(", ", names)}")
            .Append(omitted.Count > 3 && omitted.GroupBy(s => s.Name, StringComparer.Ordinal).Count() > 3 ? ", …" : "")
            .Append(errors > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {errors} with error status") : "")
            .Append(")\n");
    }

    private static string Header(Span span)
    {
        var builder = new StringBuilder();
        builder.Append('[').Append(span.SpanId).Append("] ").Append(Quote(span.Name, 200));
        builder.Append("  ").Append(Duration(span.DurationNanos));
        if (span.Status.Code == SpanStatusCode.Error) builder.Append("  status ERROR");
        else if (span.Status.Code == SpanStatusCode.Ok) builder.Append("  status OK");
        return builder.ToString();
    }

    private static string Block(Span span, int valueLimit)
    {
        var builder = new StringBuilder();
        builder.Append(Header(span)).Append('\n');
        var content = 0;
        foreach (var (key, value) in Content(span))
        {
            if (content >= SpanContentLimit)
            {
                builder.Append("  … more content not shown\n");
                break;
            }

            var line = $"  {key}: {Escape(value, valueLimit)}\n";
            builder.Append(line);
            content += line.Length;
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Key, string Value)> Content(Span span)
    {
        foreach (var (key, value) in span.Attributes)
        {
            if (NoiseKeyPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
            if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bytes) continue;
            yield return (key, value.ToString());
        }

        for (var i = 0; i < span.Events.Count; i++)
        {
            var e = span.Events[i];
            if (e.Attributes.Count == 0)
            {
                yield return ($"event {e.Name}", "");
                continue;
            }

            foreach (var (key, value) in e.Attributes)
            {
                if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bytes) continue;
                yield return ($"event {e.Name} {key}", value.ToString());
            }
        }

        if (span.Status.Message is { Length: > 0 } message) yield return ("status.message", message);
    }

    private static string Escape(string value, int limit)
    {
        if (value.Length <= limit) return "\"" + JsonEncodedText.Encode(value, Encoder).Value + "\"";
        var cut = value[..limit];
        // Never split a surrogate pair: the half would not encode.
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return "\"" + JsonEncodedText.Encode(cut, Encoder).Value + "\"" + string.Create(CultureInfo.InvariantCulture, $" …(+{value.Length - cut.Length} chars)");
    }

    private static string Quote(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private static string Duration(long nanos) => nanos switch
    {
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1000} µs"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000d:0.#} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000_000d:0.00} s"),
    };
}
