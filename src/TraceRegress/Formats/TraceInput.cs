using System.Text.Json;
using TraceRegress.Model;

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

        // The JSON reader checks UTF-8 only when a string is decoded, and then throws InvalidOperationException;
        // checking once here (vectorised, cheap next to parsing) gives every reader a positioned error instead.
        if (!System.Text.Unicode.Utf8.IsValid(Utf8.Span))
        {
            throw Error(FirstInvalidUtf8(Utf8.Span), "the file is not valid UTF-8 text: expected UTF-8 encoded JSON");
        }
    }

    /// <summary>
    /// A document made from another one (a table turned into span records): errors and lines name positions in
    /// <paramref name="original"/>, found through <paramref name="mapOffset"/>.
    /// </summary>
    public TraceInput(ReadOnlyMemory<byte> utf8, TraceInput original, Func<long, long> mapOffset)
    {
        Utf8 = utf8;
        SourceName = original.SourceName;
        _positions = original.Utf8;
        _mapOffset = mapOffset;
    }

    /// <summary>The bytes positions are reported in: the document itself, or the one it was made from.</summary>
    private ReadOnlySpan<byte> Positions => _mapOffset is null ? Utf8.Span : _positions.Span;

    private readonly ReadOnlyMemory<byte> _positions;
    private readonly Func<long, long>? _mapOffset;

    private long Position(long offset) => _mapOffset is null ? offset : _mapOffset(offset);

    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Short strings shared across the document (property names, keys, names).</summary>
    public Utf8StringCache Strings { get; } = new();

    /// <summary>A list to read one object's attributes into before copying them to their exact size.</summary>
    public List<KeyValuePair<string, AttributeValue>> Scratch { get; } = new(64);

    /// <summary>Resources by service name, for formats that name the service on each span.</summary>
    public Dictionary<string, TraceResource> ServiceResources { get; } = new(StringComparer.Ordinal);

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
        TraceFormatException.AtOffset(SourceName, Positions, Position(reader.TokenStartIndex), reason);

    /// <summary>An error at a byte offset.</summary>
    public TraceFormatException Error(long offset, string reason) =>
        TraceFormatException.AtOffset(SourceName, Positions, Position(offset), reason);

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

    /// <summary>
    /// Turns the JSON reader's failure to decode a string (a <c>\uD800</c>-style escape without its surrogate pair)
    /// into a positioned error. Returns null when the document holds no such escape, so unrelated errors still surface.
    /// </summary>
    public TraceFormatException? Error(InvalidOperationException e)
    {
        // A document made from another holds the other's strings as they were: the escape is found there.
        var offset = FirstLoneSurrogateEscape(Positions);
        return offset < 0 ? null : TraceFormatException.AtOffset(SourceName, Positions, offset,
            "a string holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF): expected a valid escape sequence", e);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }

        return offset;
    }

    private static int FirstLoneSurrogateEscape(ReadOnlySpan<byte> utf8)
    {
        var pendingHigh = -1;
        for (var i = 0; i + 5 < utf8.Length; i++)
        {
            if (utf8[i] != (byte)'\\') continue;
            if (utf8[i + 1] != (byte)'u' || !ushort.TryParse(utf8.Slice(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit))
            {
                if (pendingHigh >= 0) return pendingHigh;
                i++; // skip the escaped character, which may itself be a backslash
                continue;
            }

            if (char.IsHighSurrogate((char)unit))
            {
                if (pendingHigh >= 0) return pendingHigh;
                pendingHigh = i;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                if (pendingHigh < 0) return i;
                if (pendingHigh != i - 6) return pendingHigh;
                pendingHigh = -1;
            }
            else if (pendingHigh >= 0)
            {
                return pendingHigh;
            }

            i += 5;
        }

        return pendingHigh;
    }

    // Readers ask for the line of every span in file order; counting from the last answer instead of from
    // the start keeps that linear (counting from the start made a 100,000-span file take half a minute).
    private int _lineCursorOffset;
    private int _lineCursorLine = 1;

    /// <summary>1-based line of a byte offset.</summary>
    public int LineAt(long offset)
    {
        var span = Positions;
        var end = (int)Math.Clamp(Position(offset), 0, span.Length);
        if (end < _lineCursorOffset)
        {
            _lineCursorOffset = 0;
            _lineCursorLine = 1;
        }

        _lineCursorLine += span[_lineCursorOffset..end].Count((byte)'\n');
        _lineCursorOffset = end;
        return _lineCursorLine;
    }
}
