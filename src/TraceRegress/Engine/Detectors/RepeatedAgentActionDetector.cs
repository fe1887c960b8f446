using System.Text;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The same agent doing the same thing again with the same outcome: a turn whose text (case, spacing and numbers
/// aside) repeats an earlier turn of the same agent word for word, so its outcome was the same too. A loop that burns turns; the first of
/// the repeated turns is cited, since the repeats only follow it. Execution outputs are not actions.
/// </summary>
internal sealed class RepeatedAgentActionDetector : IDetector
{
    public string Id => "repeated-agent-action";

    public int Priority => 57;


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var all = turns.All;
        var seen = new Dictionary<string, AgentTurn>(StringComparer.Ordinal);
        foreach (var turn in all)
        {
            if (turn.IsExecutionOutput || turn.Agent is null) continue;
            var text = Normalise(turn.Text);
            if (text.Length < 40) continue;
            var key = turn.Agent + "\u0000" + text;
            if (!seen.TryGetValue(key, out var first))
            {
                seen[key] = turn;
                continue;
            }

            yield return context.CreateFinding(this, first.Span, "Resource Abuse",
                $"{turn.Agent} repeats the same action with the same outcome (first at turn {first.Position + 1}, again at turn {turn.Position + 1}).",
                [new Evidence(first.Span.SpanId, first.Source, ErrorText.LineAround(first.Text, 0)), new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, 0))],
                0.6) with { Explains = [turn.Span.SpanId] };
            yield break;
        }
    }

    private static string Normalise(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 400));
        var space = false;
        foreach (var c in text)
        {
            if (sb.Length >= 400) break;
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(char.IsDigit(c) ? '0' : char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
