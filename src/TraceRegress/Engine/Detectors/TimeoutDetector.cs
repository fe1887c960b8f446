using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Timeouts and deadline overruns: a span whose status description or <c>error.type</c> says it timed out, and
/// gen-ai spans that ran longer than the latency budget set for their operation
/// (<see cref="AttributionOptions.LatencyBudgets"/>, <see cref="AttributionOptions.DefaultLatencyBudget"/>).
/// Timeouts inside tool results are found by the tool-error detector.
/// </summary>
internal sealed class TimeoutDetector : IDetector
{
    public string Id => "timeout";

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var options = context.Options;
        var budgets = options.LatencyBudgets.Count > 0 || options.DefaultLatencyBudget is not null;
        foreach (var span in context.Trace.Spans)
        {
            if (span.Status.Message is { Length: > 0 } description && ErrorText.FindTimeout(description) is not null)
            {
                yield return context.CreateFinding(this, span, ErrorText.TimeoutIssues, $"The span timed out: \"{Quote.Cut(description)}\".",
                    [new Evidence(span.SpanId, "status.message", Quote.Cut(description))], 0.85);
                continue;
            }

            if (span.Attributes.GetString("error.type") is { } errorType && ErrorText.FindTimeout(errorType) is not null)
            {
                yield return context.CreateFinding(this, span, ErrorText.TimeoutIssues, $"The span ended in {errorType}.",
                    [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource("error.type"), errorType)], 0.8);
                continue;
            }

            if (!budgets) continue;
            var g = context.View[span];
            var budget = options.LatencyBudgetOf(span.Name, g.ToolName, g.Operation);
            if (budget is null || span.Duration <= budget.Value) continue;
            var took = Milliseconds(span.Duration);
            yield return context.CreateFinding(this, span, ErrorText.TimeoutIssues,
                $"The span took {took} against a latency budget of {Milliseconds(budget.Value)}.",
                [new Evidence(span.SpanId, "duration", took)], 0.7);
        }
    }

    private static string Milliseconds(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";
}
