using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A call the instructions require before an action, never made. The system or developer instructions say a tool must
/// be called before some action ("before quoting a bareboat price or placing a bareboat hold you MUST call
/// verify_skipper_qualification", "always call check_id before issuing a refund"), and a model call asked for a tool
/// named for that action (<c>create_booking_hold</c>: a word of the tool's name is a word of the action) while the
/// required tool had not been called in the run. Where the action is qualified by words its tool's name does not carry
/// ("a bareboat hold"), the call's arguments must carry one of them (<c>"charter_type": "bareboat"</c>), or the rule
/// is not the call's. Instruction Non-compliance at the model call that asked for the action, quoting the rule and the call.
/// </summary>
internal sealed partial class RequiredCallSkippedDetector : IDetector
{
    public const string DetectorId = "required-call-skipped";

    // "before <action>, you must call <tool>", "you must call <tool> ... before <action>", "always call <tool> before <action>".
    [GeneratedRegex(@"\bbefore\s+(?<act>[^.;:\n]{3,100}?),?\s+(?:you\s+)?(?:must|should|need to|have to|always)\s+(?:first\s+)?(?:call|use|run|invoke)\s+`?(?<tool>[A-Za-z][\w.-]*[_.-][\w.-]*[A-Za-z0-9])`?|\b(?:must|should|always|need to|have to)\s+(?:first\s+)?(?:call|use|run|invoke)\s+`?(?<tool>[A-Za-z][\w.-]*[_.-][\w.-]*[A-Za-z0-9])`?[^.;\n]{0,80}?\bbefore\s+(?<act>[^.;:\n]{3,100})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Rule();


    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var ordered = context.CallsInOrder;
        if (ordered.Count == 0) yield break;
        var rules = new InstructionRules(Rule(), "before");
        // Most runs state no such rule: look for one in any instruction before finding who chose each call.
        if (!view.Spans.Any(g => g.IsModelCall && rules.Of(g).Any())) yield break;
        for (var i = 0; i < ordered.Count; i++)
        {
            var call = ordered[i];
            if (call.Error is not null || ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g) continue;
            foreach (var (part, text, rule) in rules.Of(g))
            {
                var required = rule.Groups["tool"].Value;
                if (SameTool(required, call.Name)) continue;
                if (ordered.Take(i).Any(c => SameTool(required, c.Name))) continue;
                if (!IsForAction(rule.Groups["act"].Value, call)) continue;
                var evidence = new List<Evidence> { new(g.Span.SpanId, part.Source, Requests.Sentence(text, rule.Index)) };
                if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                yield return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                    $"The instructions require {required} before this (\"{rule.Value.Trim()}\"), and {g.Span.Name} asked for {call.Name} without it: {required} was never called before.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    /// <summary>
    /// The call takes the rule's action: a word of its tool's name is a content word of the action, and, where the action
    /// has other words that name no verb ("a bareboat hold"), its arguments carry one of them.
    /// </summary>
    private static bool IsForAction(string act, ToolCall call)
    {
        var name = Words(call.Name);
        var actWords = Words(act);
        actWords.RemoveWhere(w => w.Length < 4 || Qualifiers.IsFunctionWord(w));
        if (!name.Overlaps(actWords)) return false;
        var qualifiers = actWords.Where(w => !name.Contains(w) && !w.EndsWith("ing", StringComparison.Ordinal)).ToList();
        if (qualifiers.Count == 0) return true;
        var args = call.Arguments?.Text ?? "";
        return qualifiers.Exists(q => args.Contains(q, StringComparison.OrdinalIgnoreCase));
    }

    // A tool as the instructions name it and as a call names it, with or without its plugin's prefix
    // (get_caravan_record and ServiceBookings-get_caravan_record).
    private static bool SameTool(string required, string name) =>
        string.Equals(required, name, StringComparison.Ordinal) || Prefixed(name, required) || Prefixed(required, name);

    private static bool Prefixed(string name, string function) =>
        name.Length > function.Length + 1 && name.EndsWith(function, StringComparison.Ordinal) && name[name.Length - function.Length - 1] is '-' or '.';

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            words.Add(w.Length > 4 && w[^1] == 's' && w[^2] != 's' ? w[..^1] : w);
        }

        return words;
    }
}
