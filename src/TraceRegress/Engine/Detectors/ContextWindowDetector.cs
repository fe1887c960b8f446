using System.Globalization;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call whose input tokens exceed the model's context window (<see cref="AttributionOptions.ContextWindows"/>):
/// the provider truncated or refused the context.
/// </summary>
internal sealed class ContextWindowDetector : IDetector
{
    public string Id => "context-window";

    public int Priority => 30;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            if (g.InputTokenCount is not { } tokens || g.InputTokens is null || g.Model.Length == 0) continue;
            var window = context.Options.ContextWindowOf(g.ResponseModel ?? "") ?? context.Options.ContextWindowOf(g.RequestModel ?? "");
            if (window is null || tokens <= window.Value) continue;
            yield return context.CreateFinding(this, g.Span, ErrorText.ContextHandlingFailures,
                string.Create(CultureInfo.InvariantCulture, $"The model call sent {tokens} input tokens to {g.Model}, whose context window is {window.Value}."),
                [new Evidence(g.Span.SpanId, g.InputTokens.Source, g.InputTokens.Text)], 0.85);
        }
    }
}
