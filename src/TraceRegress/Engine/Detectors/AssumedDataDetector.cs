using System.Buffers;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent of a conversation that goes on with data it says it made up: "hypothetical values", "sample data for
/// demonstration purposes", "let's assume the following figures", "since we do not have access to the file". A group
/// chat's experts do this when a file or page is out of reach, and every later step (the code, the terminal's output,
/// a verifier's approval) builds on it; whatever the run answers from there cannot be right. The first such turn is
/// cited. A turn that only warns against it ("do not use hypothetical data") is not; nor is the task's own statement.
/// </summary>
internal sealed partial class AssumedDataDetector : IDetector
{
    [GeneratedRegex(@"\bhypothetical\b|(?<!['""`]\s?|\bthe\s|\bthose\s|\bthese\s)\bplaceholders?\b(?!\s+(?:in|for|marking|standing|used by)\b)|\b(?:dummy|mock(?:ed)?|fake|fictional|fictitious|made-up|simulated|synthetic|sample|example|assumed|illustrative) (?:data(?:set)?|values?|numbers|figures|records|entries|prices|results|scores|inputs?)\b|\bfor (?:the sake of )?(?:demonstration|illustration|illustrative|example) purposes?\b|\blet(?:'s| us) (?:assume|suppose) (?:that )?(?:the following|some|a few|these|hypothetical)\b|\b(?:since|as|because) (?:we|i) (?:do not|don't|cannot|can't|can not|lack) (?:have )?(?:access|the actual)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Assumed();

    // Every phrase the expression finds holds one of these: a turn without any is passed over in one vectorised scan.
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["hypothetical", "placeholder", "dummy", "mock", "fake", "fictio", "made-up", "simulated", "synthetic", "sample", "example", "assumed", "illustrat", "demonstration", "assume", "suppose", "access", "the actual"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly string[] Negations = ["not ", "n't ", "avoid", "no ", "never", "instead of", "rather than", "replac"];

    public string Id => "assumed-data";

    public int Priority => 54;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || turn.Agent is null) continue;
            if (context.Turns.Task is { } task && ReferenceEquals(task.Span, turn.Span)) continue;
            if (turn.Text.AsSpan().IndexOfAny(Cues) < 0) continue;
            foreach (Match m in Assumed().Matches(turn.Text))
            {
                if (Negated(turn.Text, m.Index)) continue;
                var line = ErrorText.LineAround(turn.Text, m.Index);
                yield return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                    $"{turn.Agent} goes on with data it made up (\"{Quote.Cut(m.Value, 60)}\"); every later step builds on it.",
                    [new Evidence(turn.Span.SpanId, turn.Source, line)], 0.6) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    private static bool Negated(string text, int at)
    {
        var start = Math.Max(0, at - 16);
        var before = text.AsSpan(start, at - start);
        foreach (var n in Negations)
        {
            if (before.Contains(n, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
