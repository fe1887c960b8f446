using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call sends an identifier the task gave (PO-77821, INC0012345, WO-44817) to one tool when another tool it was
/// offered declares that it takes identifiers of that form ("a purchase order (PO-nnnnn)", "e.g. PO-12345", "INC/REQ
/// number") and the tool called declares no such thing: a public web search asked about an internal order, a generic
/// lookup asked about a ticket. What came back answers another question. Tool Selection Errors, cited at the call that
/// chose, quoting the identifier as it sent it and the declaration of the tool it passed over. A call made after the
/// right tool already ran (a search for context beside the lookup) is not read this way.
/// </summary>
internal sealed class WrongToolDetector : IDetector
{
    public const string DetectorId = "wrong-tool";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var view = context.View;
        var facts = context.Facts;
        var asked = facts.FactsOf(task.Text).Where(f => f.Kind == FactKind.Identifier).ToList();
        if (asked.Count == 0) yield break;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not { } g || call.Arguments is not { } args || call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || declaring.ToolDefinitions.Count < 2) continue;
            var chosen = ToolDeclarations.Definition(declaring, call.Name);
            foreach (var id in facts.FactsOf(args.Text).Where(f => f.Kind == FactKind.Identifier && asked.Exists(a => a.Key == f.Key)))
            {
                if (Prefix(id.Written) is not { } prefix) continue;
                if (chosen is not null && Declares(chosen, prefix) is not null) continue;
                foreach (var other in declaring.ToolDefinitions)
                {
                    if (other.Name == call.Name || Declares(other, prefix) is not { } declared) continue;
                    // The right tool had already run: this call looked for something else beside it.
                    var rank = view.Rank(g.Span);
                    if (calls.Any(c => c.Name == other.Name && c.OriginSpan is { } o && view.Rank(o) <= rank)) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool Selection Errors",
                        $"{g.Span.Name} sent {id.Written} to {call.Name}, but {other.Name} is the tool it was offered for such ids (\"{declared}\").",
                        [new Evidence(args.Span.SpanId, args.Source, id.Written), new Evidence(declaring.Span.SpanId, other.Source, declared)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // The letters an identifier starts with (PO of PO-77821, INC of INC0012345); null when it starts otherwise.
    private static string? Prefix(string id)
    {
        var n = 0;
        while (n < id.Length && char.IsAsciiLetterUpper(id[n])) n++;
        return n is >= 2 and <= 5 && n < id.Length && (id[n] == '-' || char.IsAsciiDigit(id[n])) ? id[..n] : null;
    }

    // Where a tool's declaration names identifiers of that form ("PO-nnnnn", "e.g. PO-12345", "INC/REQ number"), quoted.
    private static string? Declares(ToolDefinition tool, string prefix)
    {
        if (tool.Description is not { } text) return null;
        var m = Regex.Match(text, $@"\b{prefix}(?:-|\d|/[A-Z]+\b|\s+(?:number|no\.?|id)\b)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) return null;
        // The words around it, within the line, as the declaration writes them.
        var start = text.LastIndexOfAny(['\n', '.', ';'], Math.Max(0, m.Index - 1)) + 1;
        var end = text.IndexOfAny(['\n', ';'], m.Index);
        return Quote.Cut(text[start..(end < 0 ? text.Length : end)].Trim(), 160);
    }
}
