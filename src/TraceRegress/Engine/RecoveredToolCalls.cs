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
/// <para>
/// A browser's ways of reaching a page (clicking a link, visiting a URL, searching the web) are one another's
/// alternatives: a link that answered 404 or 429 is got past when a later call of any of them loads a page.
/// </para>
/// </summary>
internal static partial class RecoveredToolCalls
{
    public const double DemotedConfidence = 0.45;

    /// <summary>For each span index, the name of the tool whose later success recovers a failure there; null elsewhere.</summary>
    public static string?[] Find(TraceView view)
    {
        var recovered = new string?[view.Spans.Count];
        var succeededLater = new HashSet<string>(StringComparer.Ordinal);
        string? navigatedLater = null;
        var calls = view.ToolCalls.Calls;
        HashSet<int>?[]? words = null;
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            var call = calls[i];
            if (call.Name.Length == 0) continue;
            // A call fails by its status, its error, or an HTTP status of 400 or more recorded on its span (a page a browser
            // tool was refused: 403); it succeeds with a result, or, recording none, with an HTTP status below 400.
            var failed = call.Execution?.Span is { } executed && Failed(executed) || call.Error is not null;
            if (!failed)
            {
                if (call.Result is null && !(call.Execution?.Span is { } answered && StatusCode(answered) is < 400)) continue;
                succeededLater.Add(call.Name);
                if (Navigates(call.Name)) navigatedLater = call.Name;
                continue;
            }

            if (call.Execution?.Span is not { } span) continue;
            var by = succeededLater.Contains(call.Name) && (!Transient(call) || AskedAgain(calls, i, words ??= new HashSet<int>?[calls.Count])) ? call.Name
                : navigatedLater is not null && Navigates(call.Name) ? navigatedLater
                : null;
            if (by is not null)
            {
                var end = span.Index + span.Descendants().Count();
                for (var at = span.Index; at <= end; at++) recovered[at] ??= by;
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

    // A later call of the same tool that succeeded and asked about the same thing. The words of each call's argument
    // values are read once (a run that timed out often asks its tool many times).
    private static bool AskedAgain(IReadOnlyList<ToolCall> calls, int failed, HashSet<int>?[] words)
    {
        var call = calls[failed];
        if (call.Arguments?.Text is not { Length: > 0 } asked) return true;
        for (var j = failed + 1; j < calls.Count; j++)
        {
            var later = calls[j];
            if (later.Name != call.Name || later.Result is null || later.Execution?.Span.Status.Code == SpanStatusCode.Error || later.Error is not null) continue;
            // A call that records no arguments, or the same ones, or shares a word of them, asked about the same thing.
            if (later.Arguments?.Text is not { Length: > 0 } again || again == asked) return true;
            var own = words[failed] ??= ValueWords(asked);
            if (own.Count == 0 || own.Overlaps(words[j] ??= ValueWords(again))) return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(?:click(?:_\w+)?|(?:visit|open|goto|go_to|navigate(?:_to)?|browse|load)(?:_(?:url|page|link|website))?|(?:web_search|search_web|bing_search|google_search))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Navigation();

    // A browser tool that loads a page: a click, a visit to a URL, a web search.
    private static bool Navigates(string tool) => Navigation().IsMatch(tool);

    // A failure that asking again can cure: a timeout or a rate limit.
    private static bool Transient(ToolCall call) =>
        call.Error is var (_, match) && ErrorText.Classify(match.Detail) is ErrorText.TimeoutIssues or ErrorText.RateLimiting;

    // The words of the argument values (runs of three or more letters or digits, case ignored, not the keys of a JSON
    // object), each kept as its hash: only whether two calls share one is asked.
    private static HashSet<int> ValueWords(string arguments)
    {
        var words = new HashSet<int>();
        var text = arguments.AsSpan();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if (i - start < 3 || IsKey(text, i)) continue;
            words.Add(string.GetHashCode(text[start..i], StringComparison.OrdinalIgnoreCase));
        }

        return words;
    }

    // A word of a JSON key (first_name, x-request-id): the rest of the name, its closing quote, then a colon.
    private static bool IsKey(ReadOnlySpan<char> text, int end)
    {
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-' or '.')) end++;
        if (end >= text.Length || text[end] != '"') return false;
        var next = text[(end + 1)..].TrimStart();
        return next.Length > 0 && next[0] == ':';
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
