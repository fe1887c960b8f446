using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>What the user said: the text parts of the user's messages, trace-wide or as one model call was given them.</summary>
internal static class UserMessages
{
    /// <summary>Every distinct text the user said to any model call (each read once, however often the history repeats it).</summary>
    public static List<string> Texts(TraceView view)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var (_, part) in Parts(g))
            {
                var c = part.Content!;
                if (seen.Add(c) && distinct.Add(c)) texts.Add(c);
            }
        }

        return texts;
    }

    /// <summary>
    /// The non-empty text parts of the user messages a model call was given, in order, each with the index of its
    /// message among the call's user messages (0 for the first thing the user said).
    /// </summary>
    public static IEnumerable<(int Message, MessagePart Part)> Parts(GenAiSpan call)
    {
        var index = -1;
        foreach (var message in call.InputMessages)
        {
            if (!IsUser(message)) continue;
            index++;
            foreach (var part in message.Parts)
            {
                if (part.Kind == PartKind.Text && part.Content is { Length: > 0 }) yield return (index, part);
            }
        }
    }

    /// <summary>How many user messages a model call was given.</summary>
    public static int Count(GenAiSpan call) => call.InputMessages.Count(IsUser);

    /// <summary>A message the user wrote (<c>user</c>, or LangChain's <c>human</c>).</summary>
    public static bool IsUser(GenAiMessage message) => message.Role is "user" or "human";
}
