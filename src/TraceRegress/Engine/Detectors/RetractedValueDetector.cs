using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user said a value of theirs is out of date and gave the new one ("my mobile has changed, it's now 07700 900461.
/// The 07700 900118 number you've got is my old work phone"), and a later model call, whose input held that message, sent
/// a tool the old value anyway (<c>"phone": "07700 900118"</c>), as a record it looked up still gave it. What the user
/// said in the conversation outranks a stale record: Context Handling Failures at that call, quoting the user's sentence
/// and the argument. Values are contact details and references: numbers of five digits or more (compared by their
/// digits, however spaced) and e-mail addresses. The old value must stand in a sentence that calls it old (old, previous,
/// former, no longer, handed back, out of date) and a value of the same kind in a sentence that gives it as the new one
/// (now, new, instead, changed to).
/// </summary>
internal sealed partial class RetractedValueDetector : IDetector
{
    public const string DetectorId = "retracted-value";

    [GeneratedRegex(@"\b(?:old|previous|former|no longer|not in use|handed (?:it )?back|out of date|outdated|disconnected|don't use|do not use|stopped using)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Old();

    [GeneratedRegex(@"\b(?:now|new|instead|changed to|updated to|use this)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex New();

    // A contact detail or reference: digits written in groups ("07700 900118", "+44 7700 900118") or an e-mail address.
    [GeneratedRegex(@"(?<![\w@.+-])(?:\+?\d[\d ()-]{3,18}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w@-])", RegexOptions.CultureInvariant)]
    private static partial Regex Value();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var read = new Dictionary<string, List<(string Key, string Sentence)>>(StringComparer.Ordinal);
        foreach (var call in view.ToolCalls.Calls.Where(c => c.RequestedBy is { IsModelCall: true }).OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal))
        {
            if (call.Arguments is not { } args || call.Name.Length == 0 || ToolNames.Reads(call.Name)) continue;
            var chooser = call.RequestedBy!;
            foreach (var message in chooser.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    if (!read.TryGetValue(text, out var retracted)) read[text] = retracted = Retracted(text);
                    foreach (var (key, sentence) in retracted)
                    {
                        if (!Holds(args.Text, key)) continue;
                        yield return context.CreateFinding(this, chooser.Span, "Context Handling Failures",
                            $"The user said a value is out of date (\"{sentence}\"), and {chooser.Span.Name} still sent it to {call.Name}.",
                            [new Evidence(chooser.Span.SpanId, part.Source, sentence), new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The values a message calls old, each by its key (digits, or the address in lower case), with the sentence that
    /// does; only where the message also gives a value of the same kind as the new one.
    /// </summary>
    private static List<(string Key, string Sentence)> Retracted(string text)
    {
        // Most messages call nothing old: read no further.
        if (!Old().IsMatch(text) || !New().IsMatch(text)) return [];
        List<(string Key, string Sentence)>? old = null;
        List<string>? renewed = null;
        foreach (Match m in Value().Matches(text))
        {
            var key = Key(m.Value);
            if (key is null) continue;
            var sentence = Requests.Sentence(text, m.Index).Trim();
            if (Old().IsMatch(sentence) && !New().IsMatch(Clause(sentence, m.Value))) (old ??= []).Add((key, sentence));
            else if (New().IsMatch(sentence)) (renewed ??= []).Add(key);
        }

        if (old is null || renewed is null) return [];
        return old.Where(o => !renewed.Contains(o.Key) && renewed.Exists(r => r.Contains('@') == o.Key.Contains('@'))).ToList();
    }

    // The clause of the sentence that holds the value: "it's now 07700 900461" says nothing old of it even where the sentence
    // began "my old number has changed".
    private static string Clause(string sentence, string value)
    {
        var at = sentence.IndexOf(value, StringComparison.Ordinal);
        if (at < 0) return sentence;
        var start = sentence.LastIndexOfAny([',', ';', ':', '-'], Math.Max(0, at - 1)) + 1;
        return sentence[start..Math.Min(sentence.Length, at + value.Length)];
    }

    private static string? Key(string value)
    {
        if (value.Contains('@')) return value.ToLowerInvariant();
        var digits = string.Concat(value.Where(char.IsAsciiDigit));
        return digits.Length >= 5 ? digits.TrimStart('0') : null;
    }

    private static bool Holds(string arguments, string key)
    {
        if (key.Contains('@')) return arguments.Contains(key, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in Value().Matches(arguments))
        {
            if (Key(m.Value) == key) return true;
        }

        return false;
    }
}
