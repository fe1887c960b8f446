using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A measure the user gave in one unit ("160 cm high"), sent to a tool under a name that gives another unit of the same
/// kind with the number unchanged (<c>"drop_mm": 160</c>): the number was copied, its unit was not converted, and the
/// service acts on a tenth of the size. Formatting Errors at the model call that wrote the argument, quoting the user's
/// measure and the argument. A number converted (<c>"width_mm": 1455</c> for 145.5 cm), or sent under a name in the
/// user's own unit, is no finding.
/// </summary>
internal sealed class UnconvertedUnitDetector : IDetector
{
    public const string DetectorId = "unconverted-unit";

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args || call.RequestedBy is not { } chooser) continue;
            List<(MessagePart Part, Fact Fact, string Unit)>? measures = null;
            foreach (var p in sent.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value) || value <= 0) continue;
                if (RecordUnitDetector.KeyUnit(p.Name) is not { } keyUnit) continue;
                var unit = RequestedUnitDetector.Canonical(keyUnit);
                var kind = RequestedUnitDetector.DimensionOf(unit);
                if (kind.Length == 0) continue;
                measures ??= Measures(context, chooser);
                var given = measures.Find(m => m.Fact.Value == value && m.Unit != unit && RequestedUnitDetector.DimensionOf(m.Unit) == kind);
                if (given.Part is null) continue;
                var written = JsonProperties.Quote(args.Text, p);
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    $"The user gave {given.Fact.Written}, and {chooser.Span.Name} sent {call.Name} {written}: the number unchanged under a name in {keyUnit}, not converted.",
                    [new Evidence(chooser.Span.SpanId, given.Part.Source, given.Fact.Written), new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                    with { Basis = AttributionBasis.UngroundedContent, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // The measures the user gave the call, each with its unit.
    private static List<(MessagePart, Fact, string)> Measures(DetectionContext context, GenAiSpan chooser)
    {
        var measures = new List<(MessagePart, Fact, string)>();
        foreach (var (_, part) in UserMessages.Parts(chooser))
        {
            foreach (var f in context.Facts.FactsOf(part.Content!))
            {
                if (f.Kind != FactKind.Number || f.Dimension.Length == 0) continue;
                var unit = RequestedUnitDetector.Canonical(f.Dimension);
                if (RequestedUnitDetector.DimensionOf(unit).Length > 0) measures.Add((part, f, unit));
            }
        }

        return measures;
    }
}
