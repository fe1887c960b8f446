using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// Tool calls that failed but were recovered from: a later call of the same tool succeeded. A failure the agent
/// got past does not explain how the run ended, so findings inside such a call's span are demoted below the
/// confidence floor (they still show among the other findings). The same holds for an HTTP request that failed and was
/// retried with success: a client span (a 429, a 503) followed under the same parent by the same method and URL answered
/// below 400, as SDKs and retry policies do; and for any other call that failed (a model's, an embedding's) followed under
/// the same parent by a call of the same name that did not.
/// </summary>
internal static class RecoveredToolCalls
{
    public const double DemotedConfidence = 0.45;

    /// <summary>For each span index, the name of the tool whose later success recovers a failure there; null elsewhere.</summary>
    public static string?[] Find(TraceView view)
    {
        var recovered = new string?[view.Spans.Count];
        var succeededLater = new HashSet<string>(StringComparer.Ordinal);
        var calls = view.ToolCalls.Calls;
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            var call = calls[i];
            if (call.Name.Length == 0) continue;
            var failed = call.Execution?.Span.Status.Code == SpanStatusCode.Error || call.Error is not null;
            if (!failed)
            {
                if (call.Result is not null) succeededLater.Add(call.Name);
                continue;
            }

            if (succeededLater.Contains(call.Name) && call.Execution?.Span is { } span)
            {
                var end = span.Index + span.Descendants().Count();
                for (var at = span.Index; at <= end; at++) recovered[at] ??= call.Name;
            }
        }

        foreach (var span in view.Trace.Spans)
        {
            if (recovered[span.Index] is not null || span.Parent is not { } parent || !Failed(span)) continue;
            // An HTTP request is the same request by method and URL, answered; any other call (a model's, an
            // embedding's) by its name, with the retry's status not an error.
            var request = Request(span);
            foreach (var sibling in parent.Children)
            {
                if (sibling.StartTimeUnixNano <= span.StartTimeUnixNano || Failed(sibling)) continue;
                if (request is not null ? StatusCode(sibling) is null || Request(sibling) != request : sibling.Name != span.Name || view[sibling].IsToolExecution) continue;
                for (var at = span.Index; at <= view.SubtreeEnd(span); at++) recovered[at] ??= request ?? span.Name;
                break;
            }
        }

        return recovered;
    }

    /// <summary>The request a client span made, "METHOD URL"; null for a span that is no HTTP request.</summary>
    private static string? Request(Span span)
    {
        var method = span.Attributes.GetString("http.request.method", "http.method");
        var url = span.Attributes.GetString("url.full", "http.url");
        return method is null || url is null ? null : $"{method} {url}";
    }

    private static long? StatusCode(Span span) => span.Attributes.GetInt64(Detectors.HttpStatusDetector.StatusAttributes);

    private static bool Failed(Span span) => span.Status.Code == SpanStatusCode.Error || StatusCode(span) >= 400;
}
