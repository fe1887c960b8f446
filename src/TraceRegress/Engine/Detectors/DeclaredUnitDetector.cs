using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool declared to take an amount in whole units ("Credit amount in US dollars, e.g. 67.20") beside tools of the same
/// request declared in minor units ("All monetary amounts are integers in cents"), and the service read it as its
/// siblings do: the call sent a fraction (<c>"amount": 67.2</c>) and the tool's result gives the same field back as the
/// whole number it kept (<c>"amount": 67</c>, 67 cents). The model followed the declaration; the declaration was wrong:
/// Tool Definition Issues at the first model call whose request declares the tool, quoting its declaration, the
/// siblings' unit and the amount the tool returned. A result that gives the amount back as sent, or a request whose
/// other tools declare no minor unit, is no finding.
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
            if (call.Arguments is not { } args || call.Result is not { } result || args.Text.IndexOf('.') < 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name)?.Description is not { } own) continue;
            if (WholeUnits().Match(own) is not { Success: true } whole) continue;
            var sibling = declaring.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && d.Description is { } dd && MinorUnits().IsMatch(dd));
            if (sibling is null) continue;
            if (!JsonContent.TryParseStructured(args.Text, out var sent) || sent.ValueKind != JsonValueKind.Object) continue;
            if (!JsonContent.TryParseStructured(result.Text, out var returned) || returned.ValueKind != JsonValueKind.Object) continue;
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var amount) || amount == decimal.Truncate(amount)) continue;
                if (!returned.TryGetProperty(field.Name, out var back) || back.ValueKind != JsonValueKind.Number || !back.TryGetDecimal(out var kept)) continue;
                // The service kept the whole part, or the nearest whole number: the fraction was read as a fraction of a cent.
                if (kept != decimal.Truncate(kept) || (kept != decimal.Truncate(amount) && kept != Math.Round(amount, MidpointRounding.AwayFromZero))) continue;
                // The first model call whose request declares the tool: the declaration is the mistake, wherever it was read.
                var first = view.Spans.FirstOrDefault(g => g.IsModelCall && ToolDeclarations.Definition(g, call.Name) is not null) ?? declaring;
                var minor = MinorUnits().Match(sibling.Description!).Value;
                var returnedQuote = JsonProperties.Quote(result.Text, returned.EnumerateObject().First(p => p.Name == field.Name));
                var evidence = new List<Evidence>
                {
                    new(first.Span.SpanId, ToolDeclarations.OfferedAt(first, call.Name), whole.Value.Trim()),
                    new(first.Span.SpanId, ToolDeclarations.OfferedAt(first, sibling.Name), minor),
                    new(result.Span.SpanId, result.Source, returnedQuote),
                };
                yield return context.CreateFinding(this, first.Span, "Tool Definition Issues",
                    $"{call.Name} is declared to take whole units (\"{whole.Value.Trim()}\") beside {sibling.Name} in minor units (\"{minor}\"), and the service read it in minor units: sent {field.Value.GetRawText()}, it returned {returnedQuote}.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = new[] { call.RequestedBy?.Span.SpanId, call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }
}
