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
        // Per span, once: 0 not read yet, 1 no parse failure in its texts, 2 a parse failure. And, built on the first
        // truncation, the next span (in depth-first order) that shows a failure at all, so each truncation visits only those.
        var parseFailures = new byte[context.Trace.Spans.Count];
        int[]? nextFailure = null;
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
                var symptoms = Symptoms(context, g.Span, parseFailures, nextFailure ??= NextFailures(context, parseFailures));
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

    /// <summary>The later spans under the same parent that failed to parse what a model call wrote (error text about JSON, parsing or an unexpected end).</summary>
    internal static IReadOnlyList<string> ParseFailuresAfter(DetectionContext context, Span span)
    {
        var parseFailures = new byte[context.Trace.Spans.Count];
        return Symptoms(context, span, parseFailures, NextFailures(context, parseFailures), parseOnly: true);
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
    private static IReadOnlyList<string> Symptoms(DetectionContext context, Span span, byte[] parseFailures, int[] nextFailure, bool parseOnly = false)
    {
        var view = context.View;
        var ids = new List<string>();
        if (!parseOnly && view.ToolCalls.BySpan.TryGetValue(span, out var calls))
        {
            foreach (var call in calls)
            {
                if (ReferenceEquals(call.RequestedBy?.Span, span) && call.ExecutionSpan is { } exec) ids.Add(exec.SpanId);
            }
        }

        var scope = span.Parent;
        if (scope is null) return ids;
        // The scope's descendants, in depth-first order, that show a failure: the spans after it up to the end of its
        // subtree (those before the span and inside it come earlier in causal order or are its own, and are skipped).
        var spans = context.Trace.Spans;
        var rank = view.Rank(span);
        var end = view.SubtreeEnd(scope);
        for (var i = nextFailure[scope.Index + 1]; i >= 0 && i <= end; i = nextFailure[i + 1])
        {
            if (ids.Count >= 64) break;
            var s = spans[i];
            if (view.Rank(s) <= rank || view.Contains(span, s)) continue;
            if ((!parseOnly && s.Status.Code == SpanStatusCode.Error) || HasParseFailure(context, s, parseFailures)) ids.Add(s.SpanId);
        }

        return ids;
    }

    private static int[] NextFailures(DetectionContext context, byte[] parseFailures)
    {
        var spans = context.Trace.Spans;
        var next = new int[spans.Count + 1];
        next[spans.Count] = -1;
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            var s = spans[i];
            next[i] = s.Status.Code == SpanStatusCode.Error || HasParseFailure(context, s, parseFailures) ? i : next[i + 1];
        }

        return next;
    }

    private static bool HasParseFailure(DetectionContext context, Span s, byte[] parseFailures)
    {
        if (parseFailures[s.Index] == 0) parseFailures[s.Index] = context.Facts.TextsOf(s).Any(t => ParseFailure(t.Text)) ? (byte)2 : (byte)1;
        return parseFailures[s.Index] == 2;
    }

    private static bool ParseFailure(string text) =>
        text.Contains("JSONDecodeError", StringComparison.Ordinal) || text.Contains("Unterminated", StringComparison.OrdinalIgnoreCase)
        || text.Contains("unexpected end", StringComparison.OrdinalIgnoreCase) || text.Contains("parse", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Expecting ", StringComparison.Ordinal) || text.Contains("invalid json", StringComparison.OrdinalIgnoreCase)
        || text.Contains("truncat", StringComparison.OrdinalIgnoreCase);
}
