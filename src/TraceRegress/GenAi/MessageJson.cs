using System.Text.Json;

namespace TraceRegress.GenAi;

/// <summary>
/// Reads one chat message from JSON in any of the shapes instrumentations write: the newest semconv
/// (<c>{"role","parts":[{"type":"text"|"tool_call"|"tool_call_response",…}],"finish_reason"}</c>), the older
/// event bodies and OpenAI-style messages (<c>{"content","tool_calls":[{"id","function":{"name","arguments"}}]}</c>,
/// <c>{"content","id"}</c> for tool results, <c>{"finish_reason","message":{…}}</c> for choices).
/// </summary>
internal static class MessageJson
{
    /// <summary>Keys that mark an object as a message body rather than a tool's raw payload.</summary>
    public static bool LooksLikeMessage(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty("parts", out _) || element.TryGetProperty("content", out _)
            || element.TryGetProperty("tool_calls", out _) || element.TryGetProperty("message", out _));

    /// <summary>Reads a message object. <paramref name="toolCallId"/> is the id known from outside the body (an event attribute).</summary>
    public static GenAiMessage Read(JsonElement message, string source, string defaultRole, string? toolCallId = null, string? finishReason = null)
    {
        // A choice wraps its message.
        if (JsonContent.TryGet(message, "message", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            var reason = JsonContent.String(message, "finish_reason") ?? finishReason;
            return Read(inner, Append(source, "$.message"), defaultRole, toolCallId, reason);
        }

        var role = JsonContent.String(message, "role") ?? defaultRole;
        var id = JsonContent.String(message, "tool_call_id") ?? JsonContent.String(message, "id") ?? toolCallId;
        var parts = new List<MessagePart>();
        string Path(string jsonPath) => Append(source, jsonPath);

        if (JsonContent.TryGet(message, "parts", out var partsArray) && partsArray.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var part in partsArray.EnumerateArray())
            {
                var path = Path(JsonContent.Index("$.parts", i++));
                if (ReadPart(part, path, role == "tool" ? id : null) is { } p) parts.Add(p);
            }
        }
        else if (JsonContent.TryGet(message, "content", out var content))
        {
            var isTool = role == "tool";
            if (content.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in content.EnumerateArray())
                {
                    var path = Path(JsonContent.Index("$.content", i++));
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        parts.Add(isTool ? new MessagePart(PartKind.ToolCallResponse, path, item.GetString(), id) : new MessagePart(PartKind.Text, path, item.GetString()));
                    }
                    else if (ReadPart(item, path, isTool ? id : null) is { } p)
                    {
                        parts.Add(isTool && p.Kind == PartKind.Text ? p with { Kind = PartKind.ToolCallResponse, Id = id } : p);
                    }
                }
            }
            else
            {
                var text = JsonContent.Text(content);
                var path = Path("$.content");
                parts.Add(isTool ? new MessagePart(PartKind.ToolCallResponse, path, text, id) : new MessagePart(PartKind.Text, path, text));
            }
        }

        if (JsonContent.TryGet(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var path = Path(JsonContent.Index("$.tool_calls", i++));
                if (ReadOpenAiToolCall(call, path) is { } p) parts.Add(p);
            }
        }

        var finish = JsonContent.String(message, "finish_reason") ?? finishReason;
        return new GenAiMessage(role, parts, source, finish);
    }

    /// <summary>Continues a location with a JSON path: <c>events[0] x</c> + <c>$.a</c>, or <c>attributes["m"] $[0]</c> + <c>$.a</c> = <c>… $[0].a</c>.</summary>
    public static string Append(string source, string jsonPath) =>
        source.Contains(" $", StringComparison.Ordinal) ? source + jsonPath[1..] : $"{source} {jsonPath}";

    /// <summary>An OpenAI-style call: <c>{"id","type":"function","function":{"name","arguments"}}</c>, or flat <c>{"id","name","arguments"}</c>.</summary>
    public static MessagePart? ReadOpenAiToolCall(JsonElement call, string path)
    {
        if (call.ValueKind != JsonValueKind.Object) return null;
        var fn = JsonContent.TryGet(call, "function", out var f) && f.ValueKind == JsonValueKind.Object ? f : call;
        var name = JsonContent.String(fn, "name");
        if (name is null) return null;
        var arguments = JsonContent.TryGet(fn, "arguments", out var args) ? JsonContent.Text(args)
            : JsonContent.TryGet(fn, "input", out var input) ? JsonContent.Text(input) : null;
        return new MessagePart(PartKind.ToolCall, path, null, JsonContent.String(call, "id"), name, arguments);
    }

    /// <summary>A part of the newest semconv, or a content item of a provider's message.</summary>
    public static MessagePart? ReadPart(JsonElement part, string path, string? toolResponseId)
    {
        if (part.ValueKind == JsonValueKind.String) return new MessagePart(PartKind.Text, path, part.GetString());
        if (part.ValueKind != JsonValueKind.Object) return null;
        var type = JsonContent.String(part, "type") ?? "text";
        switch (type)
        {
            case "text" or "input_text" or "output_text":
                {
                    var text = JsonContent.String(part, "content") ?? JsonContent.String(part, "text");
                    return text is null ? null : new MessagePart(PartKind.Text, path, text);
                }

            case "tool_call" or "function_call" or "tool_use":
                {
                    var name = JsonContent.String(part, "name");
                    if (name is null) return ReadOpenAiToolCall(part, path);
                    var args = JsonContent.TryGet(part, "arguments", out var a) ? JsonContent.Text(a)
                        : JsonContent.TryGet(part, "input", out var i) ? JsonContent.Text(i) : null;
                    return new MessagePart(PartKind.ToolCall, path, null, JsonContent.String(part, "id") ?? JsonContent.String(part, "call_id"), name, args);
                }

            case "tool_call_response" or "function_call_output" or "tool_result":
                {
                    var response = JsonContent.TryGet(part, "response", out var r) ? r
                        : JsonContent.TryGet(part, "result", out var r2) ? r2
                        : JsonContent.TryGet(part, "output", out var r3) ? r3
                        : JsonContent.TryGet(part, "content", out var r4) ? r4 : default;
                    var key = JsonContent.TryGet(part, "response", out _) ? "response" : JsonContent.TryGet(part, "result", out _) ? "result" : JsonContent.TryGet(part, "output", out _) ? "output" : "content";
                    var id = JsonContent.String(part, "id") ?? JsonContent.String(part, "call_id") ?? JsonContent.String(part, "tool_use_id") ?? toolResponseId;
                    var text = response.ValueKind == JsonValueKind.Undefined ? "" : JsonContent.Text(response);
                    return new MessagePart(PartKind.ToolCallResponse, JsonContent.Property(path, key), text, id);
                }

            default:
                return null;
        }
    }
}
