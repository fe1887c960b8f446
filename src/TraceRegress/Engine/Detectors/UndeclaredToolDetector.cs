using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A call to a tool the model was never given (absent from <c>gen_ai.tool.definitions</c> or the request's tool
/// list). Only judged when the definitions that applied to the call are known and every one of them can be read.
/// </summary>
internal sealed class UndeclaredToolDetector : IDetector
{
    public string Id => "undeclared-tool";

    public int Priority => 40;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring) continue;
            // Declarations whose names cannot all be read (a schema of "{}") cannot show that a tool was never given.
            if (declaring.ToolDefinitionsIncomplete) continue;
            if (ToolDeclarations.Definition(declaring, call.Name) is not null) continue;

            var (span, source) = call switch
            {
                { RequestedBy: not null, RequestPart: not null } => (call.RequestedBy.Span, call.RequestPart.Source),
                { Execution: not null } => (call.Execution.Span, GenAiSpanReader.AttributeSource(call.Execution.Span.Attributes.ContainsKey("gen_ai.tool.name") ? "gen_ai.tool.name" : "tool.name")),
                { SeenInHistoryOf: not null, HistoryPart: not null } => (call.SeenInHistoryOf.Span, call.HistoryPart.Source),
                _ => (null, ""),
            };
            if (span is null) continue;

            var declared = declaring.ToolDefinitions.Count == 0 ? "no tools" : string.Join(", ", declaring.ToolDefinitions.Select(d => d.Name).Distinct(StringComparer.Ordinal));
            var evidence = new List<Evidence> { new(span.SpanId, source, call.Name) };
            if (declaring.ToolDefinitions.Count > 0) evidence.Add(new Evidence(declaring.Span.SpanId, declaring.ToolDefinitions[0].Source, declaring.ToolDefinitions[0].Name));
            yield return context.CreateFinding(this, span, "Tool Selection Errors",
                $"The model called {call.Name}, which it was never given (declared: {declared}).", evidence, 0.85);
        }
    }
}
