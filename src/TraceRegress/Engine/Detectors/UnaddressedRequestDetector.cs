using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asks for something to be put right ("my booking page still shows 'Shared twin'. Could you sort that out
/// please?"), the run was offered a tool that acts on the very thing (<c>update_room_allocation</c>: a word of its thing,
/// room, is the user's), and it only ever read: every tool it called looks something up (<c>get_payments</c>), and no call
/// changed anything. It took the problem for another one it could answer by reading. Incorrect Problem Identification at
/// the first model call that chose a tool, quoting the request and the acting tool it never called. A run that calls any
/// acting tool, or a user who only asks to be told something, is no finding.
/// </summary>
internal sealed partial class UnaddressedRequestDetector : IDetector
{
    public const string DetectorId = "unaddressed-request";

    // A request to put something right: "could you sort that out", "please fix it", "can you put this right".
    [GeneratedRegex(@"\b(?:sort (?:that|this|it) out|sort out (?:the|my|this|that)|fix (?:that|this|it)|put (?:that|this|it) right|correct (?:that|this|it)|amend (?:that|this|it)|rectify)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PutRight();

    public string Id => DetectorId;

    public int Priority => 58;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.IsMultiAgent || context.Turns.Task is not { } task || PutRight().Match(task.Text) is not { Success: true } asked) yield break;
        var calls = context.CallsInOrder;
        if (calls.Count == 0 || calls.Exists(c => c.Name.Length > 0 && !ToolNames.Reads(c.Name))) yield break;
        var first = calls.Select(c => c.RequestedBy).FirstOrDefault(g => g is { IsModelCall: true });
        if (first is null || ToolDeclarations.DeclaringSpan(view, calls[0]) is not { } declaring) yield break;
        var said = Facts.Words(task.Text).Where(w => w.Length >= 4).ToHashSet(StringComparer.Ordinal);
        foreach (var tool in declaring.ToolDefinitions)
        {
            if (ToolNames.Reads(tool.Name) || ToolNames.Verb(tool.Name) is not { } verb) continue;
            var thing = NameWords.Word().Matches(tool.Name).Select(m => m.Value.ToLowerInvariant()).Where(w => w != verb && w.Length >= 4).ToList();
            if (!thing.Exists(said.Contains)) continue;
            var sentence = Requests.Sentence(task.Text, asked.Index).Trim();
            yield return context.CreateFinding(this, first.Span, "Incorrect Problem Identification",
                $"The user asked for something to be put right (\"{sentence}\"), and {first.Span.Name} only looked things up: {tool.Name}, offered for it, was never called, and no call changed anything.",
                [new Evidence(task.Span.SpanId, task.Source, sentence), ToolDeclarations.Offering(declaring, tool.Name)], 0.6)
                with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(first.Span).Select(g => g.Span.SpanId).ToArray() };
            yield break;
        }
    }
}
