using TraceRegress.Model;

namespace TraceRegress.Judge.Answers;

/// <summary>
/// The text a span carries, each piece with where it sits (as <see cref="Evidence.Source"/> names it):
/// attribute values, event attribute values and the status description. A quote the judge gives must
/// occur verbatim in one of these pieces; the piece's source becomes the evidence's source.
/// </summary>
internal static class SpanText
{
    public static IEnumerable<(string Source, string Text)> Of(Span span)
    {
        foreach (var (key, value) in span.Attributes)
        {
            if (Textual(value) is { } text) yield return ($"attributes[\"{key}\"]", text);
        }

        for (var i = 0; i < span.Events.Count; i++)
        {
            var e = span.Events[i];
            foreach (var (key, value) in e.Attributes)
            {
                if (Textual(value) is { } text) yield return ($"events[{i}] {e.Name} {key}", text);
            }
        }

        if (span.Status.Message is { Length: > 0 } message) yield return ("status.message", message);
    }

    /// <summary>Where in the span a quote occurs verbatim (the first piece holding it), or null when it occurs nowhere.</summary>
    public static string? Locate(Span span, string quote)
    {
        foreach (var (source, text) in Of(span))
        {
            if (text.Contains(quote, StringComparison.Ordinal)) return source;
        }

        return null;
    }

    private static string? Textual(AttributeValue value) =>
        value.Kind is AttributeValueKind.Null or AttributeValueKind.Bool or AttributeValueKind.Bytes ? null : value.ToString();
}
