using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>All the text a span carries (attribute values, event attributes, status description), split into what went in and what came out.</summary>
internal static class SpanContent
{
    public static IEnumerable<(string Text, bool IsOutput)> Of(Span span)
    {
        foreach (var (key, value) in span.Attributes)
        {
            if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bool or AttributeValueKind.Bytes) continue;
            yield return (value.ToString(), IsOutputKey(key));
        }

        foreach (var e in span.Events)
        {
            var isOutput = e.Name is "gen_ai.choice" or "gen_ai.content.completion" or "exception";
            foreach (var (_, value) in e.Attributes)
            {
                if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bool or AttributeValueKind.Bytes) continue;
                yield return (value.ToString(), isOutput);
            }
        }

        if (span.Status.Message is { Length: > 0 } message) yield return (message, true);
    }

    /// <summary>Keys that hold what a span produced rather than what it was given.</summary>
    public static bool IsOutputKey(string key) =>
        key.Contains("output", StringComparison.Ordinal) || key.Contains("completion", StringComparison.Ordinal)
        || key.Contains("response", StringComparison.Ordinal) || key.Contains("result", StringComparison.Ordinal)
        || key.Contains("answer", StringComparison.Ordinal) || key == "mlflow.spanOutputs";
}
