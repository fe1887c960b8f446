using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call that carries on as if a tool's error were data: the first model call after the error result
/// neither mentions the failure nor calls a tool again, and goes on to answer. Tool Output Misinterpretation.
/// </summary>
internal sealed class ErrorIgnoredDetector : IDetector
{
    public string Id => "error-ignored";

    public int Priority => 60;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var reported = new HashSet<Span>(ReferenceEqualityComparer.Instance);
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Error is not var (where, error)) continue;
            var next = view.ModelCallReading(call);
            if (next is null || reported.Contains(next.Span)) continue;
            var answer = next.OutputText;
            if (answer.Trim().Length == 0) continue;
            if (next.OutputParts.Any(p => p.Kind == GenAi.PartKind.ToolCall)) continue;
            if (ErrorText.Acknowledges(answer)) continue;

            var part = next.OutputParts.First(p => p.Kind == GenAi.PartKind.Text && !string.IsNullOrWhiteSpace(p.Content));
            var tool = call.Name.Length > 0 ? $"the {call.Name} tool" : "a tool";
            reported.Add(next.Span);
            yield return context.CreateFinding(this, next.Span, "Tool Output Misinterpretation",
                $"The model answered as if {tool} had succeeded, though it returned an error: \"{error.Quote}\".",
                [new Evidence(next.Span.SpanId, part.Source, Quote.Cut(part.Content!)), new Evidence(where.Span.SpanId, error.Source, error.Quote)], 0.7);
        }
    }
}
