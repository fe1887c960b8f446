using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An amount written in whole units into a field that takes minor units: a call's argument named for cents or minor
/// units (<c>amount_minor</c>, <c>total_cents</c>, <c>price_pence</c>) holds a figure that the call's input states as money
/// (<c>"total_minor": 12400</c> for "$12,400.00"), where the field wants it a hundred times larger (1240000). The payment
/// moves a hundredth of what was meant: Formatting Errors, cited at the model call that wrote the arguments, quoting the
/// amount as it was given and the field as it was written. A figure that is also some stated amount in minor units (5000
/// for "$50.00") is no finding, nor is an amount under one whole unit's worth of cents.
/// </summary>
internal sealed class MinorUnitsDetector : IDetector
{
    public const string DetectorId = "minor-units";

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls.OrderBy(c => c.RequestedBy is { } r ? view.Rank(r.Span) : int.MaxValue).ThenBy(c => c.Ordinal))
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } args || !MayHold(args.Text)) continue;
            var written = MinorFields(args.Text);
            if (written.Count == 0) continue;
            var amounts = AmountsGiven(context.Facts, chooser);
            if (amounts.Count == 0) continue;
            foreach (var (name, value, quote) in written)
            {
                if (value < 100 || amounts.Exists(a => a.Value * 100 == value)) continue;
                if (amounts.Find(a => a.Value == value) is not { } given) continue;
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    string.Create(CultureInfo.InvariantCulture,
                        $"{chooser.Span.Name} wrote {quote}, the amount {given.Fact.Written} in whole units, where {name} takes minor units (cents): {given.Fact.Written} is {value * 100:0}."),
                    [new Evidence(given.Text.Span.SpanId, given.Text.Source, given.Fact.Written), new Evidence(args.Span.SpanId, args.Source, quote)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    private static bool MayHold(string text) =>
        text.Contains("minor", StringComparison.OrdinalIgnoreCase) || text.Contains("cents", StringComparison.OrdinalIgnoreCase) || text.Contains("pence", StringComparison.OrdinalIgnoreCase);

    // A key for an amount in minor units: its letters end with "minor", "minorunits", "cents" or "pence".
    private static bool IsMinorKey(string key) =>
        key.EndsWith("minor", StringComparison.Ordinal) || key.EndsWith("minorunits", StringComparison.Ordinal)
        || key.EndsWith("cents", StringComparison.Ordinal) || key.EndsWith("pence", StringComparison.Ordinal);

    /// <summary>The whole-number arguments whose names say they are in minor units, with how each is written.</summary>
    private static List<(string Name, decimal Value, string Quote)> MinorFields(string text)
    {
        var found = new List<(string, decimal, string)>();
        using var doc = JsonContent.ParseDocument(text);
        if (doc is null) return found;
        foreach (var o in JsonProperties.Objects(doc.RootElement))
        {
            foreach (var p in o.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var v) || v != decimal.Truncate(v) || !IsMinorKey(JsonProperties.Key(p.Name))) continue;
                found.Add((p.Name, v, JsonProperties.Quote(text, p)));
            }
        }

        return found;
    }

    private sealed record Amount(decimal Value, Fact Fact, SourcedText Text);

    /// <summary>The amounts of money (with a currency sign) in the texts the call was given: the task, instructions, tool results.</summary>
    private static List<Amount> AmountsGiven(FactIndex facts, GenAiSpan chooser)
    {
        var found = new List<Amount>();
        foreach (var m in chooser.InputMessages)
        {
            if (m.Role is "assistant") continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind is not (PartKind.Text or PartKind.ToolCallResponse) || part.Content is not { Length: > 0 } text) continue;
                // A history repeats its messages in every call: their facts are read once, by the run's fact index.
                foreach (var fact in facts.FactsOf(text))
                {
                    if (fact.Kind == FactKind.Number && fact.Dimension is "$" or "€" or "£" or "¥") found.Add(new Amount(fact.Value, fact, new SourcedText(chooser.Span, part.Source, text)));
                }
            }
        }

        return found;
    }
}
