using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Approval;

/// <summary>
/// The expected answer beside a corpus trace: <c>timeout-0519.json</c> has <c>timeout-0519.expected.json</c>, holding
/// <c>{"answer": "..."}</c>. It is read when the trace is attributed; a file that cannot be read is an error naming
/// the file and position, and nothing is approved from that trace.
/// </summary>
internal static class ExpectedAnswerFile
{
    public const string Suffix = ".expected.json";

    /// <summary>The expected-answer file beside a trace file.</summary>
    public static string For(string tracePath) =>
        Path.Combine(Path.GetDirectoryName(tracePath) ?? "", Path.GetFileNameWithoutExtension(tracePath)) + Suffix;

    /// <summary>True for <c>*.expected.json</c>: an expectation, never a trace.</summary>
    public static bool IsExpectedAnswerFile(string path) => path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The expected answer beside a trace, or null when there is no such file.</summary>
    /// <exception cref="TraceFormatException">The file is not valid JSON or holds no non-empty <c>answer</c>.</exception>
    public static string? ReadBeside(string tracePath)
    {
        var path = For(tracePath);
        return File.Exists(path) ? Parse(File.ReadAllBytes(path), path) : null;
    }

    /// <exception cref="TraceFormatException">The document is not valid JSON or holds no non-empty <c>answer</c>.</exception>
    public static string Parse(ReadOnlyMemory<byte> utf8, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "the expected answer is not valid JSON: " + FirstSentence(e.Message), e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw TraceFormatException.AtOffset(path, utf8.Span, 0, "expected a JSON object with an \"answer\" property: {\"answer\": \"...\"}");
            if (!root.TryGetProperty("answer", out var answer))
            {
                throw TraceFormatException.AtOffset(path, utf8.Span, 0, "expected an \"answer\" property: {\"answer\": \"...\"}");
            }

            var text = answer.ValueKind switch
            {
                JsonValueKind.String => answer.GetString(),
                JsonValueKind.Number => answer.GetRawText(),
                _ => null,
            };
            if (string.IsNullOrWhiteSpace(text))
            {
                var at = utf8.Span.IndexOf("\"answer\""u8);
                throw TraceFormatException.AtOffset(path, utf8.Span, Math.Max(0, at), "\"answer\" must be a non-empty string (or a number)");
            }

            return text;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
