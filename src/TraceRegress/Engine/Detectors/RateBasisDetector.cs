using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A rate charged per unit of something, applied as a flat price. A tool's result gives a rate and says what it is per
/// (<c>"basis": "per_metre_loa_per_night"</c> beside <c>"rate_gbp": 4.2</c>; <c>"price_per_person": 45</c>), the run
/// states how many of that unit there are (a 12.4 m boat, 6 guests), and the model call that then states a total for
/// the whole (<c>"quoted_total_gbp": 29.10</c>, "£29.10 for the stay") gives less than the rate times that quantity alone:
/// the total cannot hold the rate per unit even once. The model read a rate as a flat price: Tool Output
/// Misinterpretation at the call that wrote the total, quoting the rate, its basis, the quantity and the total.
/// </summary>
internal sealed partial class RateBasisDetector : IDetector
{
    public const string DetectorId = "rate-basis";

    // What a rate is per, in a field's name or value: per_metre, per metre, per_person, per guest.
    [GeneratedRegex(@"per[_ ](?:(?:linear|lineal|running)[_ ])?(?<unit>metre|meter|m|person|guest|head|adult|passenger|pax)(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Basis();

    // A rate field: "rate_gbp": 4.2, "price_per_person": 45, "rate": 4.20.
    [GeneratedRegex(@"""(?<key>[A-Za-z_]*(?:rate|price)[A-Za-z_]*)""\s*:\s*(?<value>\d+(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RateField();

    // A total the model states: a total field of its call's arguments, or an amount "for the stay" / "in total".
    [GeneratedRegex(@"""[A-Za-z_]*total[A-Za-z_]*""\s*:\s*(?<value>\d+(?:\.\d+)?)|[£$€]\s?(?<value>\d[\d,]*(?:\.\d+)?)\s+(?:for the (?:whole )?(?:stay|trip|booking|visit|group|party)|in total|altogether|total)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Total();

    // How many of the unit: a length in metres (12.4m, "loa_m": 12.4), a count of people (6 guests).
    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s?(?:m|metres|meters)\b(?:\s+LOA)?|""(?:loa|length)_m""\s*:\s*(?<n>\d+(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Metres();

    [GeneratedRegex(@"\b(?<n>\d{1,3})\s+(?:people|persons|guests|adults|passengers|of us)\b|""(?:guests|people|persons|party_size|pax|adults)""\s*:\s*(?<n>\d{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex People();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        // Most runs hold no rate per unit: the tools' results are read for one once, before any model call's history.
        var rated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var r in call.Results)
            {
                if (r.Text.Contains("per", StringComparison.OrdinalIgnoreCase) && Basis().IsMatch(r.Text) && RateField().IsMatch(r.Text)) rated.Add(r.Text);
            }
        }

        if (rated.Count == 0) yield break;
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall) continue;
            // The rate and its basis, from a tool result the call was given.
            (decimal Rate, string Unit, Evidence Where, Evidence Per)? rate = null;
            foreach (var part in g.InputParts)
            {
                if (part.Kind != PartKind.ToolCallResponse || part.Content is not { Length: > 0 } result || !rated.Contains(result) || Basis().Match(result) is not { Success: true } basis) continue;
                if (RateField().Match(result) is not { Success: true } field || !decimal.TryParse(field.Groups["value"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) || r <= 0) continue;
                rate = (r, Unit(basis.Groups["unit"].Value), new Evidence(g.Span.SpanId, part.Source, field.Value), new Evidence(g.Span.SpanId, part.Source, basis.Value));
                break;
            }

            if (rate is not { } found) continue;
            // How many of the unit: the largest the messages state.
            decimal quantity = 0;
            Evidence? counted = null;
            foreach (var message in g.InputMessages)
            {
                foreach (var part in message.Parts)
                {
                    if (part.Content is not { Length: > 0 } text || part.Kind == PartKind.ToolCallResponse) continue;
                    foreach (Match m in (found.Unit == "metre" ? Metres() : People()).Matches(text))
                    {
                        if (!decimal.TryParse(m.Groups["n"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= quantity) continue;
                        quantity = n;
                        counted = new Evidence(g.Span.SpanId, part.Source, m.Value);
                    }
                }
            }

            // A line item that prices pieces of a length at the rate per metre, as if it were per piece: "12 x ... 4.8m
            // (C24-47150-T): 12 @ £3.42 = £41.04".
            if (found.Unit == "metre" && PricedPerPiece(g, found.Rate) is { } piece)
            {
                yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                    string.Create(CultureInfo.InvariantCulture, $"The rate is {found.Rate} per metre, and {g.Span.Name} priced pieces of {piece.Length} m at {found.Rate} each (\"{piece.Line}\"): it read the rate per metre as a price per piece."),
                    [found.Where, found.Per, new Evidence(g.Span.SpanId, piece.Source, piece.Line)], 0.7) with { Basis = AttributionBasis.Inference };
                yield break;
            }

            if (quantity <= 1 || counted is null) continue;
            foreach (var part in g.OutputParts)
            {
                if (part.Body is not { Length: > 0 } text) continue;
                foreach (Match m in Total().Matches(text))
                {
                    if (!decimal.TryParse(m.Groups["value"].ValueSpan, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var total) || total <= 0) continue;
                    if (total >= found.Rate * quantity) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                        string.Create(CultureInfo.InvariantCulture, $"The rate is {found.Rate} per {found.Unit}, and {counted.Quote} makes at least {found.Rate * quantity} before anything else; {g.Span.Name} gives a total of {total}: it read the rate as a flat price."),
                        [found.Where, found.Per, counted, new Evidence(g.Span.SpanId, part.Source, m.Value)], 0.7) with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // A priced line: "12 @ £3.42 = £41.04", "12 x £3.42 = £41.04".
    [GeneratedRegex(@"\b(?<n>\d{1,4})\s*(?:@|x|×)\s*[£$€]?\s?(?<rate>\d+(?:\.\d+)?)\s*=\s*[£$€]?\s?(?<amount>\d[\d,]*(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex PricedLine();

    // A piece's length on a line: "4.8m", "4.8 m", "3.6 metres".
    [GeneratedRegex(@"(?<![\d.])(?<len>\d{1,2}(?:\.\d+)?)\s?(?:m|metres?|meters?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PieceLength();

    /// <summary>
    /// A line of what a model call wrote that multiplies a count of pieces by the rate per metre and gives that product,
    /// where the line states each piece's length (above one metre): the length was left out of the price. Null when none.
    /// </summary>
    private static (decimal Length, string Line, string Source)? PricedPerPiece(GenAiSpan g, decimal rate)
    {
        foreach (var part in g.OutputParts)
        {
            if (part.Body is not { Length: > 0 } text || !text.Contains('=', StringComparison.Ordinal)) continue;
            // Lines as written, and as a tool call's arguments write them (an email body's "\n" escapes).
            foreach (var line in text.Split(["\n", "\\n"], StringSplitOptions.None))
            {
                if (PricedLine().Match(line) is not { Success: true } priced) continue;
                if (!decimal.TryParse(priced.Groups["rate"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) || r != rate) continue;
                if (!decimal.TryParse(priced.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    || !decimal.TryParse(priced.Groups["amount"].ValueSpan, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var amount)
                    || Math.Abs(n * r - amount) > 0.01m) continue;
                if (PieceLength().Match(line[..priced.Index]) is not { Success: true } length
                    || !decimal.TryParse(length.Groups["len"].ValueSpan, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var metres) || metres <= 1) continue;
                return (metres, line.Trim(), part.Source);
            }
        }

        return null;
    }

    private static string Unit(string unit) => unit.ToLowerInvariant() switch
    {
        "metre" or "meter" or "m" => "metre",
        _ => "person",
    };
}
