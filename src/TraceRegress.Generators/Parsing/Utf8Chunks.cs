using System;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// A document's UTF-8 bytes, handed to <see cref="TraceValidator"/> front to back in chunks. Compiled into the
/// generator and into the build task, so the two check a trace with the same code.
/// </summary>
internal abstract class Utf8Chunks
{
    /// <summary>The free space <see cref="Read"/> needs in the buffer to make progress.</summary>
    public abstract int MinimumSpace { get; }

    /// <summary>True once every byte has been handed out.</summary>
    public abstract bool AtEnd { get; }

    /// <summary>Writes the next bytes at <paramref name="offset"/>, at most <paramref name="count"/> (never less than <see cref="MinimumSpace"/>); returns how many.</summary>
    public abstract int Read(byte[] buffer, int offset, int count);

    /// <summary>The byte offset of a 0-based line (counted by '\n', as the JSON reader does) and byte position in it; only on errors.</summary>
    public abstract long OffsetOf(long line, long bytePositionInLine);
}

/// <summary>A document already in memory as UTF-8.</summary>
internal sealed class ByteChunks(byte[] utf8) : Utf8Chunks
{
    private const int ChunkBytes = 64 * 1024;
    private int _position;

    public override int MinimumSpace => Math.Min(ChunkBytes, Math.Max(utf8.Length, 1));

    public override bool AtEnd => _position >= utf8.Length;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(count, utf8.Length - _position);
        Buffer.BlockCopy(utf8, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override long OffsetOf(long line, long bytePositionInLine) => TraceValidator.OffsetOf(utf8, line, bytePositionInLine);
}
