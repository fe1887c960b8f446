using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user says they do not have a value ("I don't have his new address yet - he's staying with a friend somewhere in
/// Leeds"), and a model call that had that message fills a tool call's argument named for it
/// (<c>"departed_forwarding_address": "Flat 2, 41 Cardigan Road, Leeds LS6 1LJ"</c>) with a value found nowhere in what it
/// was given: no user message, no tool result, no instruction. The value was made up where the call wrote it: Language-only
/// hallucination at that call, quoting the user's sentence and the argument. An argument left empty or marked unknown
/// ("unknown", "not provided"), or a value the user gave later, is no finding.
/// </summary>
internal sealed partial class UnknownValueDetector : IDetector
{
    public const string DetectorId = "unknown-value";

    // "I don't have his new address yet", "we don't know the exact date", "I haven't got the reference".
    [GeneratedRegex(@"\b(?:I|we)\s+(?:do not|don't|don’t|dont|did not|didn't|didn’t|have not|haven't|haven’t)\s+(?:have|know|got|remember|yet have)\s+(?:(?:his|her|their|the|my|our|its|your|a|an)\s+)?(?:(?:new|current|exact|forwarding|full|correct|actual)\s+)?(?<thing>[a-z]{4,})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotHad();

    // What an argument holds when the value is not known.
    [GeneratedRegex(@"^\s*(?:unknown|n/?a|none|null|tbc|tbd|not (?:provided|known|given|available)|pending|-|)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unknown();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        // Each distinct user message is read once for what the user says they do not have: most say nothing of the kind.
        var notHad = new Dictionary<string, Match?>(StringComparer.Ordinal);
        Match? NotHadIn(string text)
        {
            if (!notHad.TryGetValue(text, out var m)) notHad[text] = m = NotHad().Match(text) is { Success: true } found ? found : null;
            return m;
        }

        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } arguments || UserMessages.Count(chooser) == 0) continue;
            foreach (var (_, part) in UserMessages.Parts(chooser))
            {
                if (NotHadIn(part.Content!) is not { } said) continue;
                var thing = said.Groups["thing"].Value.ToLowerInvariant();
                if (!arguments.Text.Contains(thing, StringComparison.OrdinalIgnoreCase) || arguments.Json is not { ValueKind: JsonValueKind.Object } args) continue;
                foreach (var p in args.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } value || Unknown().IsMatch(value) || value.Length < 6) continue;
                    if (!Names(p.Name, thing)) continue;
                    if (Given(chooser, value)) continue;
                    var sentence = Requests.Sentence(part.Content!, said.Index).Trim();
                    var evidence = new List<Evidence> { new(chooser.Span.SpanId, part.Source, sentence) };
                    evidence.Add(new Evidence(arguments.Span.SpanId, arguments.Source, value));
                    yield return context.CreateFinding(this, chooser.Span, "Language-only hallucination",
                        $"The user said they do not have the {thing} (\"{sentence}\"), and {chooser.Span.Name} sent {call.Name} {p.Name} \"{value}\", found in nothing it was given.",
                        evidence, 0.7) with { Basis = AttributionBasis.UngroundedContent, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    yield break;
                }
            }
        }
    }

    // The words of an argument's name, lower-cased: "departed_forwarding_address", "forwardingAddress".
    private static bool Names(string name, string word)
    {
        foreach (Match m in NameWords.Word().Matches(name))
        {
            if (m.Value.Equals(word, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    // The value is in a message the call was given (a user's, a tool's, an instruction).
    private static bool Given(GenAiSpan chooser, string value)
    {
        foreach (var message in chooser.InputMessages)
        {
            if (message.Role is "assistant") continue;
            foreach (var part in message.Parts)
            {
                if (part.Body.Contains(value, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }
}
