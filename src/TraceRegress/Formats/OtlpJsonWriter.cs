using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// Writes a loaded trace, whatever format it came from, as one OTLP/JSON document: spans grouped by
/// resource and scope, ids in hex, times as decimal-string nanoseconds, typed attribute values, status and
/// kind as numbers. The output is deterministic (spans in the trace's depth-first order, indented, LF line
/// ends) and reads back through <see cref="OtlpJsonReader"/> to the same tree.
/// </summary>
internal static class OtlpJsonWriter
{
    /// <summary>
    /// Deepest attribute value written as typed values. Each level of an OTLP array or map costs three JSON
    /// levels, so deeper values are written as their JSON text to stay readable under <see cref="TraceInput.MaxDepth"/>.
    /// </summary>
    private const int MaxValueDepth = 60;

    public static byte[] Write(AgentTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // Keeps non-ASCII text readable and the bytes the same on every machine.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 1024,
        }))
        {
            Write(trace, writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Write(AgentTrace trace, Utf8JsonWriter writer)
    {
        // Resources and scopes in order of first appearance in the (deterministic) span order.
        var resources = new List<(TraceResource Resource, List<(string? Scope, List<Span> Spans)> Scopes)>();
        var resourceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var span in trace.Spans)
        {
            var key = ResourceKey(span.Resource);
            if (!resourceIndex.TryGetValue(key, out var r))
            {
                r = resources.Count;
                resourceIndex[key] = r;
                resources.Add((span.Resource, []));
            }

            var scopes = resources[r].Scopes;
            var s = scopes.FindIndex(x => string.Equals(x.Scope, span.ScopeName, StringComparison.Ordinal));
            if (s < 0)
            {
                s = scopes.Count;
                scopes.Add((span.ScopeName, []));
            }

            scopes[s].Spans.Add(span);
        }

        writer.WriteStartObject();
        writer.WriteStartArray("resourceSpans");
        foreach (var (resource, scopes) in resources)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("resource");
            WriteAttributes(writer, resource.Attributes);
            writer.WriteEndObject();
            writer.WriteStartArray("scopeSpans");
            foreach (var (scope, spans) in scopes)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("scope");
                if (scope is not null) writer.WriteString("name", scope);
                writer.WriteEndObject();
                writer.WriteStartArray("spans");
                foreach (var span in spans) WriteSpan(writer, span);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string ResourceKey(TraceResource resource)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in resource.Attributes)
        {
            sb.Append(key).Append('\u0001').Append(value.ToJson()).Append('\u0002');
        }

        return sb.ToString();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", HexId(span.TraceId, TraceIds.TraceIdHexLength));
        writer.WriteString("spanId", HexId(span.SpanId, TraceIds.SpanIdHexLength));
        if (!string.IsNullOrEmpty(span.ParentSpanId)) writer.WriteString("parentSpanId", HexId(span.ParentSpanId, TraceIds.SpanIdHexLength));
        writer.WriteString("name", span.Name);
        writer.WriteNumber("kind", (int)span.Kind);
        writer.WriteString("startTimeUnixNano", Nanos(span.StartTimeUnixNano));
        writer.WriteString("endTimeUnixNano", Nanos(span.StartTimeUnixNano + span.DurationNanos));
        WriteAttributes(writer, span.Attributes);
        if (span.Events.Count > 0)
        {
            writer.WriteStartArray("events");
            foreach (var e in span.Events)
            {
                writer.WriteStartObject();
                if (e.Timestamp is { } time) writer.WriteString("timeUnixNano", Nanos((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100));
                writer.WriteString("name", e.Name);
                WriteAttributes(writer, e.Attributes);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (span.Links.Count > 0)
        {
            writer.WriteStartArray("links");
            foreach (var link in span.Links)
            {
                writer.WriteStartObject();
                writer.WriteString("traceId", HexId(link.TraceId, TraceIds.TraceIdHexLength));
                writer.WriteString("spanId", HexId(link.SpanId, TraceIds.SpanIdHexLength));
                WriteAttributes(writer, link.Attributes);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("status");
        if (span.Status.Code != SpanStatusCode.Unset) writer.WriteNumber("code", (int)span.Status.Code);
        if (!string.IsNullOrEmpty(span.Status.Message)) writer.WriteString("message", span.Status.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Nanos(long nanos) => nanos.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// OTLP requires hex ids of 32 (trace) or 16 (span) digits. Shorter hex ids are left-padded; ids of other
    /// shapes (LangSmith's UUIDs, Langfuse's observation ids) get a stable hex id derived from their text, so
    /// parent links, links and every rerun of the import agree.
    /// </summary>
    internal static string HexId(string id, int hexLength)
    {
        var compact = id.Replace("-", "", StringComparison.Ordinal);
        if (TraceIds.IsHex(compact))
        {
            if (compact.Length == hexLength) return compact.ToLowerInvariant();
            if (compact.Length < hexLength) return compact.ToLowerInvariant().PadLeft(hexLength, '0');
        }

        if (id.Length == 0) return new string('0', hexLength);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        return Convert.ToHexStringLower(hash.AsSpan(0, hexLength / 2));
    }

    private static void WriteAttributes(Utf8JsonWriter writer, AttributeSet attributes)
    {
        writer.WriteStartArray("attributes");
        foreach (var (key, value) in attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WritePropertyName("value");
            WriteAnyValue(writer, value, 0);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, AttributeValue value, int depth)
    {
        writer.WriteStartObject();
        if (depth >= MaxValueDepth && value.Kind is AttributeValueKind.Array or AttributeValueKind.Map)
        {
            writer.WriteString("stringValue", value.ToJson());
            writer.WriteEndObject();
            return;
        }

        switch (value.Kind)
        {
            case AttributeValueKind.String:
                writer.WriteString("stringValue", value.AsString);
                break;
            case AttributeValueKind.Bool:
                writer.WriteBoolean("boolValue", value.AsBool!.Value);
                break;
            case AttributeValueKind.Int:
                // The protobuf JSON mapping writes 64-bit integers as strings.
                writer.WriteString("intValue", value.AsInt!.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case AttributeValueKind.Double:
                var d = value.AsDouble!.Value;
                if (double.IsNaN(d)) writer.WriteString("doubleValue", "NaN");
                else if (double.IsPositiveInfinity(d)) writer.WriteString("doubleValue", "Infinity");
                else if (double.IsNegativeInfinity(d)) writer.WriteString("doubleValue", "-Infinity");
                else writer.WriteNumber("doubleValue", d);
                break;
            case AttributeValueKind.Bytes:
                writer.WriteBase64String("bytesValue", value.AsBytes!.Value.Span);
                break;
            case AttributeValueKind.Array:
                writer.WriteStartObject("arrayValue");
                writer.WriteStartArray("values");
                foreach (var item in value.Items) WriteAnyValue(writer, item, depth + 1);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case AttributeValueKind.Map:
                writer.WriteStartObject("kvlistValue");
                writer.WriteStartArray("values");
                foreach (var (key, item) in value.Entries)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", key);
                    writer.WritePropertyName("value");
                    WriteAnyValue(writer, item, depth + 1);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                // Null: OTLP's empty AnyValue.
                break;
        }

        writer.WriteEndObject();
    }
}
