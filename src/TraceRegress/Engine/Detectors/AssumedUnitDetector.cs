using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step states what unit the data are in ("the stage distances in the guide's table are given in kilometres") and the
/// data say otherwise, in so many words: a file's header, a page or a printout names another unit of the same kind for
/// the same thing ("Distances in miles"). Everything computed after it carried the wrong unit: Incorrect Problem
/// Identification at the step that stated it, quoting both.
/// </summary>
internal sealed partial class AssumedUnitDetector : IDetector
{
    public const string DetectorId = "assumed-unit";

    // "distances … are given in kilometres", "the weights are in pounds", "figures are expressed in kg".
    [GeneratedRegex(@"\b(?<what>[a-z]{4,}(?:\s+[a-z'’()-]+){0,6}?)\s+(?:are|is|were|was)\s+(?:all\s+)?(?:given\s+|stated\s+|expressed\s+|listed\s+|recorded\s+|measured\s+|shown\s+)?in\s+(?<unit>" + RequestedUnitDetector.UnitWords + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Stated();

    // What the data say: "Distances in miles", "distance (miles)", "weights are in kg".
    [GeneratedRegex(@"\b(?<what>[a-z]{4,})\s*(?:(?:are|is)\s+)?(?:in\s+|\()(?<unit>" + RequestedUnitDetector.UnitWords + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation) continue;
            foreach (Match m in Stated().Matches(turn.Text))
            {
                // The words the statement names the thing by ("stage distances in the official guide's table").
                var what = m.Groups["what"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4).Select(Stem).ToHashSet(StringComparer.Ordinal);
                var unit = RequestedUnitDetector.Canonical(m.Groups["unit"].Value);
                var kind = RequestedUnitDetector.DimensionOf(unit);
                if (kind.Length == 0) continue;
                foreach (var data in turns.All)
                {
                    if (!data.IsObservation) continue;
                    foreach (Match n in Named().Matches(data.Text))
                    {
                        var other = RequestedUnitDetector.Canonical(n.Groups["unit"].Value);
                        if (!what.Contains(Stem(n.Groups["what"].Value)) || other == unit || RequestedUnitDetector.DimensionOf(other) != kind) continue;
                        yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                            $"{turn.Agent ?? turn.Span.Name} took the data to be in {m.Groups["unit"].Value} (\"{m.Value}\"); the data say \"{n.Value}\".",
                            [new Evidence(turn.Span.SpanId, turn.Source, m.Value), new Evidence(data.Span.SpanId, data.Source, n.Value)], 0.65)
                            with { Basis = AttributionBasis.Inference };
                        yield break;
                    }
                }
            }
        }
    }

    private static string Stem(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length > 4 && w[^1] == 's' ? w[..^1] : w;
    }
}
