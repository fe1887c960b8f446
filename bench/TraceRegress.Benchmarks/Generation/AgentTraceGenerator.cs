using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceRegress.Benchmarks.Generation;

/// <summary>
/// Builds realistic agent traces of any size, deterministically from a seed: an agent run with
/// sub-tasks, chat spans carrying input and output messages (with tool calls), execute_tool spans
/// carrying arguments and results, HTTP client spans under some tools, and a share of failures
/// (rate limits, timeouts, not-found results) with error statuses and error payloads.
/// </summary>
internal static class AgentTraceGenerator
{
    private static readonly string[] Words =
    [
        "the", "invoice", "customer", "order", "refund", "policy", "shipping", "account", "report", "quarter",
        "revenue", "search", "result", "summary", "ticket", "priority", "status", "region", "europe", "delayed",
        "warehouse", "product", "price", "discount", "total", "currency", "euro", "contract", "renewal", "date",
        "Acme", "Globex", "Initech", "founded", "employees", "source", "page", "table", "row", "query",
    ];

    private static readonly string[] Tools = ["search_web", "fetch_page", "run_sql", "lookup_order", "send_email"];

    /// <summary>One generated span, independent of the file format.</summary>
    internal sealed record GeneratedSpan(
        string SpanId,
        string? ParentSpanId,
        string Name,
        int Kind,
        long StartNanos,
        long DurationNanos,
        bool IsError,
        string? StatusMessage,
        List<KeyValuePair<string, object>> Attributes,
        List<GeneratedEvent> Events);

    /// <summary>One generated span event.</summary>
    internal sealed record GeneratedEvent(string Name, long TimeNanos, List<KeyValuePair<string, object>> Attributes);

    /// <summary>The trace id every generated span carries (derived from the seed).</summary>
    public static string TraceId(int seed) => $"{(uint)seed:x8}7f2c9a4d1e8b3f6c9d2e5a8b";

    /// <summary>Writes a generated trace as OTLP/JSON (one resourceSpans document, compact as exporters write it).</summary>
    public static byte[] Otlp(int spanCount, int seed = 1, bool indented = false) => WriteOtlp(Spans(spanCount, seed), TraceId(seed), indented);

    /// <summary>Writes a generated trace as the flat span JSON (<c>{"spans":[…]}</c>).</summary>
    public static byte[] Flat(int spanCount, int seed = 1, bool indented = false) => WriteFlat(Spans(spanCount, seed), TraceId(seed), indented);

    /// <summary>The spans of a generated trace, parents before children.</summary>
    public static List<GeneratedSpan> Spans(int spanCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spanCount, 1);
        var random = new Random(seed);
        var spans = new List<GeneratedSpan>(spanCount);
        var start = 1_779_180_000_000_000_000L + (long)random.Next(0, 1_000_000) * 1_000_000;
        var clock = start;
        var nextId = 1L;
        string NewId() => (nextId++ * 0x9E3779B1L + seed).ToString("x16", CultureInfo.InvariantCulture)[^16..];

        var rootId = NewId();
        var root = new GeneratedSpan(rootId, null, "invoke_agent research-agent", 1, clock, 0, false, null,
            [new("gen_ai.operation.name", "invoke_agent"), new("gen_ai.agent.name", "research-agent"), new("gen_ai.provider.name", "openai")], []);
        spans.Add(root);

