using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model asked for JSON (a JSON response format, <c>gen_ai.output.type</c> <c>json</c>, or an instruction such as
/// "respond in JSON") that answered with something that does not parse. Formatting Errors when the answer is
/// broken JSON, JSON wrapped in prose, or JSON mode was on; Instruction Non-compliance when it ignored a prompt's request
/// for JSON. An answer cut
/// at the output token limit is the token limit's finding, not a format error. The steps after the call that failed to
/// parse what it wrote (a JSON decode error under the same parent) are symptoms the finding explains.
/// </summary>
internal sealed partial class OutputFormatDetector : IDetector
{
    [GeneratedRegex(@"\b(?:respond|reply|answer|return|output|format(?:ted)?|give|provide|produce|write)\b[^.\n]{0,60}?\bJSON\b|\b(?:in|as|valid|only) JSON\b|\bJSON (?:format|object|only)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JsonInstruction();

    [GeneratedRegex(@"^\s*```(?:json|JSON)?\s*\n(?<body>[\s\S]*?)\n?```\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();

    // The "Action Input:" field of a ReAct step, up to the observation or the end of the answer.
    [GeneratedRegex(@"^\s*Action Input:\s*(?<input>[\s\S]*?)\s*(?:^\s*Observation:|\z)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ActionInput();

    public string Id => "output-format";

    /// <summary>True when the JSON instruction at <paramref name="at"/> is on the line of a ReAct format that describes the "Action Input:" field.</summary>
    private static bool DescribesActionInput(string prompt, int at)
    {
        var start = prompt.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return prompt.AsSpan(start).TrimStart().StartsWith("Action Input:", StringComparison.Ordinal);
    }

    public int Priority => 70;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) continue;
            // A truncated answer does not parse because it was cut: the token limit is the cause.
            if (g.FinishReasons.Any(r => OutputTokenLimitDetector.IsLengthReason(r.Text))) continue;
            var answerPart = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && !string.IsNullOrWhiteSpace(p.Content));
            if (answerPart is null) continue;

            Evidence? request = null;
            var byMode = false;
            var actionInputOnly = false;
            if (g.RequestedOutputType is { } mode)
            {
                request = new Evidence(g.Span.SpanId, mode.Source, Quote.Cut(mode.Text));
                byMode = true;
            }
            else
            {
                foreach (var part in g.InputMessages.Where(m => m.Role is "system" or "user" or "developer").SelectMany(m => m.Parts))
                {
                    if (part.Kind != PartKind.Text || part.Content is null) continue;
                    var m = JsonInstruction().Match(part.Content);
                    if (!m.Success) continue;
                    request = new Evidence(g.Span.SpanId, part.Source, m.Value);
                    actionInputOnly = DescribesActionInput(part.Content, m.Index);
                }
            }

            if (request is null) continue;
            var answer = g.OutputText;
            if (actionInputOnly)
            {
                // A ReAct prompt asks for JSON in the "Action Input:" field only: a thought or a final answer in prose
                // follows the format; only an action input that does not parse breaks it.
                if (ActionInput().Match(answer) is not { Success: true } input) continue;
                answer = input.Groups["input"].Value;
            }

            var fenced = CodeFence().Match(answer);
            var body = fenced.Success ? fenced.Groups["body"].Value : answer;
            if (JsonContent.TryParse(body.Trim(), out _)) continue;

            var trimmed = body.TrimStart();
            var looksLikeJson = trimmed.StartsWith('{') || trimmed.StartsWith('[');
            // JSON the model wrote inside prose ("Here is the JSON: {...} Let me know..."): it gave the format, broken.
            var wrapped = !looksLikeJson && HasEmbeddedJson(answer);
            var l4 = byMode || looksLikeJson || wrapped ? "Formatting Errors" : "Instruction Non-compliance";
            var summary = looksLikeJson
                ? "The model was asked for JSON and answered with JSON that does not parse."
                : wrapped ? "The model was asked for JSON and answered with JSON wrapped in prose, which does not parse as a whole."
                : "The model was asked for JSON and answered in prose.";
            yield return context.CreateFinding(this, g.Span, l4, summary,
                [new Evidence(g.Span.SpanId, answerPart.Source, Quote.Cut(answerPart.Content!)), request], byMode ? 0.85 : 0.75)
                with { Explains = ParseFailuresAfter(context, g.Span) };
        }
    }

    /// <summary>The later spans under the same parent that failed to parse what the call wrote.</summary>
    private static List<string> ParseFailuresAfter(DetectionContext context, Span span)
    {
        var ids = new List<string>();
        context.FailingSpans.After(span, withErrors: false, ids);
        return ids;
    }

    /// <summary>True when the text holds a JSON object or array between its first opening and last closing bracket.</summary>
    private static bool HasEmbeddedJson(string text)
    {
        foreach (var (open, close) in (ReadOnlySpan<(char, char)>)[('{', '}'), ('[', ']')])
        {
            var start = text.IndexOf(open, StringComparison.Ordinal);
            var end = text.LastIndexOf(close);
            if (start >= 0 && end > start && JsonContent.TryParse(text[start..(end + 1)], out _)) return true;
        }

        return false;
    }
}
