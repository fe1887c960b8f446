using System.Globalization;

namespace TraceRegress.Redaction;

/// <summary>
/// The decoded text of a JSON string literal, with the position in the literal of every decoded
/// character, so that a secret found in the decoded text can be replaced in the original bytes
/// without re-escaping (and so changing) anything around it.
/// </summary>
internal readonly struct JsonStringText
{
    private JsonStringText(string text, int[] rawOffsets)
    {
        Text = text;
        RawOffsets = rawOffsets;
    }

    /// <summary>The decoded string.</summary>
    public string Text { get; }

    /// <summary>For each index of <see cref="Text"/> (and one past its end), the offset in the literal.</summary>
    public int[] RawOffsets { get; }

    /// <summary>Decodes the content of a string literal (the text between its quotes).</summary>
    public static JsonStringText Decode(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOf('\\') < 0)
        {
            var identity = new int[raw.Length + 1];
            for (var i = 0; i < identity.Length; i++) identity[i] = i;
            return new JsonStringText(raw.ToString(), identity);
        }

        var text = new System.Text.StringBuilder(raw.Length);
        var offsets = new List<int>(raw.Length + 1);
        var at = 0;
        while (at < raw.Length)
        {
            offsets.Add(at);
            if (raw[at] != '\\' || at + 1 >= raw.Length)
            {
                text.Append(raw[at]);
                at++;
                continue;
            }

            var escaped = raw[at + 1];
            if (escaped == 'u' && at + 6 <= raw.Length
                && int.TryParse(raw.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text.Append((char)code);
                at += 6;
                continue;
            }

            text.Append(escaped switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                _ => escaped,
            });
            at += 2;
        }

        offsets.Add(raw.Length);
        return new JsonStringText(text.ToString(), offsets.ToArray());
    }
}
