using System.Text;

namespace TraceRegress.Redaction;

/// <summary>
/// Decodes the content of a JSON string literal from UTF-8 to UTF-8, and maps a position in the decoded
/// bytes back to the literal, so that a secret found in the decoded text is replaced in the original
/// bytes without re-escaping (and so changing) anything around it.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>Decodes <paramref name="raw"/> into <paramref name="decoded"/> (never longer than the raw text); returns the length.</summary>
    public static int Decode(ReadOnlySpan<byte> raw, Span<byte> decoded)
    {
        var written = 0;
        var at = 0;
        while (at < raw.Length)
        {
            var backslash = raw[at..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw[at..].CopyTo(decoded[written..]);
                return written + raw.Length - at;
            }

            raw.Slice(at, backslash).CopyTo(decoded[written..]);
            written += backslash;
            at += backslash;
            var (bytes, consumed) = Escape(raw, at, decoded[written..]);
            written += bytes;
            at += consumed;
        }

        return written;
    }

    /// <summary>
    /// The offset in the literal of decoded position <paramref name="target"/>. The cursor carries the
    /// last answer, so that positions asked in increasing order cost one pass over the literal in all.
    /// </summary>
    public static int RawOffset(ReadOnlySpan<byte> raw, int target, ref (int Raw, int Decoded) cursor)
    {
        if (target < cursor.Decoded) cursor = (0, 0);
        Span<byte> scratch = stackalloc byte[4];
        var (at, decoded) = cursor;
        while (decoded < target && at < raw.Length)
        {
            if (raw[at] != '\\')
            {
                at++;
                decoded++;
                continue;
            }

            var (bytes, consumed) = Escape(raw, at, scratch);
            at += consumed;
            decoded += bytes;
        }

        cursor = (at, decoded);
        return at;
    }

    // One escape at raw[at] (a backslash): the bytes it stands for, and how many raw bytes it took.
    private static (int Bytes, int Consumed) Escape(ReadOnlySpan<byte> raw, int at, Span<byte> output)
    {
        if (at + 1 >= raw.Length)
        {
            output[0] = raw[at];
            return (1, 1);
        }

        var escaped = raw[at + 1];
        if (escaped == 'u' && at + 6 <= raw.Length && Hex(raw.Slice(at + 2, 4), out var code))
        {
            if (char.IsHighSurrogate((char)code) && at + 12 <= raw.Length && raw[at + 6] == '\\' && raw[at + 7] == 'u'
                && Hex(raw.Slice(at + 8, 4), out var low) && char.IsLowSurrogate((char)low))
            {
                return (new Rune((char)code, (char)low).EncodeToUtf8(output), 12);
            }

            // A lone surrogate cannot be UTF-8: it reads as the replacement character (only for matching).
            var rune = Rune.IsValid(code) ? new Rune(code) : Rune.ReplacementChar;
            return (rune.EncodeToUtf8(output), 6);
        }

        output[0] = escaped switch
        {
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            _ => escaped,
        };
        return (1, 2);
    }

    private static bool Hex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var d in digits)
        {
            var nibble = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0) return false;
            value = (value << 4) | nibble;
        }

        return true;
    }
}
