using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Timeouts and deadline overruns: a span whose status description or <c>error.type</c> says it timed out, and
/// gen-ai spans that ran longer than the latency budget set for their operation
/// (<see cref="AttributionOptions.LatencyBudgets"/>, <see cref="AttributionOptions.DefaultLatencyBudget"/>).
/// Timeouts inside tool results are found by the tool-error detector; one on an HTTP request inside a tool call is found on
/// the call (<see cref="ToolRequests"/>).
/// </summary>
internal sealed class TimeoutDetector : IDetector
{
    public string Id => "timeout";

    public int Priority => 20;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var options = context.Options;
        var budgets = options.LatencyBudgets.Count > 0 || options.DefaultLatencyBudget is not null;
        foreach (var span in context.Trace.Spans)
        {
            if (span.Status.Message is { Length: > 0 } description && ErrorText.FindTimeout(description) is not null)
            {
                yield return context.CreateFinding(this, ToolRequests.CallOf(context, span), ErrorText.TimeoutIssues, $"The span timed out: \"{Quote.Cut(description)}\".",
                    [new Evidence(span.SpanId, "status.message", Quote.Cut(description))], 0.85);
                continue;
            }

            if (span.Attributes.GetString("error.type") is { } errorType && ErrorText.FindTimeout(errorType) is not null)
            {
                yield return context.CreateFinding(this, ToolRequests.CallOf(context, span), ErrorText.TimeoutIssues, $"The span ended in {errorType}.",
                    [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource("error.type"), errorType)], 0.8);
                continue;
            }

            if (span.Attributes.GetString("error.type") is { } cancelled && IsHttpClientTimeout(span, cancelled))
            {
                yield return context.CreateFinding(this, ToolRequests.CallOf(context, span), ErrorText.TimeoutIssues,
                    $"The HTTP request was cancelled ({cancelled}), which is how HttpClient reports that its timeout elapsed.",
                    [new Evidence(span.SpanId, GenAiSpanReader.AttributeSource("error.type"), cancelled)], 0.8);
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

    // .NET's HttpClient ends a request that outlived HttpClient.Timeout with TaskCanceledException (the
    // TimeoutException is only its inner exception), and its instrumentation records just the outer type in
    // error.type. On an HTTP client span nothing else cancels a request the caller still waits for, so the
    // cancellation is the timeout; a span without HTTP attributes keeps the exception detector's reading.
    private static bool IsHttpClientTimeout(Span span, string errorType)
    {
        var type = errorType.AsSpan();
        var dot = type.LastIndexOf('.');
        var name = dot < 0 ? type : type[(dot + 1)..];
        if (!name.SequenceEqual("TaskCanceledException") && !name.SequenceEqual("OperationCanceledException")) return false;
        if (span.Kind is not (SpanKindCode.Client or SpanKindCode.Unspecified)) return false;
        return span.Attributes.GetString("http.request.method", "http.method") is not null;
    }

    private static string Milliseconds(TimeSpan t) => $"{t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";
}
