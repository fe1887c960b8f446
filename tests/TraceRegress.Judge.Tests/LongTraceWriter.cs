using System.Globalization;
using System.Text;
using TraceRegress.Model;

namespace TraceRegress.Judge.Tests;

/// <summary>
/// Writes a long agent run in the flat span format: an agent that works through many steps, each a model call and
/// tool calls with realistic message content, and one tool call deep inside that failed. Spans can be written in
/// reverse order to show the rendering does not depend on file order.
/// </summary>
internal static class LongTraceWriter
{
    public const string TraceId = "5e0f00000000000000000000000a11ce";
    public const string RootSpanId = "e000000000000001";
    public const string FailedSpanId = "f000000000007342";
    public const string FailedMessage = "inventory service returned 503 for warehouse DE-04";
    public const string FirstQuestion = "Restock every store in Germany for the summer sale and report what could not be ordered.";

    public static byte[] Write(int steps, int spansPerStep, bool reverse = false)
    {
        var spans = new List<string> { Span(RootSpanId, null, "invoke_agent restock-agent", 0, 3_600_000, "OK", null,
            ("gen_ai.operation.name", "\"invoke_agent\""), ("input.value", Json(FirstQuestion))) };
        for (var step = 0; step < steps; step++)
        {
            var stepId = Id(step, 0);
            spans.Add(Span(stepId, RootSpanId, "plan step", step * 1000L, 990, "OK", null, ("step.index", step.ToString(CultureInfo.InvariantCulture))));
            for (var i = 1; i < spansPerStep; i++)
            {
                var id = Id(step, i);
                var start = step * 1000L + i * 9;
                if (i % 2 == 1)
                {
                    spans.Add(Span(id, stepId, "chat gpt-4.1-mini", start, 8, "OK", null,
                        ("gen_ai.operation.name", "\"chat\""), ("gen_ai.request.model", "\"gpt-4.1-mini\""),
                        ("gen_ai.input.messages", Json(Message("user", step == 0 && i == 1 ? FirstQuestion : $"Store {step}-{i}: stock levels are low for espresso machines, grinders and filters; decide what to order next and call order_stock with the quantities."))),
                        ("gen_ai.output.messages", Json(Message("assistant", $"Ordering 12 grinders and 40 filter packs for store {step}-{i} from the nearest warehouse.")))));
                }
                else
                {
                    var failed = id == FailedSpanId;
                    spans.Add(Span(id, stepId, "execute_tool order_stock", start, 8, failed ? "ERROR" : "OK", failed ? FailedMessage : null,
                        ("gen_ai.operation.name", "\"execute_tool\""), ("gen_ai.tool.name", "\"order_stock\""),
                        ("gen_ai.tool.call.arguments", Json($"{{\"store\": \"{step}-{i}\", \"grinders\": 12, \"filters\": 40}}")),
                        ("gen_ai.tool.call.result", Json(failed ? $"{{\"error\": \"{FailedMessage}\"}}" : $"{{\"order\": \"PO-{step:D3}{i:D3}\", \"status\": \"placed\"}}"))));
                }
            }
        }

        if (reverse) spans.Reverse();
        return Encoding.UTF8.GetBytes("{\"spans\": [\n" + string.Join(",\n", spans) + "\n]}\n");
    }

    private static string Id(int step, int i) => string.Create(CultureInfo.InvariantCulture, $"f0000000000{step:D3}{i:D2}");

    private static string Message(string role, string content) => $"[{{\"role\":\"{role}\",\"parts\":[{{\"type\":\"text\",\"content\":\"{content}\"}}]}}]";

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Span(string id, string? parent, string name, long startMs, long durationMs, string status, string? message, params (string Key, string JsonValue)[] attributes)
    {
        var start = DateTimeOffset.Parse("2026-06-01T08:00:00Z", CultureInfo.InvariantCulture).AddMilliseconds(startMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"{{\"traceId\": \"{TraceId}\", \"spanId\": \"{id}\", ");
        if (parent is not null) builder.Append(CultureInfo.InvariantCulture, $"\"parentSpanId\": \"{parent}\", ");
        builder.Append(CultureInfo.InvariantCulture, $"\"operationName\": \"{name}\", \"startTime\": \"{start}\", \"duration\": {durationMs}, ");
        builder.Append(CultureInfo.InvariantCulture, $"\"status\": {{\"code\": \"{status}\"{(message is null ? "" : $", \"message\": {Json(message)}")}}}, ");
        builder.Append("\"attributes\": {\"service.name\": \"restock-agent\"");
        foreach (var (key, value) in attributes) builder.Append(CultureInfo.InvariantCulture, $", \"{key}\": {value}");
        builder.Append("}}");
        return builder.ToString();
    }
}
