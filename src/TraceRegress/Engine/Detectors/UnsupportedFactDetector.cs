using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Facts in a model's answer (numbers, URLs, quoted names) that appear nowhere upstream: not in its own input
/// messages, not in its ancestors' inputs, not in any span that completed before it (tool results, earlier
/// answers). Language-only hallucination; Tool-related hallucination when the answer claims a tool result
/// and no tool result exists upstream. One walk over the trace in causal order keeps this linear.
/// </summary>
internal sealed partial class UnsupportedFactDetector : IDetector
{
    [GeneratedRegex(@"\b(?:according to|based on|per|from) (?:the |my |our )?(?:\w+ ){0,2}?(?:search(?:es)?|tool|api|lookup|query|database|results?|records?)\b|\b(?:the )?(?:search|tool|api|lookup|query|database)(?: results?| call| output)? (?:shows?|showed|returned|says|said|indicates?|confirm(?:s|ed)?|found|reports?)\b|\bI (?:searched|looked (?:it )?up|checked|ran|queried|called|fetched|retrieved)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ToolClaim();

    public string Id => "unsupported-fact";

    public int Priority => 80;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var findings = new List<Finding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var toolResultsSeen = 0;
        var stack = new Stack<(Span Span, int Next, List<string>? Inputs)>();
        foreach (var root in view.Trace.Roots)
        {
            stack.Push((root, -1, null));
            while (stack.Count > 0)
            {
                var (span, next, inputs) = stack.Pop();
                if (next < 0)
                {
                    // Entering: what this span was given is upstream of everything inside it.
                    var set = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var (text, isOutput) in SpanContent.Of(span))
                    {
                        if (!isOutput) Facts.AddTo(set, text);
                    }

                    var list = set.ToList();
                    foreach (var key in list) active[key] = active.GetValueOrDefault(key) + 1;
                    stack.Push((span, 0, list));
                    continue;
                }

                if (next < span.Children.Count)
                {
                    stack.Push((span, next + 1, inputs));
                    stack.Push((span.Children[next], -1, null));
                    continue;
                }

                // Leaving: the children are done; judge this span's answer, then make all of it upstream.
                var g = view[span];
                var hasToolResult = toolResultsSeen > 0 || g.InputParts.Any(p => p.Kind == PartKind.ToolCallResponse);
                if (g.IsModelCall && g.InputMessages.Count > 0 && Judge(context, g, seen, active, hasToolResult) is { } finding) findings.Add(finding);

                foreach (var (text, _) in SpanContent.Of(span)) Facts.AddTo(seen, text);
                foreach (var key in inputs!)
                {
                    if (--active[key] == 0) active.Remove(key);
                }

                if (g.ToolCallResult is not null || g.InputParts.Any(p => p.Kind == PartKind.ToolCallResponse)) toolResultsSeen++;
            }
        }

        return findings;
    }

    private Finding? Judge(DetectionContext context, GenAiSpan g, HashSet<string> seen, Dictionary<string, int> active, bool hasToolResult)
    {
        bool Known(string key) => seen.Contains(key) || active.ContainsKey(key);
        var unsupported = new List<Evidence>();
        foreach (var part in g.OutputParts)
        {
            if (part.Kind != PartKind.Text || string.IsNullOrEmpty(part.Content)) continue;
            foreach (var fact in Facts.Extract(part.Content))
            {
                if (!Facts.IsSupported(fact, Known) && !unsupported.Any(e => e.Quote == fact.Written)) unsupported.Add(new Evidence(g.Span.SpanId, part.Source, fact.Written));
            }
        }

        if (!hasToolResult)
        {
            foreach (var part in g.OutputParts)
            {
                if (part.Kind != PartKind.Text || string.IsNullOrEmpty(part.Content)) continue;
                var claim = ToolClaim().Match(part.Content);
                if (!claim.Success) continue;
                var evidence = new List<Evidence> { new(g.Span.SpanId, part.Source, ErrorText.LineAround(part.Content, claim.Index)) };
                evidence.AddRange(unsupported.Take(4));
                return context.CreateFinding(this, g.Span, "Tool-related hallucination",
                    $"The model cites a tool result (\"{claim.Value}\") but no tool ran before it.", evidence, unsupported.Count > 0 ? 0.8 : 0.65);
            }
        }

        if (unsupported.Count == 0) return null;
        var listed = string.Join(", ", unsupported.Take(4).Select(e => e.Quote));
        return context.CreateFinding(this, g.Span, "Language-only hallucination",
            $"The model's answer states {listed}, found in no input, message or tool output before it.",
            unsupported.Take(6), Math.Min(0.85, 0.6 + 0.075 * unsupported.Count));
    }
}
