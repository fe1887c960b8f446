using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Tool-call arguments the model produced that are not valid JSON, or that miss parameters the tool's
/// definition requires. Reported on the span that produced the call (the model call when it was recorded).
/// </summary>
internal sealed class MalformedToolArgumentsDetector : IDetector
{
    public string Id => "malformed-tool-arguments";

    public int Priority => 40;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args) continue;
            var text = args.Text.Trim();
            if (text.Length == 0) continue;
            var tool = call.Name.Length > 0 ? call.Name : "a tool";
            var quote = Quote.Cut(args.Text);
            if (!JsonContent.TryParse(text, out var root))
            {
                yield return context.CreateFinding(this, args.Span, "Formatting Errors",
                    $"The arguments of the call to {tool} are not valid JSON.",
                    [new Evidence(args.Span.SpanId, args.Source, quote)], 0.85);
                continue;
            }

            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            if (definition.RequiredParameters.Count == 0 && definition.Parameters.Count == 0) continue;
            if (root.ValueKind != JsonValueKind.Object)
            {
                yield return context.CreateFinding(this, args.Span, "Formatting Errors",
                    $"The arguments of the call to {tool} are not a JSON object, as its definition requires.",
                    [new Evidence(args.Span.SpanId, args.Source, quote)], 0.8);
                continue;
            }

            var missing = definition.RequiredParameters.Where(p => !root.TryGetProperty(p, out var v) || v.ValueKind == JsonValueKind.Null).ToArray();
            if (missing.Length == 0) continue;
            yield return context.CreateFinding(this, args.Span, "Formatting Errors",
                $"The call to {tool} lacks the required parameter{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}.",
                [new Evidence(args.Span.SpanId, args.Source, quote), new Evidence(declaring.Span.SpanId, definition.Source, definition.Name)], 0.8);
        }
    }
}