        var parent = rootId;
        var turn = 0;
        string? pendingToolResult = null;
        string? pendingCallId = null;
        while (spans.Count < spanCount)
        {
            // Long runs split into sub-tasks so the tree has some depth, as planners do.
            if (turn % 40 == 0 && turn > 0 && spans.Count + 1 < spanCount)
            {
                parent = NewId();
                spans.Add(new GeneratedSpan(parent, rootId, "invoke_agent sub-task", 1, clock, 0, false, null,
                    [new("gen_ai.operation.name", "invoke_agent"), new("gen_ai.agent.name", $"sub-task-{turn / 40}")], []));
            }

            turn++;
            var callId = "call_" + NewId();
            var tool = Tools[random.Next(Tools.Length)];
            var arguments = $"{{\"query\":\"{Sentence(random, 4, 9)}\",\"limit\":{random.Next(1, 20)}}}";
            var input = new StringBuilder("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a research agent. Answer with sources.\"}]}");
            input.Append(",{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"").Append(Sentence(random, 10, 30)).Append("\"}]}");
            if (pendingToolResult is not null)
            {
                input.Append(",{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"").Append(pendingCallId)
                    .Append("\",\"response\":").Append(JsonSerializer.Serialize(pendingToolResult)).Append("}]}");
            }

            input.Append(']');
            var output = $"[{{\"role\":\"assistant\",\"parts\":[{{\"type\":\"text\",\"content\":\"{Sentence(random, 8, 25)}\"}},{{\"type\":\"tool_call\",\"id\":\"{callId}\",\"name\":\"{tool}\",\"arguments\":{arguments}}}],\"finish_reason\":\"tool_call\"}}]";
            var chatDuration = random.Next(300, 4000) * 1_000_000L;
            spans.Add(new GeneratedSpan(NewId(), parent, "chat gpt-4o", 3, clock, chatDuration, false, null,
            [
                new("gen_ai.operation.name", "chat"),
                new("gen_ai.provider.name", "openai"),
                new("gen_ai.request.model", "gpt-4o"),
                new("gen_ai.request.temperature", 0.2),
                new("gen_ai.usage.input_tokens", (long)random.Next(200, 9000)),
                new("gen_ai.usage.output_tokens", (long)random.Next(20, 800)),
                new("gen_ai.response.finish_reasons", new[] { "tool_call" }),
                new("gen_ai.input.messages", input.ToString()),
                new("gen_ai.output.messages", output),
            ], []));
            clock += chatDuration + 1_000_000;
            if (spans.Count >= spanCount) break;

            // About one tool call in eight fails, in the ways real tools fail.
            var failure = random.Next(8) == 0 ? random.Next(3) : -1;
            var result = failure switch
            {
                0 => "{\"error\":\"429 Too Many Requests: rate limit exceeded, retry after 20s\"}",
                1 => "{\"error\":\"deadline exceeded after 30000 ms\"}",
                2 => "{\"error\":\"404 Not Found: no page at the requested url\",\"results\":[]}",
                _ => $"{{\"results\":[{{\"title\":\"{Sentence(random, 3, 7)}\",\"snippet\":\"{Sentence(random, 12, 30)}\",\"url\":\"https://example.com/{random.Next(100000)}\"}}]}}",
            };
            var toolDuration = random.Next(50, 2500) * 1_000_000L;
            var toolId = NewId();
            var toolAttributes = new List<KeyValuePair<string, object>>
            {
                new("gen_ai.operation.name", "execute_tool"),
                new("gen_ai.tool.name", tool),
                new("gen_ai.tool.call.id", callId),
                new("gen_ai.tool.call.arguments", arguments),
                new("gen_ai.tool.call.result", result),
            };
            if (failure >= 0) toolAttributes.Add(new("error.type", failure switch { 0 => "RateLimitError", 1 => "TimeoutError", _ => "NotFoundError" }));
            var events = failure == 1
                ? new List<GeneratedEvent> { new("exception", clock + toolDuration, [new("exception.type", "System.TimeoutException"), new("exception.message", "deadline exceeded after 30000 ms")]) }
                : [];
            spans.Add(new GeneratedSpan(toolId, parent, "execute_tool " + tool, 1, clock, toolDuration, failure >= 0,
                failure >= 0 ? "tool call failed" : null, toolAttributes, events));

            if (spans.Count < spanCount && tool is "search_web" or "fetch_page")
            {
                var status = failure switch { 0 => 429L, 2 => 404L, 1 => 504L, _ => 200L };
                spans.Add(new GeneratedSpan(NewId(), toolId, "GET", 3, clock + 1_000_000, toolDuration - 2_000_000, status >= 400,
                    null, [new("http.request.method", "GET"), new("url.full", $"https://example.com/api/{tool}"), new("http.response.status_code", status)], []));
            }

            clock += toolDuration + 1_000_000;
            pendingToolResult = result;
            pendingCallId = callId;
        }

        // The root and the sub-tasks last until the end of the run.
        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i].DurationNanos == 0) spans[i] = spans[i] with { DurationNanos = clock - spans[i].StartNanos };
        }

        return spans;
    }

    private static string Sentence(Random random, int min, int max)
    {
        var count = random.Next(min, max + 1);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(Words[random.Next(Words.Length)]);
        }

        return sb.ToString();
    }

    private static byte[] WriteOtlp(List<GeneratedSpan> spans, string traceId, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteStartArray("resourceSpans");
            w.WriteStartObject();
            w.WriteStartObject("resource");
            w.WriteStartArray("attributes");
            WriteOtlpAttribute(w, "service.name", "research-agent");
            WriteOtlpAttribute(w, "telemetry.sdk.language", "dotnet");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("scopeSpans");
            w.WriteStartObject();
            w.WriteStartObject("scope");
            w.WriteString("name", "Experimental.Microsoft.Extensions.AI");
            w.WriteString("version", "9.5.0");
            w.WriteEndObject();
            w.WriteStartArray("spans");
            foreach (var span in spans)
            {
                w.WriteStartObject();
                w.WriteString("traceId", traceId);
                w.WriteString("spanId", span.SpanId);
                if (span.ParentSpanId is not null) w.WriteString("parentSpanId", span.ParentSpanId);
                w.WriteString("name", span.Name);
                w.WriteNumber("kind", span.Kind);
                w.WriteString("startTimeUnixNano", span.StartNanos.ToString(CultureInfo.InvariantCulture));
                w.WriteString("endTimeUnixNano", (span.StartNanos + span.DurationNanos).ToString(CultureInfo.InvariantCulture));
                w.WriteStartArray("attributes");
                foreach (var (key, value) in span.Attributes) WriteOtlpAttribute(w, key, value);
                w.WriteEndArray();
                if (span.Events.Count > 0)
                {
                    w.WriteStartArray("events");
                    foreach (var e in span.Events)
                    {
                        w.WriteStartObject();
                        w.WriteString("timeUnixNano", e.TimeNanos.ToString(CultureInfo.InvariantCulture));
                        w.WriteString("name", e.Name);
                        w.WriteStartArray("attributes");
                        foreach (var (key, value) in e.Attributes) WriteOtlpAttribute(w, key, value);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteStartObject("status");
                if (span.IsError)
                {
                    w.WriteNumber("code", 2);
                    if (span.StatusMessage is not null) w.WriteString("message", span.StatusMessage);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteOtlpAttribute(Utf8JsonWriter w, string key, object value)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WritePropertyName("value");
        WriteOtlpValue(w, value);
        w.WriteEndObject();
    }

    private static void WriteOtlpValue(Utf8JsonWriter w, object value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case string s: w.WriteString("stringValue", s); break;
            // OTLP/JSON carries 64-bit integers as decimal strings.
            case long l: w.WriteString("intValue", l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: w.WriteNumber("doubleValue", d); break;
            case bool b: w.WriteBoolean("boolValue", b); break;
            case string[] items:
                w.WriteStartObject("arrayValue");
                w.WriteStartArray("values");
                foreach (var item in items) WriteOtlpValue(w, item);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default: throw new ArgumentException($"unsupported attribute value {value.GetType()}", nameof(value));
        }

        w.WriteEndObject();
    }

    private static byte[] WriteFlat(List<GeneratedSpan> spans, string traceId, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteStartArray("spans");
            foreach (var span in spans)
            {
                w.WriteStartObject();
                w.WriteString("traceId", traceId);
                w.WriteString("spanId", span.SpanId);
                if (span.ParentSpanId is not null) w.WriteString("parentSpanId", span.ParentSpanId);
                w.WriteString("operationName", span.Name);
                w.WriteString("kind", span.Kind == 3 ? "client" : "internal");
                w.WriteString("startTime", Iso(span.StartNanos));
                w.WriteNumber("duration", span.DurationNanos / 1_000_000.0);
                w.WriteStartObject("status");
                w.WriteString("code", span.IsError ? "ERROR" : "OK");
                if (span.StatusMessage is not null) w.WriteString("message", span.StatusMessage);
                w.WriteEndObject();
                w.WriteStartObject("attributes");
                w.WriteString("service.name", "research-agent");
                foreach (var (key, value) in span.Attributes)
                {
                    w.WritePropertyName(key);
                    WritePlain(w, value);
                }

                w.WriteEndObject();
                if (span.Events.Count > 0)
                {
                    w.WriteStartArray("events");
                    foreach (var e in span.Events)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", e.Name);
                        w.WriteString("timestamp", Iso(e.TimeNanos));
                        w.WriteStartObject("attributes");
                        foreach (var (key, value) in e.Attributes)
                        {
                            w.WritePropertyName(key);
                            WritePlain(w, value);
                        }

                        w.WriteEndObject();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WritePlain(Utf8JsonWriter w, object value)
    {
        switch (value)
        {
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string[] items:
                w.WriteStartArray();
                foreach (var item in items) w.WriteStringValue(item);
                w.WriteEndArray();
                break;
            default: throw new ArgumentException($"unsupported attribute value {value.GetType()}", nameof(value));
        }
    }

    private static string Iso(long unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
