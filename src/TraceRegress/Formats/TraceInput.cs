using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>The bytes of one trace document and its name, with helpers to fail at a position.</summary>
internal sealed class TraceInput
{
    /// <summary>Deepest JSON nesting accepted. Readers may recurse on JSON depth up to this bound.</summary>
    public const int MaxDepth = 256;

    public TraceInput(ReadOnlyMemory<byte> utf8, string sourceName)
    {
        // A UTF-8 byte order mark is legal in files and means nothing.
        var span = utf8.Span;
        Utf8 = span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? utf8[3..] : utf8;
        SourceName = sourceName;
    }

    public ReadOnlyMemory<byte> Utf8 { get; }

    public string SourceName { get; }

    public static JsonReaderOptions ReaderOptions(bool multipleValues = false) => new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        AllowMultipleValues = multipleValues,
    };

    /// <summary>A reader over the whole document.</summary>
    public Utf8JsonReader CreateReader(bool multipleValues = false) => new(Utf8.Span, ReaderOptions(multipleValues));

    /// <summary>An error at the current token of <paramref name="reader"/>.</summary>
    public TraceFormatException Error(in Utf8JsonReader reader, string reason) =>
        TraceFormatException.AtOffset(SourceName, Utf8.Span, reader.TokenStartIndex, reason);

    /// <summary>An error at a byte offset.</summary>
    public TraceFormatException Error(long offset, string reason) =>
        TraceFormatException.AtOffset(SourceName, Utf8.Span, offset, reason);

    /// <summary>Turns the JSON reader's own error into a positioned <see cref="TraceFormatException"/>.</summary>
    public TraceFormatException Error(JsonException e)
    {
        var line = (int)(e.LineNumber ?? -1) + 1;
        var column = (int)(e.BytePositionInLine ?? -1) + 1;
        var reason = e.Message;
        // The reader's message repeats the position; keep only the description.
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut].TrimEnd();
        if (line <= 0) return new TraceFormatException(SourceName, 0, 0, "malformed JSON: " + reason, e);
        return new TraceFormatException(SourceName, line, column, "malformed JSON: " + reason, e);
    }

    private long _lineOffset;
    private int _line = 1;

    /// <summary>
    /// 1-based line of a byte offset. Readers ask in document order, so counting resumes from the last
    /// answer: a file of many spans costs one pass, not one pass per span.
    /// </summary>
    public int LineAt(long offset)
    {
        var end = Math.Clamp(offset, 0, Utf8.Length);
        if (end < _lineOffset)
        {
            _lineOffset = 0;
            _line = 1;
        }

        _line += Utf8.Span[(int)_lineOffset..(int)end].Count((byte)'\n');
        _lineOffset = end;
        return _line;
    }
}
