using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>Which tool definitions applied to a tool call: those of the model call that issued it, else of the nearest one that declares tools.</summary>
internal static class ToolDeclarations
{
    private const int SiblingLookBack = 64;

    /// <summary>The declaring span and its definitions; null when no definitions are known for the call.</summary>
    public static GenAiSpan? DeclaringSpan(TraceView view, ToolCall call)
    {
        if (call.RequestedBy is { ToolDefinitionsKnown: true } requested) return requested;
        if (call.SeenInHistoryOf is { ToolDefinitionsKnown: true } history) return history;
        var origin = call.OriginSpan;
        if (origin is null) return null;

        // An earlier model call among the origin's preceding siblings, then the ancestors (an agent span may declare its tools).
        for (var span = origin; span is not null; span = span.Parent)
        {
            if (view[span].ToolDefinitionsKnown) return view[span];
            var siblings = span.Parent?.Children ?? view.Trace.Roots;
            var at = view.SiblingPosition(span);
            for (var i = at - 1; i >= 0 && at - i <= SiblingLookBack; i--)
            {
                var g = view[siblings[i]];
                if (g.IsModelCall && g.ToolDefinitionsKnown) return g;
            }
        }

        return null;
    }

    public static ToolDefinition? Definition(GenAiSpan declaring, string name) =>
        declaring.ToolDefinitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
