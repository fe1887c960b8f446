using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The assistant proposed an action on one record ("Would you like me to book the pony in?"), the user said yes ("Yes
/// please, book it in for the hydro"), and the call that acts sends another record's reference (<c>"serial":
/// "ST-44817"</c>) where the proposal's words belong to the other one: the conversation ties them to it ("my 3 L aluminium
/// pony, serial AL-20931", "Your 3 L aluminium pony (AL-20931)"), or the proposal gives the reference itself. Both records
/// were read under the same field. What was agreed was lost between the turns: Context Handling Failures at the call,
/// quoting the proposal, the reply and the reference sent.
/// </summary>
internal sealed partial class AgreedRecordDetector : IDetector
{
    public const string DetectorId = "agreed-record";

    [GeneratedRegex(@"\b(?:would you like me to|shall I|should I|do you want me to|want me to|I can)\s+(?<verb>[a-z]+)\s+(?<object>[^?.!\n]{1,60})\?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Proposal();

    [GeneratedRegex(@"^\W*(?:yes|yeah|yep|sure|ok|okay|please do|go ahead|that would be|that'd be|sounds good|perfect|great)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Agrees();

    [GeneratedRegex(@"(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    private static readonly HashSet<string> Filler = new(StringComparer.OrdinalIgnoreCase) { "the", "that", "this", "those", "these", "them", "one", "for", "you", "your", "with", "and", "now", "today", "booking", "please", "then" };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        for (var c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args) continue;
            if (ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } verb || !Requests.Acting.Contains(verb)) continue;
            // The latest user message agrees to what the assistant proposed just before it.
            var messages = chooser.InputMessages;
            var lastUser = -1;
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (UserMessages.IsUser(messages[i])) { lastUser = i; break; }
            }

            if (lastUser < 1 || Text(messages[lastUser]) is not { } reply || !Agrees().IsMatch(reply)) continue;
            var before = -1;
            for (var i = lastUser - 1; i >= 0; i--)
            {
                if (messages[i].Role == "assistant" && Text(messages[i]) is { Length: > 0 }) { before = i; break; }
                if (UserMessages.IsUser(messages[i])) break;
            }

            if (before < 0 || Proposal().Match(Text(messages[before])!) is not { Success: true } proposal || !proposal.Groups["verb"].Value.Equals(verb, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.String || field.Value.GetString() is not { } reference || !Reference().IsMatch(reference)) continue;
                var others = ReadUnder(calls, c, field.Name);
                if (!others.Contains(reference) || others.Count < 2) continue;
                var conversation = messages.Take(lastUser + 1).Where(m => UserMessages.IsUser(m) || m.Role == "assistant").Select(Text).OfType<string>().ToList();
                var agreed = Agreed(proposal.Groups["object"].Value, others, conversation);
                if (agreed is null || agreed == reference) continue;
                var quote = JsonProperties.Quote(args.Text, field);
                var offered = messages[before].Parts.First(p => p.Kind == PartKind.Text && p.Content?.Contains(proposal.Value, StringComparison.Ordinal) == true);
                var said = messages[lastUser].Parts.First(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 });
                yield return context.CreateFinding(this, chooser.Span, "Context Handling Failures",
                    $"The assistant offered to {proposal.Groups["verb"].Value} {proposal.Groups["object"].Value.Trim()} ({agreed}), the user agreed, and {chooser.Span.Name} sent {call.Name} {quote}, the other record.",
                    [new Evidence(chooser.Span.SpanId, offered.Source, proposal.Value), new Evidence(chooser.Span.SpanId, said.Source, Requests.Sentence(reply, 0).Trim()), new Evidence(args.Span.SpanId, args.Source, quote)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    private static string? Text(GenAiMessage message) =>
        message.Parts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 })?.Content;

    /// <summary>The values earlier tool results gave under the field's name (the references of the records read).</summary>
    private static HashSet<string> ReadUnder(List<ToolCall> calls, int at, string name)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var j = Math.Max(0, at - DetectionContext.CallLookBack); j < at; j++)
        {
            var results = calls[j].Results;
            for (var r = 0; r < results.Count; r++)
            {
                if (!results[r].Text.Contains(name, StringComparison.Ordinal) || results[r].Json is not { } root) continue;
                foreach (var o in JsonProperties.Objects(root))
                {
                    if (o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s) found.Add(s);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The one reference the proposal's words stand for: written in it, or the only one the conversation writes beside
    /// a word of it ("pony, serial AL-20931", "pony (AL-20931)"); null when none or several.
    /// </summary>
    private static string? Agreed(string proposed, HashSet<string> references, List<string> conversation)
    {
        var named = references.Where(r => proposed.Contains(r, StringComparison.Ordinal)).ToList();
        if (named.Count == 1) return named[0];
        var words = NameWords.Word().Matches(proposed).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3 && !Filler.Contains(w)).ToList();
        if (words.Count == 0) return null;
        var tied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in conversation)
        {
            foreach (var reference in references)
            {
                for (var at = text.IndexOf(reference, StringComparison.Ordinal); at >= 0; at = text.IndexOf(reference, at + reference.Length, StringComparison.Ordinal))
                {
                    var near = text[Math.Max(0, at - 30)..at].ToLowerInvariant();
                    // Only the words of its own clause: after the last comma that is not the reference's own label.
                    if (words.Exists(w => WholeWords.Find(near, w) >= 0 && Clause(near, w))) tied.Add(reference);
                }
            }
        }

        return tied.Count == 1 ? tied.First() : null;
    }

    // The word stands in the reference's own phrase: no other reference and no sentence break between them.
    private static bool Clause(string near, string word)
    {
        var after = near[(near.LastIndexOf(word, StringComparison.Ordinal) + word.Length)..];
        return !Reference().IsMatch(after) && after.IndexOfAny(['.', ';', '!', '?']) < 0 && after.Count(c => c == ',') <= 1;
    }
}
