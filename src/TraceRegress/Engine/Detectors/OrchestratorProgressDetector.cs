using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An orchestrator's own progress report says the team is stuck: a progress ledger with
/// <c>is_progress_being_made</c> false or <c>is_in_loop</c> true (Magentic-One), or the same in words ("we are not
/// making progress", "stuck in a loop", a re-plan). The report is not the cause: the worker output the orchestrator
/// was judging (the last turn of another agent before it) is cited. Only the first stall is reported; later ones are
/// its consequence.
/// </summary>
internal sealed partial class OrchestratorProgressDetector : IDetector
{
    [GeneratedRegex(@"""is_progress_being_made""\s*:\s*\{[^{}]*?""answer""\s*:\s*false|""is_progress_being_made""\s*:\s*false", RegexOptions.CultureInvariant)]
    private static partial Regex NoProgressLedger();

    [GeneratedRegex(@"""is_in_loop""\s*:\s*\{[^{}]*?""answer""\s*:\s*true|""is_in_loop""\s*:\s*true", RegexOptions.CultureInvariant)]
    private static partial Regex LoopLedger();

    [GeneratedRegex(@"\b(?:we are|we're|the team is|i am|i'm)\s+(?:not making (?:any )?progress|stuck|going in circles|in a loop)|\bno progress (?:is being|has been) made\b|\b(?:stalled|stall) (?:detected|count)|\blet(?:'s| us) (?:re-?plan|come up with a new plan)|\bupdated? (?:the )?plan\b.*\bbecause\b|\bnew plan\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StallWords();

    public string Id => "orchestrator-progress";

    public int Priority => 55;


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns.All;
        foreach (var turn in turns)
        {
            // A report is a reasoning turn's: a page a surfer showed that says "new plan" is no progress report.
            if (turn.IsObservation) continue;
            var loop = LoopLedger().Match(turn.Text);
            var stall = loop.Success ? loop : NoProgressLedger().Match(turn.Text);
            if (!stall.Success) stall = StallWords().Match(turn.Text);
            if (!stall.Success) continue;

            // The worker output being judged: the last turn of another agent before the report.
            AgentTurn? cause = null;
            for (var i = turn.Position - 1; i >= 0 && cause is null; i--)
            {
                if (!string.Equals(turns[i].Agent, turn.Agent, StringComparison.Ordinal) && turns[i].Agent is not null) cause = turns[i];
            }

            if (cause is null || ReferenceEquals(cause, context.Turns.TaskTurn)) continue;
            // A terminal only ran what it was given: the code's author is the worker whose turn was judged.
            if (cause.IsExecutionOutput && context.Turns.PreviousReasoningTurn(cause) is { } author && !string.Equals(author.Agent, turn.Agent, StringComparison.Ordinal)
                && !ReferenceEquals(author, context.Turns.TaskTurn))
            {
                cause = author;
            }

            var report = ErrorText.LineAround(turn.Text, stall.Index);
            var leaf = cause.IsObservation ? "Poor Information Retrieval" : "Goal Deviation";
            var what = loop.Success ? "says the team is in a loop" : "says no progress is being made";
            yield return context.CreateFinding(this, cause.Span, leaf,
                $"{turn.Agent ?? "The orchestrator"} {what} after {cause.Agent}'s turn; that turn did not move the task forward.",
                [new Evidence(cause.Span.SpanId, cause.Source, ErrorText.LineAround(cause.Text, 0)), new Evidence(turn.Span.SpanId, turn.Source, report)],
                0.6) with { Explains = [turn.Span.SpanId] };
            yield break;
        }
    }
}
