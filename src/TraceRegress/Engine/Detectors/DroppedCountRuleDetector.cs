using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A plan that restates the task without its rule for counting. The task says how to count ("Count each chamber of a
/// staircase lock as a separate lock", "treat every leg as one trip"), and the first turn that restates the task as a
/// plan (a manager's task description and plan, an orchestrator's fact sheet) says, outside the task it quotes, nothing
/// of what the rule is about (no staircase, no chamber: "Each row of the file is one lock"). The team counts by the plan:
/// Incorrect Problem Identification at that turn, quoting the rule. A plan that names what the rule is about is no
/// finding, whatever it says of it.
/// </summary>
internal sealed partial class DroppedCountRuleDetector : IDetector
{
    public const string DetectorId = "dropped-count-rule";

    [GeneratedRegex(@"\b(?:count|treat|consider)\s+(?:each|every|all|any)\s+(?<what>[^.?!\n]{3,80}?)\s+(?:as\s+(?:a\s+)?(?:separate|distinct|single|one)\b[^.?!\n]{0,30}|separately|individually)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountRule();

    // What makes a turn a restated plan.
    [GeneratedRegex(@"##\s*Plan\b|\bPlan for solving\b|\bHere is the (?:plan|initial fact sheet)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlanMarker();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || CountRule().Match(task.Text) is not { Success: true } rule) yield break;
        var about = Words(rule.Groups["what"].Value);
        if (about.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || !PlanMarker().IsMatch(turn.Text)) continue;
            // The plan's own words: the turn without the paragraph that quotes the rule.
            var text = turn.Text;
            var at = text.IndexOf(rule.Value, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = text.LastIndexOf("\n\n", at, StringComparison.Ordinal);
                var end = text.IndexOf("\n\n", at, StringComparison.Ordinal);
                text = text[..Math.Max(0, start)] + (end < 0 ? "" : text[end..]);
            }

            if (Words(text).Overlaps(about)) yield break;
            yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"The task says how to count (\"{rule.Value}\"), and {turn.Agent ?? turn.Span.Name}'s plan says nothing of {string.Join(" or ", about)}: the team counts by the plan.",
                [new Evidence(task.Span.SpanId, task.Source, rule.Value), new Evidence(turn.Span.SpanId, turn.Source, Quote.Cut(PlanMarker().Match(turn.Text) is { Success: true } p ? ErrorText.LineAround(turn.Text, p.Index) : turn.Text))], 0.6)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The words of five letters or more, cut to six: what a rule is about ("chamber", "staircase").
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 5 && !Qualifiers.IsFunctionWord(w)) words.Add(w.Length > 6 ? w[..6] : w);
        }

        return words;
    }
}
