using System.Globalization;
using System.Text.Json;

namespace TraceRegress.Reliability.Tests.Trees;

/// <summary>
/// Writes hostile span trees as flat span JSON, so they go through detection, a real reader and the
/// tree builder exactly as a file from disk would. Compact, because some hold a million spans.
/// </summary>
internal static class AdversarialTraceWriter
{
    public const string TraceId = "a3f9b2c1d4e5f60718293a4b5c6d7e8f";

    /// <summary>One span: its id, its parent id (or null), its name and its start in milliseconds from the trace start.</summary>
    public readonly record struct Node(string SpanId, string? ParentSpanId, string Name, long StartMs);

    public static string Id(long n) => n.ToString("x16", CultureInfo.InvariantCulture);

    public static byte[] Write(IEnumerable<Node> spans)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            var origin = new DateTimeOffset(2026, 5, 19, 9, 0, 0, TimeSpan.Zero);
            w.WriteStartObject();
            w.WriteStartArray("spans");
            foreach (var span in spans)
            {
                w.WriteStartObject();
                w.WriteString("traceId", TraceId);
                w.WriteString("spanId", span.SpanId);
                if (span.ParentSpanId is not null) w.WriteString("parentSpanId", span.ParentSpanId);
                w.WriteString("operationName", span.Name);
                w.WriteString("startTime", origin.AddMilliseconds(span.StartMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                w.WriteNumber("duration", 1);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
