using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record holds a quantity that has not arrived yet (<c>"incoming": [{"po": "PO-3381", "qty": 60,
/// "eta": "2025-05-14"}]</c>: stock on an open order, a delivery on its way, a transfer in transit), and a model call
/// counts it into what is there for an earlier date: it states a total that is the incoming quantity added to the
/// record's own figures ("67 pink peony stems available", 7 on hand plus 60) while the date it acts on
/// (<c>"delivery_date": "2025-05-10"</c> in the call it makes, or a date it writes) comes before the arrival.
/// Tool Output Misinterpretation at the first model call that states that total, quoting the arrival date, the
/// total and the date acted on.
/// </summary>
internal sealed class IncomingStockDetector : IDetector
{
    public const string DetectorId = "incoming-stock";

    // Keys that date an arrival: an eta, an expected or arrival date, the first day something is available.
    private static readonly string[] ArrivalKeys = ["eta", "etadate", "expectedarrival", "expecteddate", "expectedon", "expectedby", "arrivaldate", "arrives", "arrivesat", "arriveson", "arriving", "availablefrom", "availableon", "availabledate", "duein", "duedate"];

    // The words an arrival's key is written with, looked for in a result's text before it is read field by field.
    private static readonly System.Buffers.SearchValues<string> ArrivalWords =
        System.Buffers.SearchValues.Create(["eta", "expected", "arriv", "available_from", "availableFrom", "available_on", "availableOn", "due"], StringComparison.OrdinalIgnoreCase);

    // Keys that count what arrives.
    private static readonly string[] QuantityKeys = ["qty", "quantity", "units", "count", "stems", "pieces", "items", "amount", "volume"];

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
                // Most results date no arrival: the raw text is looked at before the record is walked.
                if (result.Text.AsSpan().IndexOfAny(ArrivalWords) < 0 || result.Json is not { ValueKind: JsonValueKind.Object } root) continue;
                foreach (var incoming in Incoming(root, result.Text))
                {
                    var totals = Totals(root, incoming.Quantity);
                    if (totals.Count == 0) continue;
                    var rank = view.Rank(result.Span);
                    foreach (var g in view.Spans)
                    {
                        if (!g.IsModelCall || view.Rank(g.Span) <= rank || g.OutputText is not { Length: > 0 } said) continue;
                        var stated = Facts.Extract(said).FirstOrDefault(f => f.Kind == FactKind.Number && totals.Contains(f.Value) && !result.Text.Contains(f.Written, StringComparison.Ordinal));
                        if (stated is null) continue;
                        if (ActedOn(g, said) is not { } acted || acted.Date >= incoming.Arrives) continue;
                        var part = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(stated.Written, StringComparison.Ordinal));
                        if (part is null) continue;
                        var sentence = Requests.Sentence(part.Content!, part.Content!.IndexOf(stated.Written, StringComparison.Ordinal)).Trim();
                        yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                            string.Create(CultureInfo.InvariantCulture, $"{call.Name} said {incoming.Quantity} more arrive only on {incoming.Arrives:yyyy-MM-dd}, and {g.Span.Name} counted them into {stated.Written} for {acted.Date:yyyy-MM-dd} (\"{sentence}\")."),
                            [new Evidence(result.Span.SpanId, result.Source, incoming.Quote), new Evidence(g.Span.SpanId, part.Source, sentence), new Evidence(g.Span.SpanId, acted.Source, acted.Quote)], 0.75)
                            with { Basis = AttributionBasis.UngroundedContent };
                        yield break;
                    }
                }
            }
        }
    }

    private sealed record Arrival(decimal Quantity, DateTime Arrives, string Quote);

    private sealed record Acted(DateTime Date, string Source, string Quote);

    /// <summary>Each object inside the record (never the record itself) that gives a quantity and the date it arrives.</summary>
    private static IEnumerable<Arrival> Incoming(JsonElement root, string raw)
    {
        foreach (var o in JsonProperties.Objects(root))
        {
            if (o.Equals(root)) continue;
            decimal? quantity = null;
            DateTime? arrives = null;
            string? quote = null;
            foreach (var p in o.EnumerateObject())
            {
                var key = JsonProperties.Key(p.Name);
                if (p.Value.ValueKind == JsonValueKind.Number && QuantityKeys.Contains(key) && p.Value.TryGetDecimal(out var q) && q > 0) quantity = q;
                else if (p.Value.ValueKind == JsonValueKind.String && ArrivalKeys.Contains(key) && StaleSourceDetector.Parse(p.Value.GetString()!) is { } d)
                {
                    arrives = d;
                    quote = JsonProperties.Quote(raw, p);
                }
            }

            if (quantity is { } qty && arrives is { } at) yield return new Arrival(qty, at, quote!);
        }
    }

    /// <summary>
    /// The totals that count an incoming quantity as there: it added to one of the record's own top-level figures
    /// (on hand), or to one less another (on hand less reserved).
    /// </summary>
    private static HashSet<decimal> Totals(JsonElement root, decimal incoming)
    {
        var own = new List<decimal>();
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var v) && v > 0) own.Add(v);
        }

        var totals = new HashSet<decimal>();
        for (var i = 0; i < own.Count; i++)
        {
            totals.Add(own[i] + incoming);
            for (var j = 0; j < own.Count; j++)
            {
                if (j != i && own[i] > own[j]) totals.Add(own[i] - own[j] + incoming);
            }
        }

        // A total that is one of the record's own figures says nothing about the incoming quantity.
        foreach (var v in own) totals.Remove(v);
        totals.Remove(incoming);
        return totals;
    }

    /// <summary>The date a model call acts on: a date that names a day in the arguments of a call it makes, else one it writes.</summary>
    private static Acted? ActedOn(GenAiSpan g, string said)
    {
        foreach (var p in g.OutputParts)
        {
            if (p.Kind != PartKind.ToolCall || p.Arguments is not { Length: > 0 } args) continue;
            foreach (var f in Facts.Extract(args))
            {
                if (f.Kind == FactKind.Date && StaleSourceDetector.Parse(f.Written) is { } d && DigitGroups(f.Written) >= 2) return new Acted(d, p.Source, f.Written);
            }
        }

        foreach (var f in Facts.Extract(said))
        {
            if (f.Kind != FactKind.Date || StaleSourceDetector.Parse(f.Written) is not { } d || DigitGroups(f.Written) < 2) continue;
            var part = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(f.Written, StringComparison.Ordinal));
            if (part is not null) return new Acted(d, part.Source, f.Written);
        }

        return null;
    }

    // "10 May 2025" and "2025-05-10" name a day; "May 2025" names only a month.
    private static int DigitGroups(string written)
    {
        var groups = 0;
        for (var i = 0; i < written.Length; i++)
        {
            if (char.IsAsciiDigit(written[i]) && (i == 0 || !char.IsAsciiDigit(written[i - 1]))) groups++;
        }

        return groups;
    }
}
