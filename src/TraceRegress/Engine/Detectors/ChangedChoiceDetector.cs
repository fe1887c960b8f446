using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user changed their choice in the conversation ("The quote has Linara in Putty, but ... I'd rather go with Linara
/// Moss"), the assistant took it up under its code ("Linara Moss (code LIN-MOSS)"), and a later model call sends a tool
/// the code of the choice the user moved away from (<c>"fabric_code": "LIN-PUTTY"</c>, as an earlier record held it): the
/// call lost the change the conversation had made. Context Handling Failures at that call, quoting the user's change, the
/// code the conversation settled on and the argument. The two codes are of one kind (the same segment before the
/// first separator, LIN), the settled one carries a word of the user's new choice, and the one sent a word of the old
/// choice as the user's message names it.
/// </summary>
internal sealed partial class ChangedChoiceDetector : IDetector
{
    public const string DetectorId = "changed-choice";

    // "I'd rather go with Linara Moss", "we would prefer the Oak instead", "can we switch to the 2-seater", "change it to Moss".
    [GeneratedRegex(@"\b(?:(?:I|we)(?:'d|’d| would) (?:rather|prefer to) (?:go with|have|take|use|get)|(?:I|we)(?:'d|’d| would) prefer|switch (?:it |that )?to|change (?:it |that )?to|go with)\s+(?:the\s+)?(?<choice>[\p{L}0-9][\p{L}0-9' -]{2,40}?)(?=\s*(?:[.,;!?(-]|$|\b(?:instead|please|as well|too|if)\b))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Change();

    // A code of a kind: a segment, a separator, the rest ("LIN-MOSS", "OAK_NAT", "SZ-XL").
    [GeneratedRegex(@"\b(?<kind>[A-Z]{2,6})[-_](?<rest>[A-Z0-9]{2,12}(?:[-_][A-Z0-9]{1,12})*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        // Each distinct user message is read once for a change of choice: most make none.
        var changes = new Dictionary<string, Match?>(StringComparer.Ordinal);
        Match? ChangeIn(string text)
        {
            if (!changes.TryGetValue(text, out var m)) changes[text] = m = Change().Match(text) is { Success: true } found ? found : null;
            return m;
        }

        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } arguments || UserMessages.Count(g) < 2) continue;
            foreach (var (_, part) in UserMessages.Parts(g))
            {
                if (ChangeIn(part.Content!) is not { } change || arguments.Json is not { ValueKind: JsonValueKind.Object } args) continue;
                var said = part.Content!;
                var choiceWords = Words(change.Groups["choice"].Value);
                // The code the assistant settled on after the change: one that carries a word of the new choice.
                if (Settled(g, part, choiceWords) is not { } settled) continue;
                foreach (var p in args.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } sent || Code().Match(sent) is not { Success: true, Length: var length } code || length != sent.Length) continue;
                    if (sent == settled.Code || code.Groups["kind"].Value != settled.Kind) continue;
                    // The code sent names what the user moved away from: a word of it stands in the user's message, outside the new choice.
                    var old = Words(code.Groups["rest"].Value);
                    if (!old.Exists(w => w.Length >= 3 && !choiceWords.Contains(w) && WholeWords.Find(said.ToLowerInvariant(), w) >= 0)) continue;
                    var sentence = Requests.Sentence(said, change.Index).Trim();
                    yield return context.CreateFinding(this, g.Span, "Context Handling Failures",
                        $"The user changed their choice (\"{sentence}\"), the conversation settled on {settled.Code}, and {g.Span.Name} sent {call.Name} {p.Name} {sent}, the choice the user moved away from.",
                        [new Evidence(g.Span.SpanId, part.Source, sentence), new Evidence(g.Span.SpanId, settled.Source, settled.Code),
                         new Evidence(arguments.Span.SpanId, arguments.Source, $"\"{p.Name}\":\"{sent}\"")], 0.7)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    yield break;
                }
            }
        }
    }

    // An assistant message after the user's change that names a code carrying a word of the new choice.
    private static (string Code, string Kind, string Source)? Settled(GenAiSpan g, MessagePart change, List<string> choice)
    {
        var after = false;
        foreach (var message in g.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (ReferenceEquals(part, change)) after = true;
                if (!after || message.Role != "assistant" || part.Kind != PartKind.Text || part.Content is not { } text) continue;
                foreach (Match m in Code().Matches(text))
                {
                    if (Words(m.Groups["rest"].Value).Exists(choice.Contains)) return (m.Value, m.Groups["kind"].Value, part.Source);
                }
            }
        }

        return null;
    }

    private static List<string> Words(string text) =>
        [.. Regex.Split(text.ToLowerInvariant(), @"[^\p{L}0-9]+").Where(w => w.Length >= 3)];
}
