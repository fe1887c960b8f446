using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool declared to take an amount in whole units ("Credit amount in US dollars, e.g. 67.20") where the service reads
/// minor units, as the run shows two ways: tools of the same request are declared in minor units ("All monetary amounts
/// are integers in cents") and the fraction the call sent came back cut to whole cents (<c>"amount": 67.2</c> returned
/// as <c>"amount": 67</c>); or a record the run read gives the same sum a hundred times larger (an order's
/// <c>"amount_total": 4900</c>) and the amount sent (49) came back as sent, 49 cents. The model followed the declaration;
/// the declaration was wrong: Tool Definition Issues at the first model call whose request declares the tool, quoting its
/// declaration, what shows the minor unit and the amount the tool returned.
/// </summary>
internal sealed partial class DeclaredUnitDetector : IDetector
{
    public const string DetectorId = "declared-unit";

    // Whole units in a declaration: "in US dollars", "in pounds", "in EUR", or an example with two decimals ("e.g. 67.20").
    [GeneratedRegex(@"\bin (?:US |Canadian |Australian |New Zealand )?(?:dollars|euros|pounds(?: sterling)?|sterling|USD|EUR|GBP|CAD|AUD)\b|\be\.g\.,? ?[$€£]?\d+\.\d{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeUnits();

    // Minor units in a declaration: "integers in cents", "in pence", "minor units".
    [GeneratedRegex(@"\b(?:integers? )?(?:in|as) (?:integer )?(?:cents|pence|minor (?:currency )?units)\b|\bminor units\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinorUnits();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Result is not { } result) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name)?.Description is not { } own) continue;
            if (WholeUnits().Match(own) is not { Success: true } whole) continue;
            if (args.Json is not { ValueKind: JsonValueKind.Object } sent || result.Json is not { ValueKind: JsonValueKind.Object } returned) continue;
            var sibling = declaring.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && d.Description is { } dd && MinorUnits().IsMatch(dd));
            // The first model call whose request declares the tool: the declaration is the mistake, wherever it was read.
            var declared = FirstDeclaring(view, call.Name) ?? declaring;
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var amount) || amount <= 0) continue;
                if (!returned.TryGetProperty(field.Name, out var back) || back.ValueKind != JsonValueKind.Number || !back.TryGetDecimal(out var kept) || kept != decimal.Truncate(kept)) continue;
                // What says the service counts in minor units: a sibling tool declared so, when the fraction sent came back cut
                // to whole cents (67.2 as 67); or a record the run read that gives the same sum a hundred times larger (an
                // order's "amount_total": 4900 for the 49 sent back as 49).
                Evidence? minor = null;
                if (sibling is not null && amount != decimal.Truncate(amount) && (kept == decimal.Truncate(amount) || kept == Math.Round(amount, MidpointRounding.AwayFromZero)))
                {
                    minor = new Evidence(declared.Span.SpanId, ToolDeclarations.OfferedAt(declared, sibling.Name), MinorUnits().Match(sibling.Description!).Value);
                }
                else if (kept == amount && RecordInMinorUnits(context, call, amount) is { } record)
                {
                    minor = record;
                }

                if (minor is null) continue;
                var returnedQuote = JsonProperties.Quote(result.Text, returned.EnumerateObject().First(p => p.Name == field.Name));
                var evidence = new List<Evidence> { new(declared.Span.SpanId, ToolDeclarations.OfferedAt(declared, call.Name), whole.Value.Trim()), minor, new(result.Span.SpanId, result.Source, returnedQuote) };
                yield return context.CreateFinding(this, declared.Span, "Tool Definition Issues",
                    $"{call.Name} is declared to take whole units (\"{whole.Value.Trim()}\"), and the service reads minor units (\"{minor.Quote}\"): sent {field.Value.GetRawText()}, it returned {returnedQuote}.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = [.. new[] { call.ExecutionSpan?.SpanId }.OfType<string>(), .. context.ModelCallsAfter(declared.Span).Select(g => g.Span.SpanId)] };
                yield break;
            }
        }
    }

    private static GenAiSpan? FirstDeclaring(TraceView view, string tool) => view.Spans.FirstOrDefault(g => g.IsModelCall && ToolDeclarations.Definition(g, tool) is not null);

    // A money field of an earlier tool result that holds the amount a hundred times larger, quoted as written.
    private static Evidence? RecordInMinorUnits(DetectionContext context, ToolCall call, decimal amount)
    {
        var view = context.View;
        if (call.RequestedBy is not { } chooser) return null;
        var rank = view.Rank(chooser.Span);
        foreach (var earlier in context.CallsInOrder)
        {
            if (ReferenceEquals(earlier, call) || earlier.Result is not { } r || earlier.ExecutionSpan is not { } ran || view.Rank(ran) >= rank || r.Json is not { } root) continue;
            foreach (var record in JsonProperties.Objects(root))
            {
                foreach (var p in record.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var v) && v == amount * 100 && MoneyKey().IsMatch(p.Name))
                        return new Evidence(r.Span.SpanId, r.Source, JsonProperties.Quote(r.Text, p));
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"amount|total|price|paid|charge|cost", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoneyKey();
}
