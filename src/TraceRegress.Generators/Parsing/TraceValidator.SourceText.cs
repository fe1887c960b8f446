using System;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace TraceRegress.Generators.Parsing;

/// <summary>The compiler's side of <see cref="TraceValidator"/>: a trace as the compiler read it.</summary>
internal static partial class TraceValidator
{
    /// <summary>Validates a text as the UTF-8 it is stored as; on failure, <see cref="TraceValidation.ErrorOffset"/> is the UTF-8 byte offset of the first error.</summary>
    public static TraceValidation Validate(SourceText text, CancellationToken cancellationToken) =>
        Validate(new SourceTextChunks(text), cancellationToken);

    /// <summary>A text encoded to UTF-8 a chunk at a time, so it is never copied whole.</summary>
    private sealed class SourceTextChunks : Utf8Chunks
    {
        // Characters encoded per step: small enough to stay out of the large object heap.
        private const int ChunkChars = 16 * 1024;

        private readonly SourceText _text;
        private readonly Encoder _encoder = Encoding.UTF8.GetEncoder();
        private readonly char[] _chars;
        private int _position;

        public SourceTextChunks(SourceText text)
        {
            _text = text;
            _chars = new char[Math.Min(ChunkChars, Math.Max(text.Length, 1))];
            MinimumSpace = Encoding.UTF8.GetMaxByteCount(_chars.Length);
        }

        public override int MinimumSpace { get; }

        public override bool AtEnd => _position >= _text.Length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var chars = Math.Min(_chars.Length, _text.Length - _position);
            if (chars <= 0) return 0;
            _text.CopyTo(_position, _chars, 0, chars);
            _position += chars;
            return _encoder.GetBytes(_chars, 0, chars, buffer, offset, flush: _position >= _text.Length);
        }

        // Rare: encode the whole text once to turn the reader's line and byte position into an offset.
        public override long OffsetOf(long line, long bytePositionInLine) =>
            TraceValidator.OffsetOf(Encoding.UTF8.GetBytes(_text.ToString()), line, bytePositionInLine);
    }
}
