using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record says how much is left (<c>"available_minor": 5750</c> beside <c>"monthly_cap_minor": 250000</c>,
/// <c>"spent_to_date_minor": 231450</c>, <c>"pending_authorisations_minor": 12800</c>), and a model call that read it
/// states another amount as what is left ("MKT-04 has £185.50 left to spend"), one it worked out from two of the record's
/// other figures (the cap less what was spent) while the record's own figure takes a third into account. Tool Output
/// Misinterpretation at the first call that states it, quoting the record's figure and the sentence. Amounts in minor
/// units (<c>_minor</c>, <c>_cents</c>, <c>_pence</c>) are read in the currency's major unit.
/// </summary>
internal sealed partial class AvailableAmountDetector : IDetector
{
    public const string DetectorId = "available-amount";

    // A sentence that says how much is left: "£185.50 left to spend", "available balance", "remaining headroom".
    [GeneratedRegex(@"\b(?:left|available|remaining|remains|headroom|to spend)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Left();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (result.Json is not { ValueKind: JsonValueKind.Object } root || Record(root, result.Text) is not { } record) continue;
                var rank = view.Rank(result.Span);
                foreach (var g in view.Spans)
                {
                    if (!g.IsModelCall || view.Rank(g.Span) <= rank) continue;
                    foreach (var (text, source) in Said(context, g))
                    {
                        foreach (var fact in Facts.Extract(text))
                        {
                            if (fact.Kind != FactKind.Number || fact.Dimension.Length == 0 || fact.Value == record.Left || !record.Differences.Contains(fact.Value)) continue;
                            var sentence = Requests.Sentence(text, fact.Index).Trim();
                            if (!Left().IsMatch(sentence)) continue;
                            yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                                $"{call.Name} gave what is left ({record.Quote}), and {g.Span.Name} stated {fact.Written} instead, worked out from the record's other figures (\"{sentence}\").",
                                [new Evidence(result.Span.SpanId, result.Source, record.Quote), new Evidence(g.Span.SpanId, source, sentence)], 0.75)
                                with { Basis = AttributionBasis.UngroundedContent };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    private sealed record LeftRecord(decimal Left, string Quote, HashSet<decimal> Differences);

    // What a model call wrote: its answer's text parts, and the sentences it wrote into its calls' arguments.
    private static IEnumerable<(string Text, string Source)> Said(DetectionContext context, GenAiSpan g)
    {
        foreach (var p in g.OutputParts)
        {
            if (p.Kind == PartKind.Text && p.Content is { Length: > 0 } c) yield return (c, p.Source);
        }

        foreach (var prose in context.Facts.ArgumentSentences(g.Span)) yield return (prose.Text, prose.Source);
    }

    /// <summary>The record's amount left and the differences of any two of its other amounts; null when it gives no amount left or fewer than three amounts.</summary>
    private static LeftRecord? Record(JsonElement root, string raw)
    {
        decimal? available = null;
        string? quote = null;
        var others = new List<decimal>();
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var v)) continue;
            var key = JsonProperties.Key(p.Name);
            var value = key.EndsWith("minor", StringComparison.Ordinal) || key.EndsWith("cents", StringComparison.Ordinal) || key.EndsWith("pence", StringComparison.Ordinal) ? v / 100 : v;
            if (available is null && (key.StartsWith("available", StringComparison.Ordinal) || key.StartsWith("remaining", StringComparison.Ordinal) || key.Contains("left", StringComparison.Ordinal)))
            {
                (available, quote) = (value, JsonProperties.Quote(raw, p));
                continue;
            }

            if (value > 0) others.Add(value);
        }

        if (available is not { } left || others.Count < 3) return null;
        var differences = new HashSet<decimal>();
        foreach (var a in others)
        {
            foreach (var b in others)
            {
                if (a > b && a - b != left) differences.Add(a - b);
            }
        }

        return new LeftRecord(left, quote!, differences);
    }
}
