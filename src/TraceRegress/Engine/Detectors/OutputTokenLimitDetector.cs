using System.Globalization;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model stopped because it ran out of tokens (<c>finish_reason</c> <c>length</c>, <c>max_tokens</c>,
/// <c>MAX_TOKENS</c>): its answer is cut off, whatever the span's status says. When the input and output tokens
/// together filled the model's context window (<see cref="AttributionOptions.ContextWindows"/>), the prompt left
/// no room to answer: Context Handling Failures. Otherwise the output limit ran out: Resource Exhaustion.
/// </summary>
internal sealed class OutputTokenLimitDetector : IDetector
{
    public string Id => "output-token-limit";

    public int Priority => 35;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            foreach (var reason in g.FinishReasons)
            {
                if (reason.Text.Trim().ToLowerInvariant() is not ("length" or "max_tokens" or "max_output_tokens" or "model_length" or "token_limit" or "max_tokens_reached")) continue;
                var evidence = new List<Evidence> { new(g.Span.SpanId, reason.Source, reason.Text) };
                var window = context.Options.ContextWindowOf(g.ResponseModel ?? "") ?? context.Options.ContextWindowOf(g.RequestModel ?? "");
                if (window is { } w && g.InputTokenCount is { } input && g.InputTokens is not null && input + (g.OutputTokenCount ?? 0) >= w)
                {
                    evidence.Add(new Evidence(g.Span.SpanId, g.InputTokens.Source, g.InputTokens.Text));
                    yield return context.CreateFinding(this, g.Span, ErrorText.ContextHandlingFailures,
                        string.Create(CultureInfo.InvariantCulture,
                            $"The model stopped at the end of its context window (finish reason \"{reason.Text}\"): {input} input and {g.OutputTokenCount ?? 0} output tokens fill the {w} tokens of {g.Model}."),
                        evidence, 0.85);
                }
                else
                {
                    yield return context.CreateFinding(this, g.Span, ErrorText.ResourceExhaustion,
                        $"The model stopped at its output token limit (finish reason \"{reason.Text}\"); the answer is truncated.",
                        evidence, 0.8);
                }

                break;
            }
        }
    }
}
