using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The instructions hold a tool back until the user says yes ("Before calling chargeDeposit you MUST tell the client the
/// deposit amount ... and receive an explicit 'yes'", "Only call place_order once the customer has confirmed the
/// total"), and a model call calls it before the user could have: nothing the assistant said came before the user's
/// latest message, so no question was ever put to the user and no yes answered one. Instruction Non-compliance at that
/// call, quoting the rule and the call. A call made after the assistant spoke and the user replied is left alone (the
/// reply may be the yes), as is a rule that names no tool.
/// </summary>
internal sealed partial class UnconfirmedActionDetector : IDetector
{
    public const string DetectorId = "unconfirmed-action";

    // What holds the action back, and what lifts it: "before ... confirm", "until ... agrees", "only once ... a yes".
    [GeneratedRegex(@"\b(?:before|until|unless|without|once|only (?:after|when))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Until();

    [GeneratedRegex(@"\b(?:confirm\w*|agree\w*|approv\w*|consent\w*|accept\w*)\b|['""‘“]yes['""’”]|\ba yes\b|\bsays? yes\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Yes();

    public string Id => DetectorId;

    public int Priority => 58;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var rules = new Dictionary<string, Evidence?>(StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length < 4 || ToolNames.Reads(call.Name) || call.RequestedBy is not { IsModelCall: true } chooser) continue;
            if (UserMessages.Count(chooser) == 0 || Answered(chooser)) continue;
            if (!rules.TryGetValue(call.Name, out var rule)) rules[call.Name] = rule = Rule(chooser, call.Name);
            if (rule is null) continue;
            var evidence = new List<Evidence> { rule };
            if (call.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            yield return context.CreateFinding(this, chooser.Span, "Instruction Non-compliance",
                $"The instructions hold {call.Name} back until the user says yes (\"{rule.Quote}\"), and {chooser.Span.Name} called it before anything was put to the user.",
                evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
            yield break;
        }
    }

    // The user's latest message answers something the assistant said: an assistant text comes before it.
    private static bool Answered(GenAiSpan chooser)
    {
        var spoke = false;
        var answered = false;
        foreach (var m in chooser.InputMessages)
        {
            if (m.Role == "assistant" && m.Parts.Any(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 })) spoke = true;
            else if (UserMessages.IsUser(m)) answered = spoke;
        }

        return answered;
    }

    // A sentence of the system or developer instructions that names the tool and holds it back until the user says yes.
    private static Evidence? Rule(GenAiSpan chooser, string tool)
    {
        foreach (var message in chooser.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
                for (var at = text.IndexOf(tool, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tool, at + tool.Length, StringComparison.Ordinal))
                {
                    // The name as a whole word ("chargeDeposit", not "chargeDepositRefund").
                    if ((at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_')) || (at + tool.Length < text.Length && (char.IsLetterOrDigit(text[at + tool.Length]) || text[at + tool.Length] == '_'))) continue;
                    var sentence = Requests.Sentence(text, at).Trim();
                    var hold = Until().Match(sentence);
                    if (hold.Success && Yes().Match(sentence, hold.Index) is { Success: true }) return new Evidence(chooser.Span.SpanId, part.Source, sentence);
                }
            }
        }

        return null;
    }
}
