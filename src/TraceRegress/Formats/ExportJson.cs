using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// JSON plumbing shared by the readers of LLM-observability exports (OpenInference, Langfuse, LangSmith):
/// the document end, JSON held inside strings, and payloads kept as text.
/// </summary>
internal static class ExportJson
{
    /// <summary>Requires that nothing but whitespace or comments follows the trace document.</summary>
    public static void ExpectEnd(this TraceInput input, ref Utf8JsonReader reader)
    {
        try
        {
            if (reader.Read()) throw input.Error(reader, "expected the end of the document after the trace");
        }
        catch (JsonException e)
        {
            throw input.Error(e);
        }
    }

    /// <summary>Reads one JSON Lines record: called on the record's first token, it must leave the reader on its last.</summary>
    public delegate void LineReader(TraceInput line, ref Utf8JsonReader reader);

    /// <summary>
    /// True when the document is JSON Lines: the first non-blank line is a whole JSON object and more follows it.
    /// A pretty-printed document (whose first line is not a whole value) is not.
    /// </summary>
    public static bool IsJsonLines(ReadOnlySpan<byte> utf8)
    {
        var start = 0;
        while (start < utf8.Length && utf8[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        var newline = utf8[start..].IndexOf((byte)'\n');
        if (newline < 0) return false;
        var rest = utf8[(start + newline)..];
        if (rest.Trim(" \t\r\n"u8).IsEmpty) return false;
        var line = new Utf8JsonReader(utf8.Slice(start, newline), TraceInput.ReaderOptions());
        try
        {
            if (!line.Read() || line.TokenType != JsonTokenType.StartObject) return false;
            line.Skip();
            return !line.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads a JSON Lines document one line at a time (blank lines skipped), so a truncated or malformed line is
    /// reported at its own line and column rather than where the next one begins. Spans read from a line carry
    /// that line as their source line. <paramref name="what"/> names the object each line must hold (null when
    /// <paramref name="read"/> checks that itself); <paramref name="record"/> is what a line is called in errors.
    /// </summary>
    public static void ReadLines(this TraceInput input, List<SpanData> spans, string? what, LineReader read, string record = "record")
    {
        var all = input.Utf8;
        var lineNumber = 0;
        var offset = 0;
        while (offset < all.Length)
        {
            lineNumber++;
            var newline = all.Span[offset..].IndexOf((byte)'\n');
            var end = newline < 0 ? all.Length : offset + newline;
            var line = all[offset..end];
            offset = end + 1;
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;

            var first = spans.Count;
            try
            {
                var lineInput = new TraceInput(line, input.SourceName);
                var reader = lineInput.CreateReader();
                lineInput.Next(ref reader);
                if (what is not null) lineInput.Expect(ref reader, JsonTokenType.StartObject, what);
                read(lineInput, ref reader);
                lineInput.ExpectEnd(ref reader);
            }
            catch (TraceFormatException e)
            {
                throw new TraceFormatException(e.Source, e.Line > 0 ? e.Line + lineNumber - 1 : lineNumber, e.Line > 0 ? e.Column : 1,
                    e.Reason + $" (in the JSON Lines {record} on this line)", e);
            }

            for (var i = first; i < spans.Count; i++)
            {
                spans[i].SourceLine = lineNumber;
            }
        }
    }

    /// <summary>
    /// Looks ahead (without consuming) for a property of the object the reader stands on, returning true
    /// when one of <paramref name="names"/> is present. Used to tell a wrapper object from a span object.
    /// </summary>
    public static bool HasProperty(this TraceInput input, Utf8JsonReader reader, params ReadOnlySpan<string> names)
    {
        input.Next(ref reader);
        while (reader.TokenType == JsonTokenType.PropertyName)
        {
            foreach (var name in names)
            {
                if (reader.ValueTextEquals(name)) return true;
            }

            input.Next(ref reader);
            input.SkipValue(ref reader);
            input.Next(ref reader);
        }

        return false;
    }

    /// <summary>
    /// Parses JSON held in a string (tool arguments, <c>input.value</c>), or returns false when the text is
    /// not a JSON object or array. Depth is bounded like any document.
    /// </summary>
    public static bool TryParse(string? text, out AttributeValue value)
    {
        value = AttributeValue.Null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var first = text.AsSpan().TrimStart()[0];
        if (first is not ('{' or '[')) return false;
        var input = new TraceInput(System.Text.Encoding.UTF8.GetBytes(text), "<embedded JSON>");
        try
        {
            var reader = input.CreateReader();
            input.Next(ref reader);
            value = input.ReadPlainValue(ref reader);
            input.ExpectEnd(ref reader);
            return true;
        }
        catch (TraceFormatException)
        {
            value = AttributeValue.Null;
            return false;
        }
    }

    /// <summary>A payload as text: strings as they are, anything else as compact JSON.</summary>
    public static string Text(AttributeValue value) => value.Kind == AttributeValueKind.String ? value.AsString! : value.ToJson();

    /// <summary>The value of a key in a map value, or null.</summary>
    public static AttributeValue? Get(this AttributeValue map, string key)
    {
        if (map.Kind != AttributeValueKind.Map) return null;
        foreach (var entry in map.Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry.Value;
        }

        return null;
    }

    /// <summary>The first present, non-null value among keys of a map value.</summary>
    public static AttributeValue? GetAny(this AttributeValue map, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (map.Get(key) is { Kind: not AttributeValueKind.Null } value) return value;
        }

        return null;
    }

    /// <summary>A string member of a map value (numbers are given as invariant text), or null.</summary>
    public static string? GetText(this AttributeValue map, params ReadOnlySpan<string> keys)
    {
        var value = map.GetAny(keys);
        return value is null ? null : value.Kind switch
        {
            AttributeValueKind.String => value.AsString,
            AttributeValueKind.Int or AttributeValueKind.Double or AttributeValueKind.Bool => value.ToString(),
            _ => null,
        };
    }

    /// <summary>An integer member of a map value (numbers or numeric strings), or null.</summary>
    public static long? GetInt(this AttributeValue map, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (map.Get(key) is { } value && value.TryGetInt64(out var n)) return n;
        }

        return null;
    }

    /// <summary>A map value built from pairs, skipping null values so the JSON stays free of empty members.</summary>
    public static AttributeValue Map(params ReadOnlySpan<(string Key, AttributeValue? Value)> entries)
    {
        var list = new List<KeyValuePair<string, AttributeValue>>(entries.Length);
        foreach (var (key, value) in entries)
        {
            if (value is not null) list.Add(new(key, value));
        }

        return AttributeValue.FromMap(list);
    }
}
