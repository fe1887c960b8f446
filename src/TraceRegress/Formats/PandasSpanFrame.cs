using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>
/// Phoenix's spans dataframe (<c>px.Client().get_spans_dataframe()</c>, <c>query_spans</c>) written with pandas'
/// <c>to_json()</c> in its default orient, <c>"columns"</c> (<c>{"span_kind": {"&lt;span id&gt;": "LLM", …}, …}</c>: one
/// object per column, keyed by the frame's index, the span id), or with <c>orient="index"</c>
/// (<c>{"&lt;span id&gt;": {"span_kind": "LLM", …}, …}</c>). Either is turned into the records a <c>orient="records"</c>
/// export holds, each keyed <c>context.span_id</c>, whose values are the original bytes; a value's position in the
/// records maps back to its position in the file, so errors name the file's own line and column.
/// </summary>
internal static class PandasSpanFrame
{
    /// <summary>The dataframe's own columns (besides <c>attributes.*</c>), whose values a span record holds.</summary>
    private static readonly HashSet<string> SpanColumns = new(StringComparer.Ordinal)
    {
        "name", "span_kind", "parent_id", "start_time", "end_time", "status_code", "status_message", "events",
        "context.span_id", "context.trace_id", "conversation",
    };

    /// <summary>Columns whose presence, with span ids under them, marks the "columns" orient.</summary>
    private static readonly string[] MarkerColumns = ["span_kind", "context.trace_id"];

    public enum Orient
    {
        None,
        Columns,
        Index,
    }

    /// <summary>Which orient the probed document has, if it is a spans dataframe at all.</summary>
    public static Orient Detect(FormatProbe probe)
    {
        if (probe.Root != JsonTokenType.StartObject || probe.MultipleValues) return Orient.None;
        var columns = 0;
        var index = 0;
        foreach (var path in probe.Paths)
        {
            var second = path.IndexOf('/', 1);
            if (second < 0) continue;
            var first = path[1..second];
            var rest = path[(second + 1)..];
            if (rest.Contains('/')) continue;
            // {"span_kind": {"<id>": …}}: a marker column with a span id under it.
            if (Array.IndexOf(MarkerColumns, first) >= 0 && !SpanColumns.Contains(rest)) columns++;
            // {"<id>": {"span_kind": …, "context.trace_id": …}}.
            else if (!SpanColumns.Contains(first) && first is not ("spans" or "data") && Array.IndexOf(MarkerColumns, rest) >= 0) index++;
        }

        return columns >= MarkerColumns.Length ? Orient.Columns : index >= MarkerColumns.Length ? Orient.Index : Orient.None;
    }

    /// <summary>
    /// The frame as a JSON array of span records, when the document is one (decided from its content: a marker column
    /// whose value is an object of span ids, or a first entry whose value is a span record); null otherwise.
    /// </summary>
    public static TraceInput? ToRecords(TraceInput input)
    {
        var reader = input.CreateReader();
        input.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        return Classify(input, reader) switch
        {
            Orient.Columns => FromColumns(input, ref reader),
            Orient.Index => FromIndex(input, ref reader),
            _ => null,
        };
    }

    private static Orient Classify(TraceInput input, Utf8JsonReader reader)
    {
        input.Next(ref reader);
        var first = true;
        while (reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            input.Next(ref reader);
            if (Array.IndexOf(MarkerColumns, name) >= 0) return reader.TokenType == JsonTokenType.StartObject ? Orient.Columns : Orient.None;
            if (first && !SpanColumns.Contains(name) && !name.StartsWith("attributes.", StringComparison.Ordinal) && reader.TokenType == JsonTokenType.StartObject
                && input.HasProperty(reader, MarkerColumns))
            {
                return Orient.Index;
            }

            first = false;
            input.SkipValue(ref reader);
            input.Next(ref reader);
        }

        return Orient.None;
    }

    /// <summary>A stretch of the records copied from (or standing for) a stretch of the file.</summary>
    private readonly record struct Segment(long RecordsStart, long Length, long FileStart, long FileLength);

    private sealed class RecordsBuilder(TraceInput input)
    {
        private readonly List<byte> _bytes = [];
        private readonly List<Segment> _segments = [];

        public void Text(ReadOnlySpan<byte> text) => _bytes.AddRange(text);

        /// <summary>Copies a stretch of the file as it is.</summary>
        public void Copy(long fileStart, long fileEnd)
        {
            _segments.Add(new Segment(_bytes.Count, fileEnd - fileStart, fileStart, fileEnd - fileStart));
            _bytes.AddRange(input.Utf8.Span[(int)fileStart..(int)fileEnd]);
        }

