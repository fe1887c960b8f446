using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asks whether something comes with what they are getting ("will there be a toilet on board?", "does the room
/// have a balcony?"), and a model call answers that it does ("the midi coach has an onboard toilet") though nothing it
/// was given says so: no tool result and no instruction names the thing at all. The answer was made up to please:
/// Language-only hallucination at the first call that asserts it, quoting the question and the assertion. An answer that
/// says it cannot confirm, or that the thing is missing, asserts nothing of the kind.
/// </summary>
internal sealed partial class UnsupportedFeatureDetector : IDetector
{
    public const string DetectorId = "unsupported-feature";

    // A question about what comes with the thing: "will there be a toilet", "is there wifi", "does the room have a balcony".
    [GeneratedRegex(@"\b(?:will there be|is there|are there|does (?:it|the [a-z]+(?: [a-z]+)?) (?:have|come with)|do (?:they|the [a-z]+) (?:have|come with)|has it got)\s+(?:a |an |any )?(?<x>[a-z][a-z-]{3,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksAbout();

    // Words of a sentence that hedges or denies: it asserts nothing.
    [GeneratedRegex(@"\b(?:not|no|n't|without|unable|unfortunately|sure|confirm|check|cannot|can't|unknown|don't know|may|might|if)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hedged();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 } said) continue;
            foreach (var (_, part) in UserMessages.Parts(g))
            {
                foreach (Match asked in AsksAbout().Matches(part.Content!))
                {
                    var thing = asked.Groups["x"].Value.ToLowerInvariant();
                    if (Qualifiers.IsFunctionWord(thing) || thing is "room" or "space" or "time" or "availability" or "anything" or "something" or "another" or "more") continue;
                    var stem = thing.Length > 5 ? thing[..^1] : thing;
                    if (Asserted(said, stem) is not { } sentence) continue;
                    // Anything the call was given besides the user's words that names the thing grounds the answer.
                    if (NamedUpstream(g, stem) || view.ToolCalls.Calls.Any(c => c.Results.Any(r => r.Text.Contains(stem, StringComparison.OrdinalIgnoreCase)))) continue;
                    var answer = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(sentence, StringComparison.Ordinal));
                    if (answer is null) continue;
                    yield return context.CreateFinding(this, g.Span, "Language-only hallucination",
                        $"The user asked \"{asked.Value.Trim()}\", and {g.Span.Name} said so (\"{sentence}\") though nothing it was given names a {thing}.",
                        [new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(part.Content!, asked.Index).Trim()), new Evidence(g.Span.SpanId, answer.Source, sentence)], 0.75)
                        with { Basis = AttributionBasis.UngroundedContent };
                    yield break;
                }
            }
        }
    }

    // The sentence of the answer that says the thing is there, with no hedge or denial in it.
    private static string? Asserted(string said, string stem)
    {
        for (var at = said.IndexOf(stem, StringComparison.OrdinalIgnoreCase); at >= 0; at = said.IndexOf(stem, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at > 0 && char.IsLetter(said[at - 1])) continue;
            var sentence = Requests.Sentence(said, at).Trim();
            if (sentence.Contains('?', StringComparison.Ordinal) || Hedged().IsMatch(sentence)) continue;
            return sentence;
        }

        return null;
    }

    // A tool result, a tool's declaration or an instruction the call was given that names the thing.
    private static bool NamedUpstream(GenAiSpan g, string stem)
    {
        foreach (var message in g.InputMessages)
        {
            if (UserMessages.IsUser(message) || message.Role == "assistant") continue;
            foreach (var p in message.Parts)
            {
                if (p.Body.Contains(stem, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return g.ToolDefinitions.Any(t => (t.Description ?? "").Contains(stem, StringComparison.OrdinalIgnoreCase));
    }
}
