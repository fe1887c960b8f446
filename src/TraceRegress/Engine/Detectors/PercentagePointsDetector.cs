using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task asks by how many percentage points a share changed (a difference of two percentages: 8.4% to 13.0% is 4.6
/// points), and a step works it out as a relative change instead: a formula that divides the difference by the earlier
/// value (<c>(13.0 - 8.4) / 8.4 * 100</c>, <c>(b - a) / a</c>), a percent change (<c>pct_change</c>, "percent change"), or
/// the rise "expressed as a percentage of the 2012 value". The first step that does is where the run answered another
/// question than the task's: Incorrect Problem Identification, quoting the task's words and the step's formula.
/// </summary>
internal sealed partial class PercentagePointsDetector : IDetector
{
    public const string DetectorId = "percentage-points";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    [GeneratedRegex(@"\bpercentage[- ]points?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Points();

    // A difference divided by the value it was taken from: "(13.0 - 8.4) / 8.4", "(b - a) / a", "(share_2022 - share_2012) / share_2012".
    [GeneratedRegex(@"\(\s*(?<b>[\w.\[\]""']+)\s*-\s*(?<a>[\w.\[\]""']+)\s*\)\s*/\s*(?<d>[\w.\[\]""']+)", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    // A relative change in words or as a library writes it.
    [GeneratedRegex(@"\bas a percentage of the (?:\w+ ){0,2}(?:value|share|figure|level|rate)\b|\bpercent(?:age)? change\b|\brelative (?:change|increase|rise|growth)\b|\.pct_change\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeWords();

    // Words before a method that set it aside: "not", "rather than", "instead of", "don't".
    [GeneratedRegex(@"(?:\bnot\b|\brather than\b|\binstead of\b|\bnever\b|n't\b)[^.;\n]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotThis();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task || Points().Match(task.Text) is not { Success: true } asked) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn.Span, task.Span) || ReferenceEquals(turn, turns.TaskTurn)) continue;
            var text = turn.Text;
            string? formula = null;
            foreach (Match m in Relative().Matches(text))
            {
                if (m.Groups["d"].Value == m.Groups["a"].Value)
                {
                    formula = m.Value;
                    break;
                }
            }

            // In words, unless said as what not to do ("the points difference, not the percent change").
            foreach (Match words in RelativeWords().Matches(text))
            {
                if (formula is not null) break;
                var before = text.AsSpan(Math.Max(0, words.Index - 24), Math.Min(24, words.Index));
                if (!NotThis().IsMatch(before)) formula = words.Value;
            }

            if (formula is null) continue;
            var at = text.IndexOf(formula, StringComparison.Ordinal);
            yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"The task asks for a change in {asked.Value}, the difference of two percentages, and {turn.Agent ?? turn.Span.Name} works it out as a change relative to the earlier value (\"{formula}\").",
                [new Evidence(task.Span.SpanId, task.Source, asked.Value), new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(text, at))], 0.65)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }
}
