using System.Text.RegularExpressions;
using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>
/// The rules a pattern finds in the system and developer instructions of model calls. A run repeats its instructions in
/// every call: each distinct text is searched once (and only when it holds the pattern's cue word), and the matches are
/// handed out again for every call that carries it. One instance serves one detection.
/// </summary>
internal sealed class InstructionRules(Regex rule, string cue)
{
    private readonly Dictionary<string, Match[]> _byText = new(StringComparer.Ordinal);

    /// <summary>Each rule the call's system or developer text states, with the part and the text it was found in.</summary>
    public IEnumerable<(MessagePart Part, string Text, Match Rule)> Of(GenAiSpan call)
    {
        foreach (var message in call.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
                foreach (var match in In(text)) yield return (part, text, match);
            }
        }
    }

    private Match[] In(string text)
    {
        if (!_byText.TryGetValue(text, out var rules))
        {
            _byText[text] = rules = text.Contains(cue, StringComparison.OrdinalIgnoreCase) ? rule.Matches(text).ToArray() : [];
        }

        return rules;
    }
}
