using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A number sent under a name of one kind of unit that a tool's record gives under another kind: the record has
/// <c>"excess_m3": 29.7</c> and <c>"credit_gbp": 115.61</c>, and a model call sends <c>"amount_gbp": 29.7</c>. The call
/// took a volume for an amount of money, while the record held the amount of money it wanted beside it. Tool Output
/// Misinterpretation at that call, quoting both fields of the record and the argument. The kinds are read from the
/// names' unit endings (<c>_gbp</c>, <c>_usd</c>, <c>_pence</c> are money; <c>_m3</c>, <c>_litres</c> volume;
/// <c>_kg</c> mass; <c>_km</c> length; <c>_hours</c> time). A record with no field of the argument's kind, or whose
/// field of that kind holds the number sent, is no finding.
/// </summary>
internal sealed class CrossedUnitDetector : IDetector
{
    public const string DetectorId = "crossed-unit";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        for (var i = 1; i < calls.Count; i++)
        {
            var call = calls[i];
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } root } args) continue;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var sent) || sent == 0 || Kind(p.Name) is not { Length: > 0 } wanted) continue;
                for (var j = i - 1; j >= 0; j--)
                {
                    foreach (var result in calls[j].Results)
                    {
                        if (result.Json is not { } data || data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) continue;
                        foreach (var record in JsonProperties.Objects(data))
                        {
                            JsonProperty? taken = null, meant = null;
                            foreach (var f in record.EnumerateObject())
                            {
                                if (f.Value.ValueKind != JsonValueKind.Number || !f.Value.TryGetDecimal(out var held) || Kind(f.Name) is not { Length: > 0 } kind) continue;
                                if (kind == wanted)
                                {
                                    if (held == sent) goto NextRecord;
                                    if (meant is not { } best || Closeness(f.Name, call.Name, p.Name) > Closeness(best.Name, call.Name, p.Name)) meant = f;
                                }
                                else if (held == sent)
                                {
                                    taken ??= f;
                                }
                            }

                            if (taken is { } t && meant is { } m)
                            {
                                var written = JsonProperties.Quote(args.Text, p);
                                var takenQuote = JsonProperties.Quote(result.Text, t);
                                var meantQuote = JsonProperties.Quote(result.Text, m);
                                yield return context.CreateFinding(this, chooser.Span, "Tool Output Misinterpretation",
                                    $"{calls[j].Name} gave {takenQuote} and {meantQuote}, and {chooser.Span.Name} sent {call.Name} {written}: a figure of another kind ({KindName(Kind(t.Name)!)}) sent as {KindName(wanted)}.",
                                    [new Evidence(result.Span.SpanId, result.Source, takenQuote), new Evidence(result.Span.SpanId, result.Source, meantQuote),
                                     new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                                    with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                                yield break;
                            }

                        NextRecord:;
                        }
                    }
                }
            }
        }
    }

    // How near a field's name is to what the call asked for: the words it shares with the tool's and the argument's
    // names, less half a point for each word it adds ("credit_gbp" is nearer apply_account_credit's amount than
    // "water_credit_gbp").
    private static double Closeness(string field, string tool, string argument)
    {
        var asked = NameWords.Word().Matches(tool).Concat(NameWords.Word().Matches(argument)).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var words = NameWords.Word().Matches(field).Select(m => m.Value.ToLowerInvariant()).ToList();
        var shared = words.Count(asked.Contains);
        return shared - 0.5 * (words.Count - shared);
    }

    private static string KindName(string kind) => kind == "money" ? "an amount of money" : $"a {kind}";

    /// <summary>The kind of unit a field's name ends in: money, volume, area, mass, length or time; null for none.</summary>
    internal static string? Kind(string name)
    {
        var cut = Math.Max(name.LastIndexOf('_'), name.LastIndexOf('.'));
        if (cut < 0)
        {
            for (var k = name.Length - 1; k > 0; k--)
            {
                if (char.IsUpper(name[k]) && char.IsLower(name[k - 1])) { cut = k - 1; break; }
            }
        }

        if (cut < 0 || cut + 1 >= name.Length || name.Contains("per", StringComparison.OrdinalIgnoreCase)) return null;
        var tail = name[(cut + 1)..].ToLowerInvariant();
        switch (tail)
        {
            case "gbp" or "usd" or "eur" or "aud" or "cad" or "nzd" or "chf" or "jpy" or "sek" or "nok" or "dkk" or "inr" or "zar" or "pence" or "cents" or "pounds_sterling":
                return "money";
            case "m3" or "cubic_m" or "cbm":
                return "volume";
            case "m2" or "sqm" or "sqft" or "acres" or "hectares" or "ha":
                return "area";
        }

        // "lb" and "pounds" name a mass here: money in pounds is written _gbp. A letter alone, or "in", ends too many
        // names that are no unit ("checked_in", "zone_a") to be read as one.
        if (tail.Length < 2 || tail == "in") return null;
        var dimension = RequestedUnitDetector.DimensionOf(RequestedUnitDetector.Canonical(tail));
        return dimension.Length > 0 ? dimension : null;
    }
}
