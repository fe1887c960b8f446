using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent of a conversation that picks the wrong extreme from what it read: it says a value with a unit is the
/// shortest, lowest, cheapest (or longest, highest, largest) while the page or output it read lists one of the same unit
/// beyond it ("the shortest crossing is to Marram Quay at 35 min" from a timetable that lists 27 min). The values are
/// all grounded, so no fact is invented; the reading is wrong, and the turn that read it is cited (Tool Output
/// Misinterpretation). Only values with a unit or currency are compared, among at least three of the same kind in
/// the observation that holds the claimed one.
/// </summary>
internal sealed partial class MisreadExtremeDetector : IDetector
{
    // Superlatives that claim an extreme of a list. Not "least", "most", "minimum" or "maximum": "at least 5 km" and
    // "a maximum of 20 kg" state bounds, not a pick.
    [GeneratedRegex(@"\b(?:(?<min>shortest|lowest|smallest|fewest|cheapest)|(?<max>longest|highest|largest|biggest|greatest|most expensive))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Extreme();

    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["shortest", "lowest", "smallest", "fewest", "cheapest", "longest", "highest", "largest", "biggest", "greatest", "most expensive"], StringComparison.OrdinalIgnoreCase);

    public string Id => "misread-extreme";

    public int Priority => 53;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var facts = context.Facts;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            // A superlative first (one vectorised scan), the turn's facts only then.
            if (turn.Text.AsSpan().IndexOfAny(Cues) < 0) continue;
            var stated = facts.FactsOf(turn.Text);
            if (!stated.Exists(f => f.Kind == FactKind.Number && f.Dimension.Length > 0)) continue;
            foreach (Match m in Extreme().Matches(turn.Text))
            {
                var (start, end) = Sentence(turn.Text, m.Index);
                var claimed = stated.FirstOrDefault(f => f.Kind == FactKind.Number && f.Dimension.Length > 0 && f.Index >= start && f.Index < end);
                if (claimed is null) continue;
                // A sentence that lists values and asks for their extreme after them ("Given drives A = 2,140 m, B = 1,870 m
                // and C = 2,615 m, write Python that prints the longest drive") names none of them the extreme.
                if (stated.Count(f => f.Kind == FactKind.Number && f.Dimension == claimed.Dimension && f.Index >= start && f.Index < m.Index) >= 2
                    && !stated.Exists(f => f.Kind == FactKind.Number && f.Dimension == claimed.Dimension && f.Index > m.Index && f.Index < end)) continue;
                if (Source(turns, facts, turn, claimed) is not { } source) continue;
                var peers = facts.FactsOf(source.Text).Where(f => f.Kind == FactKind.Number && f.Dimension == claimed.Dimension).ToList();
                if (peers.Count < 3) continue;
                var wantMin = m.Groups["min"].Success;
                var beyond = wantMin ? peers.MinBy(f => f.Value)! : peers.MaxBy(f => f.Value)!;
                if (wantMin ? beyond.Value >= claimed.Value : beyond.Value <= claimed.Value) continue;
                yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                    string.Create(CultureInfo.InvariantCulture, $"{turn.Agent ?? "The agent"} says {claimed.Written} is the {m.Value.ToLowerInvariant()}, but {source.Agent ?? "the output"} it read at turn {source.Position + 1} lists {beyond.Written}."),
                    [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), new Evidence(source.Span.SpanId, source.Source, beyond.Written)],
                    0.65) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    /// <summary>The latest observation before the turn that states the claimed value.</summary>
    private static AgentTurn? Source(AgentTurns turns, FactIndex facts, AgentTurn turn, Fact claimed)
    {
        for (var i = turn.Position - 1; i >= 0; i--)
        {
            var t = turns.All[i];
            if (!t.IsObservation) continue;
            if (facts.FactsOf(t.Text).Exists(f => f.Key == claimed.Key)) return t;
        }

        return null;
    }

    /// <summary>The sentence around a position: from the previous line break or full stop that ends a sentence to the next.</summary>
    private static (int Start, int End) Sentence(string text, int at)
    {
        var start = at;
        while (start > 0 && text[start - 1] != '\n' && !(start >= 2 && text[start - 2] == '.' && char.IsWhiteSpace(text[start - 1]))) start--;
        var end = at;
        while (end < text.Length && text[end] != '\n' && !(text[end] == '.' && (end + 1 == text.Length || char.IsWhiteSpace(text[end + 1])))) end++;
        return (start, end);
    }
}
