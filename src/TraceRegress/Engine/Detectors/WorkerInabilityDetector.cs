using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A worker agent says it could not do what it was asked ("I was unable to find", "I cannot access", "no results").
/// In a multi-agent run that turn is where the task stopped moving: the first such turn is reported.
/// </summary>
internal sealed partial class WorkerInabilityDetector : IDetector
{
    [GeneratedRegex(@"\b(?:I|we)\s+(?:was|were|am|are)\s+(?:unable|not able)\s+to\b|\b(?:I|we)\s+(?:could ?n[o']t|can ?n[o']t|cannot|did ?n[o']t manage to)\s+(?:find|locate|access|open|retrieve|load|determine|identify|complete|verify|get)\b|\b(?:I|we)\s+(?:do ?n[o']t|don't)\s+have\s+access\b|\bno (?:relevant |matching )?(?:results|information|data) (?:was |were )?(?:found|available)\b|\bunable to (?:find|locate|access|retrieve|determine)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Inability();

    public string Id => "worker-inability";

    public int Priority => 56;


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsExecutionOutput || turn.Agent is null) continue;
            var m = Inability().Match(turn.Text);
            if (!m.Success) continue;
            yield return context.CreateFinding(this, turn.Span, "Poor Information Retrieval",
                $"{turn.Agent} says it could not do what it was asked: \"{ErrorText.LineAround(turn.Text, m.Index, 160)}\".",
                [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index))], 0.55);
            yield break;
        }
    }
}
