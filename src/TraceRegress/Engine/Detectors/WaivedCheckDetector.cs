using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A coordinating turn waives the checks its own agent planned ("no further checks are needed", "no further
/// cross-checking is necessary", "no need to verify") and the run's answer is decided there: the turn states the final
/// answer, or the answer first enters after it. The agent had said what must be checked and stopped checking, so the
/// answer stands on what was never verified: Task Orchestration, cited at the turn that waived the checks, quoting the
/// waiver and the earlier plan. A waiver before which the answer was already given by someone else, or by an agent that
/// never planned a check, is not read this way.
/// </summary>
internal sealed partial class WaivedCheckDetector : IDetector
{
    public const string DetectorId = "waived-check";

    [GeneratedRegex(@"\bno (?:further |more |additional |other )?(?:cross-?check(?:ing|s)?|check(?:ing|s)?|verification|verifying|confirmation)\s+(?:is |are )?(?:necessary|needed|required)\b|\bno need to (?:cross-?check|check|verify|double-check|confirm)\b|\bskip(?:ping)? (?:the |further |any )?(?:cross-?check(?:ing|s)?|verification|checks)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Waiver();

    [GeneratedRegex(@"\b(?:verify|verified|verification|cross-?check|confirm|double-check|check whether|check that|make sure)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Planned();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || AnswerTrail.Final(turns, context.Facts) is not { Value: { Length: >= 2 } answer } final) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || turn.Position > final.Turn.Position) continue;
            // A waiver says "no" or "skip" before a word of checking: looked for only where both stand.
            var text = turn.Text;
            if ((!text.Contains("no ", StringComparison.OrdinalIgnoreCase) && !text.Contains("skip", StringComparison.OrdinalIgnoreCase))
                || (!text.Contains("check", StringComparison.OrdinalIgnoreCase) && !text.Contains("verif", StringComparison.OrdinalIgnoreCase) && !text.Contains("confirm", StringComparison.OrdinalIgnoreCase))) continue;
            if (Waiver().Match(text) is not { Success: true } waiver) continue;
            // The checks were the agent's own plan: an earlier turn of the same agent asked for them.
            var plan = turns.All.Take(turn.Position).FirstOrDefault(t => !t.IsObservation && string.Equals(t.Agent, turn.Agent, StringComparison.Ordinal) && Planned().IsMatch(t.Text));
            if (plan is null) continue;
            // The answer is decided here: this turn states it, or no agent's reasoning before it did (a page may have shown it).
            var states = turn.Text.Contains(answer, StringComparison.OrdinalIgnoreCase);
            var before = turns.All.Take(turn.Position).Any(t => !t.IsObservation && !ReferenceEquals(t, turns.TaskTurn) && t.Text.Contains(answer, StringComparison.OrdinalIgnoreCase));
            if (!states && before) continue;
            var planned = Planned().Match(plan.Text);
            yield return context.CreateFinding(this, turn.Span, "Task Orchestration",
                $"{turn.Agent ?? turn.Span.Name} waived the checks it had planned (\"{waiver.Value}\"), and the answer {Quote.Cut(answer, 60)} was decided without them.",
                [new Evidence(turn.Span.SpanId, turn.Source, Requests.Sentence(turn.Text, waiver.Index)), new Evidence(plan.Span.SpanId, plan.Source, Requests.Sentence(plan.Text, planned.Index))], 0.65)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }
}
