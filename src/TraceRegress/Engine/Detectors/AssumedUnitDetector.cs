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

    // The verb and unit of a statement of what unit data are in: "are given in kilometres", "is in kg". The words naming
    // what it is about are read back from there (ThingBefore).
    [GeneratedRegex(@"\b(?:are|is|were|was)\s+(?:all\s+)?(?:given\s+|stated\s+|expressed\s+|listed\s+|recorded\s+|measured\s+|shown\s+)?in\s+(?<unit>" + RequestedUnitDetector.UnitWords + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
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
        // What the data name their units by, read once: (the thing, its unit, the turn, the words as written).
        List<(string What, string Unit, AgentTurn Turn, string Written)>? named = null;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation) continue;
            foreach (Match m in Stated().Matches(turn.Text))
            {
                var unit = RequestedUnitDetector.Canonical(m.Groups["unit"].Value);
                var kind = RequestedUnitDetector.DimensionOf(unit);
                if (kind.Length == 0) continue;
                // The words the statement names the thing by ("stage distances in the official guide's table").
                var (start, words) = ThingBefore(turn.Text, m.Index);
                if (words.Count == 0) continue;
                named ??= Named(turns);
                foreach (var (what, other, data, written) in named)
                {
                    if (!words.Contains(what) || other == unit || RequestedUnitDetector.DimensionOf(other) != kind) continue;
                    var stated = turn.Text[start..(m.Index + m.Length)];
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"{turn.Agent ?? turn.Span.Name} took the data to be in {m.Groups["unit"].Value} (\"{stated}\"); the data say \"{written}\".",
                        [new Evidence(turn.Span.SpanId, turn.Source, stated), new Evidence(data.Span.SpanId, data.Source, written)], 0.65)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    private static List<(string What, string Unit, AgentTurn Turn, string Written)> Named(AgentTurns turns)
    {
        var named = new List<(string, string, AgentTurn, string)>();
        foreach (var t in turns.All)
        {
            if (!t.IsObservation) continue;
            foreach (Match n in Named().Matches(t.Text)) named.Add((Stem(n.Groups["what"].Value), RequestedUnitDetector.Canonical(n.Groups["unit"].Value), t, n.Value));
        }

        return named;
    }

    // Up to seven words before the verb, back to the start of the clause, and their stems of four letters or more.
    private static (int Start, HashSet<string> Words) ThingBefore(string text, int at)
    {
        var start = at;
        var count = 0;
        while (start > 0 && count < 7)
        {
            var c = text[start - 1];
            if (c is '.' or ',' or ';' or ':' or '\n' or '!' or '?') break;
            if (c == ' ' && start < at) count++;
            start--;
        }

        while (start < at && text[start] == ' ') start++;
        var words = text[start..at].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4 && w.All(ch => char.IsLetter(ch) || ch is '\'' or '’')).Select(Stem).ToHashSet(StringComparer.Ordinal);
        return (start, words);
    }

    private static string Stem(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length > 4 && w[^1] == 's' ? w[..^1] : w;
    }
}
