using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model stopped because it ran out of output tokens (<c>finish_reason</c> <c>length</c>, <c>max_tokens</c>,
/// <c>MAX_TOKENS</c>): its answer is cut off, whatever the span's status says.
/// </summary>
internal sealed class OutputTokenLimitDetector : IDetector
{
    public string Id => "output-token-limit";

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            foreach (var reason in g.FinishReasons)
            {
                if (reason.Text.Trim().ToLowerInvariant() is not ("length" or "max_tokens" or "max_output_tokens" or "model_length" or "token_limit" or "max_tokens_reached")) continue;
                yield return context.CreateFinding(this, g.Span, ErrorText.ResourceExhaustion,
                    $"The model stopped at its output token limit (finish reason \"{reason.Text}\"); the answer is truncated.",
                    [new Evidence(g.Span.SpanId, reason.Source, reason.Text)], 0.8);
                break;
            }
        }
    }
}
