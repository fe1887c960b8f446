using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
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
/// <para>
/// A timeout or a rate limit is recovered by asking again for the same thing: a later call of the tool about something
/// else (a search for another party after the search for this one timed out) leaves the failed request unanswered. Such
/// a call recovers the failure only when the two calls' argument values share a word, or either call records none. A
/// failure of any other kind (arguments the tool refused) is recovered by whatever later call of the tool succeeds.
/// </para>
/// </summary>
internal static partial class RecoveredToolCalls
{
    public const double DemotedConfidence = 0.45;

    /// <summary>For each span index, the name of the tool whose later success recovers a failure there; null elsewhere.</summary>
    public static string?[] Find(TraceView view)
    {
        var recovered = new string?[view.Spans.Count];
        var succeededLater = new Dictionary<string, List<ToolCall>>(StringComparer.Ordinal);
        var calls = view.ToolCalls.Calls;
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            var call = calls[i];
            if (call.Name.Length == 0) continue;
            var failed = call.Execution?.Span.Status.Code == SpanStatusCode.Error || call.Error is not null;
            if (!failed)
            {
                if (call.Result is null) continue;
                if (!succeededLater.TryGetValue(call.Name, out var later)) succeededLater[call.Name] = later = [];
                later.Add(call);
                continue;
            }

            if (succeededLater.TryGetValue(call.Name, out var successes) && call.Execution?.Span is { } span
                && (!Transient(call) || successes.Exists(s => SameSubject(call, s))))
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

    // A failure that asking again can cure: a timeout or a rate limit.
    private static bool Transient(ToolCall call) =>
        call.Error is var (_, match) && ErrorText.Classify(match.Detail) is ErrorText.TimeoutIssues or ErrorText.RateLimiting;

    // Two calls ask about the same thing when their argument values share a word, or either records no arguments.
    private static bool SameSubject(ToolCall failed, ToolCall later)
    {
        if (failed.Arguments?.Text is not { Length: > 0 } a || later.Arguments?.Text is not { Length: > 0 } b) return true;
        var words = ValueWords(a);
        if (words.Count == 0) return true;
        foreach (Match m in Word().Matches(Keys().Replace(b, " ")))
        {
            if (words.Contains(m.Value)) return true;
        }

        return false;
    }

    private static HashSet<string> ValueWords(string arguments)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Word().Matches(Keys().Replace(arguments, " "))) words.Add(m.Value);
        return words;
    }

    // A JSON key with its colon: what names a value, not the value.
    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""\s*:")]
    private static partial Regex Keys();

    [GeneratedRegex(@"[\p{L}\p{N}]{3,}")]
    private static partial Regex Word();

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
