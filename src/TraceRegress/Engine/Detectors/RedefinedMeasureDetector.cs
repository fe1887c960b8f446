using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A measure the task asks for, replaced by an agent with another. The task asks for a relative change ("the largest
/// percentage increase in walkers", "the highest growth rate"), and an agent turn sets out to rank or compare by the
/// absolute one ("So we should rank counters by the absolute change in walkers"), and no script the team ran after it
/// works the relative change out (no division by the earlier figure, no percentage): everything from there answers
/// another question. Incorrect Problem Identification at that turn, quoting the task's measure and the turn's sentence.
/// A turn that works the absolute change out on the way to the percentage, with a script that divides after it, is no
/// finding.
/// </summary>
internal sealed partial class RedefinedMeasureDetector : IDetector
{
    public const string DetectorId = "redefined-measure";

    // A relative change the task asks for.
    [GeneratedRegex(@"\b(?:percentage|percent|per cent|proportional|relative)\s+(?:increase|decrease|change|growth|rise|fall|drop|decline|gain|reduction)\b|\bgrowth rate\b|\brate of (?:increase|growth|change)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    // A sentence that sets out to rank or compare by the absolute change.
    [GeneratedRegex(@"\b(?:rank|compare|sort|order|judge|measure|base|go by|look at|use)\w*\b[^.\n]{0,60}?\b(?:absolute|raw|actual)\s+(?:change|increase|difference|gain|growth|rise|numbers?|counts?|terms|figures?|totals?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByAbsolute();

    // What a relative measure says in a sentence or a script.
    [GeneratedRegex(@"percent|pct|%|relative|proportion|ratio", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeWord();

    // A script that divides a figure by another (a change by its base): "/ df[", "/ walkers_2022", ".pct_change(".
    [GeneratedRegex(@"(?<![/*])/\s*(?:\(|[A-Za-z_]\w*(?:\[|\b))|\.pct_change\(|\*\s*100\b", RegexOptions.CultureInvariant)]
    private static partial Regex Divides();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || Relative().Match(task.Text) is not { Success: true } asked) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || !turn.Text.Contains("absolute", StringComparison.OrdinalIgnoreCase)
                && !turn.Text.Contains("raw", StringComparison.OrdinalIgnoreCase) && !turn.Text.Contains("actual", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match m in ByAbsolute().Matches(turn.Text))
            {
                if (AnswerTrail.InCode(turn.Text, m.Index)) continue;
                var sentence = Requests.Sentence(turn.Text, m.Index).Trim();
                // "rank by the absolute change, then by the percentage" keeps the relative measure.
                if (RelativeWord().IsMatch(sentence)) continue;
                // The team came back to the relative change: a script after it divides.
                if (turns.All.Any(t => t.Position >= turn.Position && !t.IsObservation && AgentTurns.CodeBlock().Matches(t.Text).Any(b => Divides().IsMatch(b.Groups["code"].Value)))) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task asks for the {asked.Value.ToLowerInvariant()}, and {turn.Agent ?? turn.Span.Name} set out to go by the absolute one (\"{Quote.Cut(sentence)}\"); no script after it works the {asked.Value.ToLowerInvariant()} out.",
                    [new Evidence(task.Span.SpanId, task.Source, asked.Value), new Evidence(turn.Span.SpanId, turn.Source, sentence)], 0.65)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }
}
