using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceRegress.Capture;

/// <summary>
/// Writes <see cref="Activity"/> objects as one OTLP/JSON document, the corpus format every TraceRegress
/// reader and tool understands: spans grouped by activity source (the instrumentation scope), ids in hex,
/// times as decimal-string nanoseconds, typed attribute values, events, links and status. Spans are written
/// in start-time order (ties by span id), so the same activities give the same bytes.
/// </summary>
public static class OtlpActivityJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Keeps non-ASCII text readable and the bytes the same on every machine.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The activities as UTF-8 OTLP/JSON.</summary>
    /// <param name="activities">Started (usually stopped) activities; one still running is written with its duration so far.</param>
    /// <param name="resource">Resource attributes (for example <c>service.name</c>), or null.</param>
    public static byte[] Write(IEnumerable<Activity> activities, IEnumerable<KeyValuePair<string, object?>>? resource = null)
    {
        ArgumentNullException.ThrowIfNull(activities);
        using var buffer = new MemoryStream();
        Write(activities, resource, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes the activities as UTF-8 OTLP/JSON to a stream.</summary>
    public static void Write(IEnumerable<Activity> activities, IEnumerable<KeyValuePair<string, object?>>? resource, Stream output)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(output);
        var ordered = activities
            .OrderBy(a => a.StartTimeUtc.Ticks)
            .ThenBy(a => a.SpanId.ToHexString(), StringComparer.Ordinal)
            .ToList();
        var scopes = ordered.GroupBy(a => (a.Source.Name, a.Source.Version)).ToList();

        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("resourceSpans");
            writer.WriteStartObject();
            writer.WriteStartObject("resource");
            WriteAttributes(writer, resource ?? []);
            writer.WriteEndObject();
            writer.WriteStartArray("scopeSpans");
            foreach (var scope in scopes)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("scope");
                writer.WriteString("name", scope.Key.Name);
                if (!string.IsNullOrEmpty(scope.Key.Version)) writer.WriteString("version", scope.Key.Version);
                writer.WriteEndObject();
                writer.WriteStartArray("spans");
                foreach (var activity in scope) WriteSpan(writer, activity);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    private static void WriteSpan(Utf8JsonWriter writer, Activity activity)
    {
        writer.WriteStartObject();
        writer.WriteString("traceId", activity.TraceId.ToHexString());
        writer.WriteString("spanId", activity.SpanId.ToHexString());
        if (activity.ParentSpanId != default) writer.WriteString("parentSpanId", activity.ParentSpanId.ToHexString());
        writer.WriteString("name", activity.DisplayName);
        // ActivityKind counts from Internal = 0; OTLP from Unspecified = 0, Internal = 1.
        writer.WriteNumber("kind", (int)activity.Kind + 1);
        var start = UnixNanos(activity.StartTimeUtc);
        var duration = activity.Duration > TimeSpan.Zero || activity.IsStopped
            ? activity.Duration
            : DateTime.UtcNow - activity.StartTimeUtc;
        writer.WriteString("startTimeUnixNano", start.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("endTimeUnixNano", (start + Math.Max(0, duration.Ticks) * 100).ToString(CultureInfo.InvariantCulture));
        writer.WriteStartArray("attributes");
        foreach (var tag in activity.TagObjects) WriteKeyValue(writer, tag.Key, tag.Value);
        writer.WriteEndArray();

        writer.WriteStartArray("events");
        foreach (var e in activity.Events)
        {
            writer.WriteStartObject();
            writer.WriteString("timeUnixNano", UnixNanos(e.Timestamp.UtcDateTime).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("name", e.Name);
            writer.WriteStartArray("attributes");
            foreach (var tag in e.Tags) WriteKeyValue(writer, tag.Key, tag.Value);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("links");
        foreach (var link in activity.Links)
        {
            writer.WriteStartObject();
            writer.WriteString("traceId", link.Context.TraceId.ToHexString());
            writer.WriteString("spanId", link.Context.SpanId.ToHexString());
            writer.WriteStartArray("attributes");
            foreach (var tag in link.Tags ?? []) WriteKeyValue(writer, tag.Key, tag.Value);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("status");
        writer.WriteNumber("code", activity.Status switch
        {
            ActivityStatusCode.Ok => 1,
            ActivityStatusCode.Error => 2,
            _ => 0,
        });
        if (!string.IsNullOrEmpty(activity.StatusDescription)) writer.WriteString("message", activity.StatusDescription);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static long UnixNanos(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static void WriteAttributes(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        writer.WriteStartArray("attributes");
        foreach (var (key, value) in attributes) WriteKeyValue(writer, key, value);
        writer.WriteEndArray();
    }

    private static void WriteKeyValue(Utf8JsonWriter writer, string key, object? value)
    {
        if (value is null) return;
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WritePropertyName("value");
        WriteValue(writer, value);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case string s:
                writer.WriteString("stringValue", s);
                break;
            case bool b:
                writer.WriteBoolean("boolValue", b);
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteString("intValue", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteString("intValue", u.ToString(CultureInfo.InvariantCulture));
                break;
            case float or double or decimal:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d)) writer.WriteNumber("doubleValue", d);
                else writer.WriteString("stringValue", d.ToString(CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                writer.WriteBase64String("bytesValue", bytes);
                break;
            case IEnumerable items when value is not IDictionary:
                writer.WriteStartObject("arrayValue");
                writer.WriteStartArray("values");
                foreach (var item in items)
                {
                    if (item is null) continue;
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteString("stringValue", Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }

        writer.WriteEndObject();
    }
}
