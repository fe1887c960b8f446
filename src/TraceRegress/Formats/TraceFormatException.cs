namespace TraceRegress;

/// <summary>
/// A trace file could not be read: malformed JSON, an unknown format, or a value of the wrong type.
/// The message names the file, the 1-based line and column, and what was expected.
/// </summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name (or a description of the input when it has no file).</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="column">1-based column (in bytes of UTF-8), 0 when unknown.</param>
    /// <param name="reason">What was wrong and what was expected.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public TraceFormatException(string source, int line, int column, string reason, Exception? inner = null)
        : base(Format(source, line, column, reason), inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file name, or a description of the input when it had no file.</summary>
    public new string Source { get; }

    /// <summary>1-based line of the problem; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>What was wrong and what was expected, without the position.</summary>
    public string Reason { get; }

    private static string Format(string source, int line, int column, string reason) =>
        line > 0 ? $"{source}({line},{column}): {reason}" : $"{source}: {reason}";

    /// <summary>Creates the exception for a byte offset in a UTF-8 buffer, computing line and column.</summary>
    internal static TraceFormatException AtOffset(string source, ReadOnlySpan<byte> utf8, long offset, string reason, Exception? inner = null)
    {
        var (line, column) = LineColumn(utf8, offset);
        return new TraceFormatException(source, line, column, reason, inner);
    }

    internal static (int Line, int Column) LineColumn(ReadOnlySpan<byte> utf8, long offset)
    {
        var end = (int)Math.Clamp(offset, 0, utf8.Length);
        var before = utf8[..end];
        var line = before.Count((byte)'\n') + 1;
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (line, end - lastNewline);
    }
}
