using System.Text.RegularExpressions;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A call to a tool the model was never given (absent from <c>gen_ai.tool.definitions</c> or the request's tool
/// list). Only judged when the definitions that applied to the call are known and every one of them can be read. When
/// they are not recorded, the framework's own answer says it: no tool ran for the call, and the result handed back names
/// it as unknown (Microsoft.Extensions.AI's <c>Requested function "x" not found</c>, LangGraph's <c>x is not a valid
/// tool, try one of [...]</c>, the OpenAI Agents SDK's <c>Tool x not found</c>).
/// </summary>
internal sealed class UndeclaredToolDetector : IDetector
{
    // The framework's words for a tool it does not have, around the tool's name (NAME): "function \"x\" not found",
    // "Tool x not found in agent", "x is not a valid tool", "unknown tool: x", "no tool named x", "tool x does not exist".
    private const string UnknownToolPatterns =
        @"\b(?:tool|function)\s+Q?NAMEQ?\s+(?:was\s+)?not\s+found|Q?NAMEQ?\s+is\s+not\s+a\s+valid\s+(?:tool|function)|\b(?:unknown|invalid|unsupported)\s+(?:tool|function)(?:\s+name)?:?\s*Q?NAMEQ?|\bno\s+(?:such\s+)?(?:tool|function)(?:\s+named|\s+called)?:?\s*Q?NAMEQ?|\b(?:tool|function)\s+Q?NAMEQ?\s+(?:does\s+not\s+exist|is\s+not\s+(?:available|registered|defined)|isn't\s+available)";

    private static Regex UnknownTool(string name) =>
        new(UnknownToolPatterns.Replace("Q?", @"[""'`]?", StringComparison.Ordinal).Replace("NAME", Regex.Escape(name), StringComparison.Ordinal),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public string Id => "undeclared-tool";

    public int Priority => 40;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring)
            {
                if (UnknownToFramework(context, call) is { } unknown) yield return unknown;
                continue;
            }

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

    /// <summary>No tool ran for the call and the result the framework handed back says the tool does not exist.</summary>
    private Finding? UnknownToFramework(DetectionContext context, ToolCall call)
    {
        if (call.Execution is not null || call.RequestedBy is not { } requested || call.RequestPart is not { } part) return null;
        Regex? unknown = null;
        foreach (var result in call.Results)
        {
            var text = result.Text;
            if (text.Length > 600 || !text.Contains(call.Name, StringComparison.Ordinal)) continue;
            if (!(unknown ??= UnknownTool(call.Name)).IsMatch(text)) continue;
            return context.CreateFinding(this, requested.Span, "Tool Selection Errors",
                $"The model called {call.Name}, a tool the framework does not know: \"{Engine.Text.Quote.Cut(text)}\".",
                [new Evidence(requested.Span.SpanId, part.Source, call.Name), new Evidence(result.Span.SpanId, result.Source, Engine.Text.Quote.Cut(text))], 0.85);
        }

        return null;
    }
}
