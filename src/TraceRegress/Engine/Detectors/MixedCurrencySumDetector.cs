using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Amounts of two currencies added as one. A tool that adds (<c>sum_costs</c>, <c>add_amounts</c>, <c>total</c>) is given
/// amounts that earlier tool results state in different currencies (a result whose <c>currency</c> is USD, another whose
/// <c>billing_currency</c> is EUR), so its total counts euros as dollars. When the run converts one of those amounts only
/// after the sum, the conversion was ordered too late: Task Orchestration. When it never converts it, the currency its
/// source stated was passed over: Tool Output Misinterpretation. Cited at the model call that chose the sum (the
/// planner, for a plan run as written), quoting the sum's arguments and the two currencies.
/// </summary>
internal sealed partial class MixedCurrencySumDetector : IDetector
{
    public const string DetectorId = "mixed-currency-sum";

    [GeneratedRegex(@"sum|add|total|combine|aggregate", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Adds();

    [GeneratedRegex(@"convert|exchange|\bfx", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Converts();

    // An amount as a JSON number with a decimal part, or of five digits or more.
    [GeneratedRegex(@"(?<![\w.""-])-?(?:\d+\.\d+|\d{5,})(?![\w.""])", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    // The currency a result states for its amounts: "currency": "USD", "billing_currency": "EUR".
    [GeneratedRegex(@"""(?:\w+_)?currency(?:_code)?""\s*:\s*""(?<code>[A-Z]{3})""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyField();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var ordered = context.CallsInOrder;
        for (var i = 1; i < ordered.Count; i++)
        {
            var sum = ordered[i];
            if (!Adds().IsMatch(sum.Name) || Converts().IsMatch(sum.Name) || sum.Arguments is not { } args || sum.Error is not null) continue;
            var amounts = Amount().Matches(args.Text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
            if (amounts.Count < 2) continue;
            // Each amount's currency, from the earlier result that states it.
            var currencies = new List<(string Amount, string Code, SourcedText From)>();
            foreach (var amount in amounts)
            {
                for (var k = i - 1; k >= 0; k--)
                {
                    if (ordered[k].Results.FirstOrDefault(r => r.ErrorPayload is null && States(r.Text, amount)) is not { } from) continue;
                    if (CurrencyField().Match(from.Text) is { Success: true } code) currencies.Add((amount, code.Groups["code"].Value.ToUpperInvariant(), from));
                    break;
                }
            }

            var first = currencies.FirstOrDefault();
            if (first.Amount is null || currencies.FirstOrDefault(c => c.Code != first.Code) is not { Amount: not null } other) continue;
            if (ToolDeclarations.Chooser(view, sum) is not { } chooser) continue;
            var late = ordered.Skip(i + 1).FirstOrDefault(c => Converts().IsMatch(c.Name) && c.Arguments is { } a && currencies.Exists(x => States(a.Text, x.Amount)));
            var evidence = new List<Evidence>
            {
                new(args.Span.SpanId, args.Source, Quote.Cut(args.Text)),
                new(first.From.Span.SpanId, first.From.Source, CurrencyField().Match(first.From.Text).Value),
                new(other.From.Span.SpanId, other.From.Source, CurrencyField().Match(other.From.Text).Value),
            };
            if (late?.Arguments is { } converted) evidence.Add(new Evidence(converted.Span.SpanId, converted.Source, Quote.Cut(converted.Text)));
            var summary = late is null
                ? $"{sum.Name} adds {first.Amount} {first.Code} and {other.Amount} {other.Code} as one currency; the {other.Code} amount was never converted."
                : $"{sum.Name} adds {first.Amount} {first.Code} and {other.Amount} {other.Code} as one currency; {late.Name} converted it only after the sum.";
            yield return context.CreateFinding(this, chooser.Span, late is null ? "Tool Output Misinterpretation" : "Task Orchestration", summary, evidence, 0.7)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The text states the amount as a number of its own (21940.10 for 21940.1; not 121940.15).
    private static bool States(string text, string amount)
    {
        if (!decimal.TryParse(amount, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return false;
        foreach (Match m in Amount().Matches(text))
        {
            if (decimal.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var other) && other == value) return true;
        }

        return false;
    }
}
