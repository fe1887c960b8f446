using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's result carries an error payload (<c>error</c>, <c>errors</c>, <c>isError: true</c>, <c>status: "error"</c>,
/// a traceback, an <c>…Error:</c> line), wherever the result was recorded: the <c>execute_tool</c> span,
/// a <c>gen_ai.tool.message</c> event, or a <c>tool_call_response</c> part in the next model call's input.
/// The span's status is not consulted: results under status OK count. A missing module, command or key is reported
/// as Environment Setup Errors, no surer than the environment detector's reading of it, so when both run the
/// environment detector's finding (which quotes the failing line) is the one kept.
/// </summary>
internal sealed class ToolErrorPayloadDetector : IDetector
{
    public string Id => "tool-error-payload";

    public int Priority => 25;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.Error is not var (result, match)) continue;
            var l4 = ErrorText.Classify(match.Detail);
            // The tool's span owns the failure even when its result was recorded only in the next model call.
            var span = call.Execution?.Span ?? result.Span;
            var tool = call.Name.Length > 0 ? $"The {call.Name} tool" : "A tool";
            var status = span.Status.Code == SpanStatusCode.Error ? "" : " although the span's status is not ERROR";
            var confidence = (match.Structural ? 0.85 : 0.7) + (span.Status.Code == SpanStatusCode.Error ? 0.05 : 0);
            if (l4 == ErrorText.EnvironmentSetupErrors) confidence = Math.Min(confidence, EnvironmentSetupDetector.Confidence);
            yield return context.CreateFinding(this, span, l4,
                $"{tool} returned an error{status}: \"{match.Quote}\".",
                [new Evidence(result.Span.SpanId, match.Source, match.Quote)], confidence);
        }
    }
}
