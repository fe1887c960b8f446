using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task asks for the cheapest (or fastest) of what a tool offers ("book whichever carrier comes out cheapest
/// all-in"), a tool returned the options as a list of records that each give the figure that decides it (a quote's
/// <c>total_usd</c>, a route's <c>transit_days</c>), and a model call acted on one that is not the cheapest (or fastest)
/// of them: Tool Output Misinterpretation at that call, quoting the task's words, the picked record's figure and the
/// lower one. For a price the figure is the record's total when it gives one (a base rate before surcharges is not the
/// price), else its price, cost, fare or amount; the picked record is the one whose id the call's arguments hold.
/// </summary>
internal sealed partial class ExtremePickDetector : IDetector
{
    public const string DetectorId = "extreme-pick";

    [GeneratedRegex(@"\b(?:(?<price>cheapest|least expensive|lowest (?:price|cost|fare|rate|total|quote)|best price)|(?<time>fastest|quickest|shortest transit|soonest))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extreme();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || Extreme().Match(task.Text) is not { Success: true } asked) yield break;
        var price = asked.Groups["price"].Success;
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        // The lists of options each result holds, read once: records that all give the deciding figure.
        var offered = new List<(int Rank, ToolCall Call, SourcedText Result, List<(string Field, List<JsonElement> Records)> Lists)>();
        foreach (var call in calls)
        {
            if (call.OriginSpan is not { } origin) continue;
            foreach (var result in call.Results)
            {
                if (result.Json is { } root && Lists(root, price) is { Count: > 0 } lists) offered.Add((view.Rank(origin), call, result, lists));
            }
        }

        if (offered.Count == 0) yield break;
        foreach (var call in calls)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || call.Arguments is not { } args || ToolDeclarations.Chooser(view, call) is not { } g) continue;
            var rank = view.Rank(g.Span);
            foreach (var (at, earlier, result, lists) in offered)
            {
                if (ReferenceEquals(earlier, call) || at > rank) continue;
                foreach (var (field, records) in lists)
                {
                    var picked = records.Where(r => Named(r, args.Text)).ToList();
                    if (picked.Count != 1) continue;
                    var best = records.MinBy(r => r.GetProperty(field).GetDecimal());
                    var pickedValue = picked[0].GetProperty(field).GetDecimal();
                    if (best.GetProperty(field).GetDecimal() >= pickedValue) continue;
                    var pickedProperty = picked[0].EnumerateObject().First(p => p.NameEquals(field));
                    var bestProperty = best.EnumerateObject().First(p => p.NameEquals(field));
                    var pickedWritten = JsonProperties.Quote(result.Text, pickedProperty);
                    var bestWritten = JsonProperties.Quote(result.Text, bestProperty);
                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                        string.Create(CultureInfo.InvariantCulture, $"The task asks for the {asked.Value.ToLowerInvariant()}, and {g.Span.Name} acted on the option with {pickedWritten} though {earlier.Name} listed one with {bestWritten}."),
                        [new Evidence(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, asked.Index)), new Evidence(result.Span.SpanId, result.Source, pickedWritten),
                         new Evidence(result.Span.SpanId, result.Source, bestWritten), new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    yield break;
                }
            }
        }
    }

    /// <summary>The lists of two or more records of a result that all give the deciding figure, with its field.</summary>
    private static List<(string Field, List<JsonElement> Records)> Lists(JsonElement root, bool price)
    {
        var lists = new List<(string, List<JsonElement>)>();
        var stack = new Stack<(JsonElement, int)>([(root, 0)]);
        var visited = 0;
        while (stack.Count > 0 && visited++ < 1024)
        {
            var (e, depth) = stack.Pop();
            if (depth > 6) continue;
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) stack.Push((p.Value, depth + 1));
                }

                continue;
            }

            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() < 2) continue;
            var records = e.EnumerateArray().ToList();
            if (!records.TrueForAll(r => r.ValueKind == JsonValueKind.Object)) continue;
            foreach (var r in records) stack.Push((r, depth + 1));
            if (Deciding(records[0], price) is not { } field || !records.TrueForAll(r => r.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number)) continue;
            lists.Add((field, records));
        }

        return lists;
    }

    /// <summary>The field that decides: for a price, a total if the record gives one, else a price, cost, fare or amount; for time, a transit, duration or days.</summary>
    private static string? Deciding(JsonElement record, bool price)
    {
        string? fallback = null;
        foreach (var p in record.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number) continue;
            var key = p.Name.ToLowerInvariant();
            if (price)
            {
                if (key.Contains("total", StringComparison.Ordinal) || key.Contains("all_in", StringComparison.Ordinal) || key.Contains("allin", StringComparison.Ordinal)) return p.Name;
                if (fallback is null && (key.Contains("price", StringComparison.Ordinal) || key.Contains("cost", StringComparison.Ordinal) || key.Contains("fare", StringComparison.Ordinal) || key.Contains("amount", StringComparison.Ordinal))) fallback = p.Name;
            }
            else if (key.Contains("transit", StringComparison.Ordinal) || key.Contains("duration", StringComparison.Ordinal) || key.EndsWith("days", StringComparison.Ordinal) || key.EndsWith("minutes", StringComparison.Ordinal) || key.EndsWith("hours", StringComparison.Ordinal))
            {
                return p.Name;
            }
        }

        return fallback;
    }

    // The record the arguments name: one of its string values of four characters or more stands in them as a value.
    private static bool Named(JsonElement record, string arguments)
    {
        foreach (var p in record.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 4 } id && arguments.Contains($"\"{id}\"", StringComparison.Ordinal)) return true;
        }

        return false;
    }
}
