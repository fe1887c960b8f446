using System.Text.Json;
using System.Text.RegularExpressions;
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
internal sealed partial class CrossedUnitDetector : IDetector
{
    public const string DetectorId = "crossed-unit";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        // A name's kind, worked out once per distinct name (records of one schema repeat theirs).
        var kinds = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? KindOf(string name)
        {
            if (!kinds.TryGetValue(name, out var kind)) kinds[name] = kind = Kind(name);
            return kind;
        }

        // Each result's records, as the numbers they give under names of a kind of unit: read once per result (most give none).
        var unitsOf = new Dictionary<SourcedText, List<List<(string Kind, decimal Value, JsonProperty Field)>>>();
        List<List<(string Kind, decimal Value, JsonProperty Field)>> UnitsOf(SourcedText result)
        {
            if (unitsOf.TryGetValue(result, out var records)) return records;
            records = [];
            if (result.Json is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } data)
            {
                foreach (var record in JsonProperties.Objects(data))
                {
                    List<(string, decimal, JsonProperty)>? numbers = null;
                    foreach (var f in record.EnumerateObject())
                    {
                        if (f.Value.ValueKind == JsonValueKind.Number && KindOf(f.Name) is { } kind && f.Value.TryGetDecimal(out var held)) (numbers ??= []).Add((kind, held, f));
                    }

                    // A record can hold a figure of one kind taken for another only when it gives two kinds.
                    if (numbers is { Count: >= 2 } && numbers.Exists(n => n.Item1 != numbers[0].Item1)) records.Add(numbers);
                }
            }

            unitsOf[result] = records;
            return records;
        }

        for (var i = 1; i < calls.Count; i++)
        {
            var call = calls[i];
            // Arguments read only when their text gives a number under a name of a kind of unit (most give none).
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } args
                || !NumberKey().Matches(args.Text).Any(m => KindOf(m.Groups["k"].Value) is not null)
                || args.Json is not { ValueKind: JsonValueKind.Object } root) continue;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var sent) || sent == 0 || KindOf(p.Name) is not { Length: > 0 } wanted) continue;
                for (var j = i - 1; j >= Math.Max(0, i - DetectionContext.CallLookBack); j--)
                {
                    // Indexed, not enumerated: this runs for every pair of calls.
                    var results = calls[j].Results;
                    for (var r = 0; r < results.Count; r++)
                    {
                        var result = results[r];
                        // A result that does not write the number holds no record to read (and need not be parsed).
                        if (!result.Text.Contains(p.Value.GetRawText(), StringComparison.Ordinal)) continue;
                        foreach (var record in UnitsOf(result))
                        {
                            // The record gives the number sent under another kind, and none of the argument's kind holds it.
                            if (record.Exists(n => n.Kind == wanted && n.Value == sent)) continue;
                            if (record.FindIndex(n => n.Kind != wanted && n.Value == sent) is not (>= 0 and var at)) continue;
                            var candidates = record.Where(n => n.Kind == wanted).ToList();
                            if (candidates.Count == 0) continue;
                            var meant = candidates.MaxBy(n => Closeness(n.Field.Name, call.Name, p.Name)).Field;
                            var taken = record[at];
                            var written = JsonProperties.Quote(args.Text, p);
                            var takenQuote = JsonProperties.Quote(result.Text, taken.Field);
                            var meantQuote = JsonProperties.Quote(result.Text, meant);
                            yield return context.CreateFinding(this, chooser.Span, "Tool Output Misinterpretation",
                                $"{calls[j].Name} gave {takenQuote} and {meantQuote}, and {chooser.Span.Name} sent {call.Name} {written}: a figure of another kind ({KindName(taken.Kind)}) sent as {KindName(wanted)}.",
                                [new Evidence(result.Span.SpanId, result.Source, takenQuote), new Evidence(result.Span.SpanId, result.Source, meantQuote),
                                 new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                                with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                            yield break;
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

    // A key written before a number: "amount_gbp": 29.7.
    [GeneratedRegex(@"""(?<k>[A-Za-z_][\w.]{0,60})""\s*:\s*-?\d", RegexOptions.CultureInvariant)]
    private static partial Regex NumberKey();

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
