using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// Tool calls that failed but were recovered from: a later call of the same tool succeeded. A failure the agent
/// got past does not explain how the run ended, so findings inside such a call's span are demoted below the
/// confidence floor (they still show among the other findings).
/// </summary>
internal static class RecoveredToolCalls
{
    public const double DemotedConfidence = 0.45;

    /// <summary>For each span index, the name of the tool whose later success recovers a failure there; null elsewhere.</summary>
    public static string?[] Find(TraceView view)
    {
        var recovered = new string?[view.Spans.Count];
        var succeededLater = new HashSet<string>(StringComparer.Ordinal);
        var calls = view.ToolCalls.Calls;
        for (var i = calls.Count - 1; i >= 0; i--)
        {
            var call = calls[i];
            if (call.Name.Length == 0) continue;
            var failed = call.Execution?.Span.Status.Code == SpanStatusCode.Error || call.Error is not null;
            if (!failed)
            {
                if (call.Result is not null) succeededLater.Add(call.Name);
                continue;
            }

            if (succeededLater.Contains(call.Name) && call.Execution?.Span is { } span)
            {
                var end = span.Index + span.Descendants().Count();
                for (var at = span.Index; at <= end; at++) recovered[at] ??= call.Name;
            }
        }

        return recovered;
    }
}
