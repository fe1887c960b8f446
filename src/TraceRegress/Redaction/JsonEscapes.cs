using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (decoded.Length < raw.Length) throw new ArgumentException("the output must be as long as the literal", nameof(decoded));
        ref var source = ref MemoryMarshal.GetReference(raw);
        ref var target = ref MemoryMarshal.GetReference(decoded);
        var written = 0;
        var at = 0;
        while (at < raw.Length)
        {
            // The run before the next backslash, eight bytes at a time: JSON held in a string has an escape
            // every few bytes, where a vectorised search costs more than it saves. Writing eight bytes at
            // 'written' stays inside the output, since written <= at and at + 8 <= raw.Length <= decoded.Length.
            if (BitConverter.IsLittleEndian)
            {
                while (at + 8 <= raw.Length)
                {
                    var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, at));
                    var x = word ^ 0x5C5C5C5C5C5C5C5CUL;
                    var backslashes = (x - 0x0101010101010101UL) & ~x & 0x8080808080808080UL;
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, written), word);
                    if (backslashes == 0)
                    {
                        at += 8;
                        written += 8;
                        continue;
                    }

                    // The lowest flagged byte is the first backslash (a borrow only flags bytes above a true one).
                    var run = BitOperations.TrailingZeroCount(backslashes) >> 3;
                    at += run;
                    written += run;
                    break;
                }
            }

            while (at < raw.Length && raw[at] != '\\') decoded[written++] = raw[at++];
            if (at >= raw.Length) break;
            if (at + 1 < raw.Length && raw[at + 1] is (byte)'"' or (byte)'\\' or (byte)'/')
            {
                // The escapes of JSON held in a string: the character itself.
                decoded[written++] = raw[at + 1];
                at += 2;
                continue;
            }

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
