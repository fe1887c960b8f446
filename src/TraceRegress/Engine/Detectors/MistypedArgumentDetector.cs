using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool call that found nothing (a 404, "not found") for an id its arguments give (<c>"stationId": "st_8F2K91"</c>)
/// that no earlier text holds, while an earlier tool result holds the same id with two adjacent characters swapped or
/// one character changed (<c>st_8F2K19</c>): the model call that wrote the arguments got the id wrong, and the tool's
/// "not found" is the symptom. Tool-related hallucination at that call, quoting the id it sent and the one the result
/// gave.
/// </summary>
internal sealed partial class MistypedArgumentDetector : IDetector
{
    public const string DetectorId = "mistyped-argument";

    // A token that may be an id: letters, digits, '_' and '-', with a digit, five characters or more.
    [GeneratedRegex(@"(?<![\w-])[A-Za-z0-9][\w-]{3,}[A-Za-z0-9](?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"\b404\b|not[ _]found|NOT_FOUND|NotFound|no such|does not exist|doesn't exist|unknown (?:id|station|item|record)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotFound();

    public string Id => DetectorId;

    public int Priority => 14;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { } g || !FoundNothing(call) || call.Arguments is not { } args || !args.Text.AsSpan().TrimStart().StartsWith("{")) continue;
            var rank = view.Rank(g.Span);
            List<SourcedText>? earlier = null;
            foreach (var value in StringValues(args.Text))
            {
                if (value.Length < 5 || !value.Any(char.IsAsciiDigit) || value.Any(char.IsWhiteSpace)) continue;
                // Written before (the task, an earlier result): the id was copied rightly; the tool lost it.
                earlier ??= calls.Where(c => !ReferenceEquals(c, call) && c.OriginSpan is { } o && view.Rank(o) <= rank).SelectMany(c => c.Results).ToList();
                if ((context.Turns.Task?.Text.Contains(value, StringComparison.Ordinal) ?? false) || earlier.Any(r => r.Text.Contains(value, StringComparison.Ordinal))) continue;
                foreach (var result in earlier)
                {
                    var near = Token().Matches(result.Text).Select(m => m.Value).FirstOrDefault(t => Near(t, value));
                    if (near is null) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool-related hallucination",
                        $"{g.Span.Name} asked {call.Name} about {value}, an id no earlier text holds; {result.Span.Name} had given {near}. {call.Name} found nothing.",
                        [new Evidence(args.Span.SpanId, args.Source, value), new Evidence(result.Span.SpanId, result.Source, near)], 0.8)
                        with { Explains = (call.ExecutionSpan is { } executed ? executed.Descendants().Prepend(executed).Select(s => s.SpanId) : []).ToArray() };
                    yield break;
                }
            }
        }
    }

    // The call's result, its execution span's status or an HTTP call under it says nothing was found.
    // Text holding none of these cannot say that nothing was found: the pattern is not run on it.
    private static readonly System.Buffers.SearchValues<string> NotFoundCues = System.Buffers.SearchValues.Create(
        ["404", "not found", "not_found", "notfound", "no such", "not exist", "n't exist", "unknown"], StringComparison.OrdinalIgnoreCase);

    private static bool FoundNothing(GenAi.ToolCall call)
    {
        if (call.Results.Any(r => r.Text.AsSpan().IndexOfAny(NotFoundCues) >= 0 && NotFound().IsMatch(r.Text))) return true;
        if (call.ExecutionSpan is not { } span) return false;
        foreach (var s in span.Descendants().Prepend(span))
        {
            if (s.Attributes.GetString("http.status_code", "http.response.status_code") is "404") return true;
            if (s.Status.Message is { } d && NotFound().IsMatch(d)) return true;
        }

        return false;
    }

    private static IEnumerable<string> StringValues(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) yield break;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String) yield return p.Value.GetString()!;
            }
        }
    }

    // The same length with two adjacent characters swapped, or one character changed.
    private static bool Near(string a, string b)
    {
        if (a.Length != b.Length || a == b) return false;
        var differ = new List<int>();
        for (var i = 0; i < a.Length && differ.Count <= 2; i++)
        {
            if (a[i] != b[i]) differ.Add(i);
        }

        return differ.Count == 1 || (differ.Count == 2 && differ[1] == differ[0] + 1 && a[differ[0]] == b[differ[1]] && a[differ[1]] == b[differ[0]]);
    }
}
