using TraceRegress.GenAi;

namespace TraceRegress.Engine;

/// <summary>What a model call has just read: the last tool results in its own input, newest first.</summary>
internal static class RecentToolResults
{
    /// <summary>How many of the latest tool messages count as what the call just read.</summary>
    public const int Count = 8;

    /// <summary>The parts of the last <see cref="Count"/> tool messages of the call's input, newest first.</summary>
    public static IEnumerable<MessagePart> Of(GenAiSpan call)
    {
        var input = call.InputMessages;
        var results = 0;
        for (var i = input.Count - 1; i >= 0 && results < Count; i--)
        {
            if (input[i].Role != "tool") continue;
            results++;
            foreach (var part in input[i].Parts) yield return part;
        }
    }
}
