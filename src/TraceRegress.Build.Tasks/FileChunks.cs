using System;
using System.IO;
using System.Text;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Build.Tasks;

/// <summary>
/// A trace file's bytes as the compiler's text of it would encode them: the compiler drops a UTF-8 byte order mark and
/// reads valid UTF-8 as is, so the bytes after the mark are exactly the UTF-8 of its text. A file in UTF-16 (its mark)
/// is <see cref="ForeignEncoding"/>, and invalid UTF-8 throws <see cref="DecoderFallbackException"/> while it is read
/// (the compiler would decode such a file with another code page): the task leaves both to the generator.
/// </summary>
internal sealed class FileChunks : Utf8Chunks
{
    private const int ChunkBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly Decoder _strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly byte[] _head = new byte[3];
    private readonly int _contentStart;
    private int _headStart;
    private int _headLength;
    private bool _atEnd;

    public FileChunks(Stream stream)
    {
        _stream = stream;
        while (_headLength < _head.Length)
        {
            var n = stream.Read(_head, _headLength, _head.Length - _headLength);
            if (n == 0) break;
            _headLength += n;
        }

        if (_headLength == 3 && _head[0] == 0xEF && _head[1] == 0xBB && _head[2] == 0xBF)
        {
            _headStart = 3;
            _contentStart = 3;
        }

        ForeignEncoding = _headLength >= 2 && ((_head[0] == 0xFE && _head[1] == 0xFF) || (_head[0] == 0xFF && _head[1] == 0xFE));
    }

    /// <summary>The file starts with a UTF-16 (or UTF-32) byte order mark: its text is not its bytes.</summary>
    public bool ForeignEncoding { get; }

    public override int MinimumSpace => ChunkBytes;

    public override bool AtEnd => _atEnd;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        if (_headStart < _headLength)
        {
            written = Math.Min(count, _headLength - _headStart);
            Buffer.BlockCopy(_head, _headStart, buffer, offset, written);
            _headStart += written;
        }

        while (written < count && !_atEnd)
        {
            var n = _stream.Read(buffer, offset + written, count - written);
            if (n == 0) _atEnd = true;
            written += n;
        }

        // Throws on the first invalid sequence; one cut between two chunks is carried over by the decoder.
        _strictUtf8.GetCharCount(buffer, offset, written, flush: _atEnd);
        return written;
    }

    public override long OffsetOf(long line, long bytePositionInLine)
    {
        if (!_stream.CanSeek) return -1;
        _stream.Position = _contentStart;
        long offset = 0;
        for (long seen = 0; seen < line; offset++)
        {
            var b = _stream.ReadByte();
            if (b < 0) break;
            if (b == '\n') seen++;
        }

        return offset + bytePositionInLine;
    }
}