        /// <summary>Writes bytes that stand for one place of the file (the span id a record is keyed by).</summary>
        public void Standing(ReadOnlySpan<byte> text, long fileOffset)
        {
            _segments.Add(new Segment(_bytes.Count, text.Length, fileOffset, 0));
            _bytes.AddRange(text);
        }

        public TraceInput Build()
        {
            var segments = _segments.ToArray();
            return new TraceInput(_bytes.ToArray(), input, offset => FileOffset(segments, offset));
        }

        private static long FileOffset(Segment[] segments, long offset)
        {
            // The last segment starting at or before the offset; a gap between segments (punctuation the records added)
            // stands for the start of what follows it.
            int lo = 0, hi = segments.Length - 1, found = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) / 2;
                if (segments[mid].RecordsStart <= offset) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }

            if (found < 0) return segments.Length > 0 ? segments[0].FileStart : 0;
            var s = segments[found];
            if (offset < s.RecordsStart + s.Length) return s.FileStart + Math.Min(offset - s.RecordsStart, s.FileLength);
            return found + 1 < segments.Length ? segments[found + 1].FileStart : s.FileStart + s.FileLength;
        }
    }

    /// <summary>The raw bytes of the property name the reader stands on, quotes and escapes included.</summary>
    private static (long Start, long End) NameToken(in Utf8JsonReader reader) =>
        (reader.TokenStartIndex, reader.TokenStartIndex + reader.ValueSpan.Length + 2);

    private static TraceInput FromColumns(TraceInput input, ref Utf8JsonReader reader)
    {
        var cells = new Dictionary<string, List<(long NameStart, long NameEnd, long ValueStart, long ValueEnd)>>(StringComparer.Ordinal);
        var ids = new List<(string Id, long Start, long End)>();
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var column = reader.GetString()!;
            var (nameStart, nameEnd) = NameToken(reader);
            input.Next(ref reader);
            input.Expect(ref reader, JsonTokenType.StartObject,
                $"an object of span id → value for the column \"{column}\" (a spans dataframe written by pandas' to_json, orient \"columns\")");
            input.Next(ref reader);
            while (reader.TokenType != JsonTokenType.EndObject)
            {
                var id = reader.GetString()!;
                var (idStart, idEnd) = NameToken(reader);
                input.Next(ref reader);
                var valueStart = reader.TokenStartIndex;
                input.SkipValue(ref reader);
                var valueEnd = reader.BytesConsumed;
                if (!cells.TryGetValue(id, out var row))
                {
                    cells[id] = row = [];
                    ids.Add((id, idStart, idEnd));
                }

                row.Add((nameStart, nameEnd, valueStart, valueEnd));
                input.Next(ref reader);
            }

            input.Next(ref reader);
        }

        input.ExpectEnd(ref reader);
        var records = new RecordsBuilder(input);
        records.Text("["u8);
        for (var i = 0; i < ids.Count; i++)
        {
            var (id, idStart, idEnd) = ids[i];
            if (i > 0) records.Text(","u8);
            records.Standing("{\"context.span_id\":"u8, idStart);
            records.Copy(idStart, idEnd);
            foreach (var (nameStart, nameEnd, valueStart, valueEnd) in cells[id])
            {
                records.Text(","u8);
                records.Copy(nameStart, nameEnd);
                records.Text(":"u8);
                records.Copy(valueStart, valueEnd);
            }

            records.Text("}"u8);
        }

        records.Text("]"u8);
        return records.Build();
    }

    private static TraceInput FromIndex(TraceInput input, ref Utf8JsonReader reader)
    {
        var records = new RecordsBuilder(input);
        records.Text("["u8);
        var count = 0;
        input.Next(ref reader);
        while (reader.TokenType != JsonTokenType.EndObject)
        {
            var id = reader.GetString()!;
            var (idStart, idEnd) = NameToken(reader);
            input.Next(ref reader);
            input.Expect(ref reader, JsonTokenType.StartObject, $"a span record object for the span id \"{id}\" (a spans dataframe written by pandas' to_json, orient \"index\")");
            var objectStart = reader.TokenStartIndex;
            input.SkipValue(ref reader);
            var objectEnd = reader.BytesConsumed;
            if (count++ > 0) records.Text(","u8);
            records.Standing("{\"context.span_id\":"u8, idStart);
            records.Copy(idStart, idEnd);
            // The record's own members follow, after its opening brace.
            var inner = input.Utf8.Span[(int)(objectStart + 1)..(int)(objectEnd - 1)];
            if (!inner.Trim(" \t\r\n"u8).IsEmpty) records.Text(","u8);
            records.Copy(objectStart + 1, objectEnd);
            input.Next(ref reader);
        }

        input.ExpectEnd(ref reader);
        records.Text("]"u8);
        return records.Build();
    }
}
