using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

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
            var reasons = g.FinishReasons.Where(r => IsLengthReason(r.Text)).ToList();
            var atLimit = false;
            if (reasons.Count == 0 && g.IsModelCall && g.OutputTokenCount is { } produced && MaxTokens(g.Span) is { } max && produced >= max.Value && max.Value > 0)
            {
                // No finish reason recorded, but the answer used every token the request allowed.
                reasons.Add(new SourcedText(g.Span, max.Source, max.Value.ToString(CultureInfo.InvariantCulture)));
                atLimit = true;
            }

            foreach (var reason in reasons)
            {
                var evidence = new List<Evidence> { new(g.Span.SpanId, reason.Source, reason.Text) };
                var symptoms = Symptoms(context, g.Span);
                var window = context.Options.ContextWindowOf(g.ResponseModel ?? "") ?? context.Options.ContextWindowOf(g.RequestModel ?? "");
                if (window is { } w && g.InputTokenCount is { } input && g.InputTokens is not null && input + (g.OutputTokenCount ?? 0) >= w)
                {
                    evidence.Add(new Evidence(g.Span.SpanId, g.InputTokens.Source, g.InputTokens.Text));
                    yield return context.CreateFinding(this, g.Span, ErrorText.ContextHandlingFailures,
                        string.Create(CultureInfo.InvariantCulture,
                            $"The model stopped at the end of its context window (finish reason \"{reason.Text}\"): {input} input and {g.OutputTokenCount ?? 0} output tokens fill the {w} tokens of {g.Model}."),
                        evidence, 0.85) with { Explains = symptoms };
                }
                else
                {
                    yield return context.CreateFinding(this, g.Span, ErrorText.ResourceExhaustion,
                        atLimit
                            ? $"The model used all {reason.Text} output tokens the request allowed (max_tokens); the answer is truncated."
                            : $"The model stopped at its output token limit (finish reason \"{reason.Text}\"); the answer is truncated.",
                        evidence, 0.8) with { Explains = symptoms };
                }

                break;
            }
        }
    }

    /// <summary>True for a finish reason that says the output token limit ended the answer.</summary>
    internal static bool IsLengthReason(string reason) =>
        reason.Trim().ToLowerInvariant() is "length" or "max_tokens" or "max_output_tokens" or "model_length" or "token_limit" or "max_tokens_reached";

    private static (long Value, string Source)? MaxTokens(Span span)
    {
        foreach (var key in (string[])["gen_ai.request.max_tokens", "llm.request.max_tokens", "gen_ai.request.max_output_tokens", "max_tokens"])
        {
            if (span.Attributes.TryGetValue(key, out var v) && v.TryGetInt64(out var n)) return (n, GenAi.GenAiSpanReader.AttributeSource(key));
        }

        return null;
    }

    /// <summary>
    /// Where a truncated answer shows: later spans under the same parent that failed to parse or run what it wrote
    /// (an error status, or error text about JSON, parsing or an unexpected end), and the tool calls it asked for.
    /// </summary>
    private static IReadOnlyList<string> Symptoms(DetectionContext context, Span span)
    {
        var ids = new List<string>();
        if (context.View.ToolCalls.BySpan.TryGetValue(span, out var calls))
        {
            foreach (var call in calls)
            {
                if (ReferenceEquals(call.RequestedBy?.Span, span) && call.ExecutionSpan is { } exec) ids.Add(exec.SpanId);
            }
        }

        context.FailingSpans.After(span, withErrors: true, ids);
        return ids;
    }
}
