using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool returned two records of one kind, one marked out of date and one in force (<c>"status": "superseded"</c>
/// beside <c>"status": "current"</c>; expired, cancelled, replaced or archived beside active, valid or latest), and a
/// model call then used the out-of-date one: the figures it sent a tool, or wrote in its answer, are two or more of the
/// values only that record holds (sphere -2.25 and -3.00) and none of those only the record in force holds. The reading
/// picked the wrong record: Tool Output Misinterpretation at that call, quoting both records' status and the values used.
/// </summary>
internal sealed partial class SupersededRecordDetector : IDetector
{
    public const string DetectorId = "superseded-record";

    private static readonly HashSet<string> StatusKeys = new(StringComparer.Ordinal) { "status", "state", "recordstatus", "validity", "lifecycle" };

    [GeneratedRegex(@"^(?:superseded|expired|cancell?ed|replaced|archived|inactive|obsolete|old|previous|outdated|void|withdrawn|lapsed|revoked)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfDate();

    [GeneratedRegex(@"^(?:current|active|valid|latest|in[ _]force|effective|live)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InForce();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    private sealed record Pair(string OldStatus, string CurrentStatus, HashSet<decimal> OldOnly, HashSet<decimal> CurrentOnly);

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        List<GenAiSpan>? modelCalls = null;
        foreach (var call in context.CallsInOrder)
        {
            foreach (var result in call.Results)
            {
                if (result.Json is not { } root || !MayHoldStatus(result.Text)) continue;
                var pairs = new List<Pair>();
                foreach (var obj in JsonProperties.Objects(root))
                {
                    foreach (var p in obj.EnumerateObject())
                    {
                        if (p.Value.ValueKind == JsonValueKind.Array && Pairs(result.Text, p.Value) is { } pair) pairs.Add(pair);
                    }
                }

                if (pairs.Count == 0) continue;
                // The model calls that worked from the result: the next few after it (a record read is used soon or not at all).
                modelCalls ??= view.Spans.Where(g => g.IsModelCall).OrderBy(g => view.Rank(g.Span)).ToList();
                var rank = view.Rank(result.Span);
                var from = modelCalls.FindIndex(g => view.Rank(g.Span) > rank);
                foreach (var g in from < 0 ? [] : modelCalls.Skip(from).Take(8))
                {
                    foreach (var part in g.OutputParts)
                    {
                        var text = part.Kind == PartKind.ToolCall ? part.Arguments : part.Content;
                        if (text is not { Length: > 0 }) continue;
                        var used = Numbers(text);
                        foreach (var pair in pairs)
                        {
                            var old = pair.OldOnly.Where(used.Contains).ToList();
                            if (old.Count < 2 || pair.CurrentOnly.Any(used.Contains)) continue;
                            var what = part.Kind == PartKind.ToolCall ? $"sent {part.Name}" : "wrote";
                            var values = string.Join(", ", old.Take(4).Select(v => v.ToString(CultureInfo.InvariantCulture)));
                            yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                                $"{call.Name} returned a record in force ({pair.CurrentStatus}) beside an out-of-date one ({pair.OldStatus}), and {g.Span.Name} {what} the out-of-date record's values ({values}).",
                                [new Evidence(result.Span.SpanId, result.Source, pair.OldStatus), new Evidence(result.Span.SpanId, result.Source, pair.CurrentStatus), new Evidence(g.Span.SpanId, part.Source, Quote.Cut(text))],
                                0.65) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(g.Span).Select(m => m.Span.SpanId).ToArray() };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    // Most results mark no record out of date: a record's words for both states are looked for before any list is read.
    private static readonly string[] OutOfDateWords = ["superseded", "expired", "cancel", "replaced", "archived", "inactive", "obsolete", "old\"", "previous", "outdated", "void", "withdrawn", "lapsed", "revoked"];

    private static readonly string[] InForceWords = ["current", "active", "valid", "latest", "force", "effective", "live"];

    private static bool MayHoldStatus(string text) =>
        (text.Contains("status", StringComparison.OrdinalIgnoreCase) || text.Contains("state", StringComparison.OrdinalIgnoreCase) || text.Contains("validity", StringComparison.OrdinalIgnoreCase))
        && Array.Exists(OutOfDateWords, w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) && Array.Exists(InForceWords, w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    // Two records of a list, one out of date and one in force, with the numbers each alone holds.
    private static Pair? Pairs(string raw, JsonElement list)
    {
        JsonElement? old = null, current = null;
        string? oldStatus = null, currentStatus = null;
        var n = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (n++ >= 50 || item.ValueKind != JsonValueKind.Object) break;
            foreach (var p in item.EnumerateObject())
            {
                if (!StatusKeys.Contains(JsonProperties.Key(p.Name)) || p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } status) continue;
                if (OutOfDate().IsMatch(status) && old is null) (old, oldStatus) = (item, JsonProperties.Quote(raw, p));
                else if (InForce().IsMatch(status) && current is null) (current, currentStatus) = (item, JsonProperties.Quote(raw, p));
            }
        }

        if (old is not { } o || current is not { } c) return null;
        var oldNumbers = Leaves(o);
        var currentNumbers = Leaves(c);
        var oldOnly = new HashSet<decimal>(oldNumbers.Except(currentNumbers));
        var currentOnly = new HashSet<decimal>(currentNumbers.Except(oldNumbers));
        return oldOnly.Count >= 2 && currentOnly.Count > 0 ? new Pair(oldStatus!, currentStatus!, oldOnly, currentOnly) : null;
    }

    // The numbers of a record, at any depth, other than whole numbers that look like years or ids.
    private static HashSet<decimal> Leaves(JsonElement element)
    {
        var numbers = new HashSet<decimal>();
        foreach (var obj in JsonProperties.Objects(element))
        {
            foreach (var p in obj.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d) && d != 0 && !(d == decimal.Truncate(d) && Math.Abs(d) >= 1000)) numbers.Add(d);
            }
        }

        return numbers;
    }

    // The numbers a text states, as values: JSON numbers of arguments, and signed decimals of prose ("-2.25").
    private static HashSet<decimal> Numbers(string text)
    {
        var numbers = new HashSet<decimal>();
        foreach (Match m in Number().Matches(text))
        {
            if (decimal.TryParse(m.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) numbers.Add(d);
        }

        return numbers;
    }

    [GeneratedRegex(@"(?<![\w.])[-+−]?\d+(?:\.\d+)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
