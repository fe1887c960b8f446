using System.Text.Json;

namespace TraceRegress.GenAi;

/// <summary>
/// Reads one chat message from JSON in any of the shapes instrumentations write: the newest semconv
/// (<c>{"role","parts":[{"type":"text"|"tool_call"|"tool_call_response",…}],"finish_reason"}</c>), the older
/// event bodies and OpenAI-style messages (<c>{"content","tool_calls":[{"id","function":{"name","arguments"}}]}</c>,
/// <c>{"content","id"}</c> for tool results, <c>{"finish_reason","message":{…}}</c> for choices), and Semantic Kernel's
/// ChatHistory serialized as it is (<c>{"Role","Items":[{"$type":"TextContent"|"FunctionCallContent"|…}]}</c>).
/// </summary>
internal static class MessageJson
{
    /// <summary>Keys that mark an object as a message body rather than a tool's raw payload.</summary>
    public static bool LooksLikeMessage(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty("parts", out _) || element.TryGetProperty("content", out _)
            || element.TryGetProperty("tool_calls", out _) || element.TryGetProperty("message", out _) || element.TryGetProperty("messageType", out _)
            || (element.TryGetProperty("Role", out _) && element.TryGetProperty("Items", out _)));

    /// <summary>Reads a message object. <paramref name="toolCallId"/> is the id known from outside the body (an event attribute).</summary>
    public static GenAiMessage Read(JsonElement message, string source, string defaultRole, string? toolCallId = null, string? finishReason = null)
    {
        // A choice wraps its message.
        if (JsonContent.TryGet(message, "message", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            var reason = JsonContent.String(message, "finish_reason") ?? finishReason;
            return Read(inner, Append(source, "$.message"), defaultRole, toolCallId, reason);
        }

        // Spring AI writes its messages as {"messageType": "ASSISTANT", "text": … (or "textContent"), "toolCalls": […]}, a tool's as
        // {"messageType": "TOOL", "responses": [{"id", "name", "responseData"}]}.
        var role = JsonContent.String(message, "role") is { } given ? Role(given)
            : JsonContent.String(message, "messageType") is { } type ? Role(type.ToLowerInvariant())
            : KernelRole(message) is { } kernel ? Role(kernel) : defaultRole;
        // LlamaIndex's ChatMessage keeps a tool result's call id, and the calls an assistant asks for, in additional_kwargs.
        var extra = JsonContent.TryGet(message, "additional_kwargs", out var kwargs) && kwargs.ValueKind == JsonValueKind.Object ? kwargs : default;
        var id = JsonContent.String(message, "tool_call_id") ?? JsonContent.String(message, "id")
                 ?? (extra.ValueKind == JsonValueKind.Object ? JsonContent.String(extra, "tool_call_id") : null) ?? toolCallId;
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

        // Semantic Kernel's ChatHistory serialized as it is: {"Role": "user", "Items": [{"$type": "TextContent", "Text": …}]}.
        else if (JsonContent.TryGet(message, "Items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (KernelItem(item, Path(JsonContent.Index("$.Items", i++))) is { } p) parts.Add(p);
            }
        }

        // Spring AI's messages before 1.0 name their text "textContent".
        else if ((JsonContent.TryGet(message, "text", out var text) || JsonContent.TryGet(message, "textContent", out text)) && text.ValueKind == JsonValueKind.String
                 && JsonContent.String(message, "messageType") is not null)
        {
            if (text.GetString() is { Length: > 0 } said) parts.Add(new MessagePart(PartKind.Text, Path(JsonContent.TryGet(message, "text", out _) ? "$.text" : "$.textContent"), said));
        }

        if (JsonContent.TryGet(message, "responses", out var responses) && responses.ValueKind == JsonValueKind.Array && role == "tool")
        {
            var i = 0;
            foreach (var response in responses.EnumerateArray())
            {
                var path = Path(JsonContent.Index("$.responses", i++));
                if (response.ValueKind != JsonValueKind.Object) continue;
                var data = JsonContent.TryGet(response, "responseData", out var d) ? JsonContent.Text(d) : null;
                parts.Add(new MessagePart(PartKind.ToolCallResponse, Append(path, "$.responseData"), data, JsonContent.String(response, "id"), JsonContent.String(response, "name")));
            }
        }

        var callsAt = "$.tool_calls";
        if (((JsonContent.TryGet(message, "tool_calls", out var calls) || JsonContent.TryGet(message, "toolCalls", out calls))
             || (extra.ValueKind == JsonValueKind.Object && JsonContent.TryGet(extra, "tool_calls", out calls) && (callsAt = "$.additional_kwargs.tool_calls") is not null))
            && calls.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var call in calls.EnumerateArray())
            {
                var path = Path(JsonContent.Index(callsAt, i++));
                if (ReadOpenAiToolCall(call, path) is { } p) parts.Add(p);
            }
        }

        // Gemini hands function results back in a "user" turn: it is the tools' turn.
        if (role == "user" && parts.Count > 0 && parts.TrueForAll(p => p.Kind == PartKind.ToolCallResponse)) role = "tool";
        var finish = JsonContent.String(message, "finish_reason") ?? finishReason;
        return new GenAiMessage(role, parts, source, finish);
    }

    // Semantic Kernel's AuthorRole, written as its label or as {"Label": "user"}.
    private static string? KernelRole(JsonElement message)
    {
        if (!JsonContent.TryGet(message, "Role", out var role)) return null;
        return role.ValueKind == JsonValueKind.String ? role.GetString() : JsonContent.String(role, "Label");
    }

    /// <summary>
    /// An item of a Semantic Kernel message, by its <c>$type</c>: <c>TextContent</c> (<c>Text</c>), <c>FunctionCallContent</c>
    /// (<c>Id</c>, <c>PluginName</c> and <c>FunctionName</c>, named <c>Plugin-Function</c> as the kernel names functions for the
    /// model, <c>Arguments</c>) and <c>FunctionResultContent</c> (<c>CallId</c>, <c>Result</c>).
    /// </summary>
    private static MessagePart? KernelItem(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        switch (JsonContent.String(item, "$type"))
        {
            case "TextContent":
                return JsonContent.String(item, "Text") is { } text ? new MessagePart(PartKind.Text, JsonContent.Property(path, "Text"), text) : null;
            case "FunctionCallContent":
                {
                    if (JsonContent.String(item, "FunctionName") is not { } function) return null;
                    var name = JsonContent.String(item, "PluginName") is { Length: > 0 } plugin ? $"{plugin}-{function}" : function;
                    var args = JsonContent.TryGet(item, "Arguments", out var a) ? JsonContent.Text(a) : null;
                    return new MessagePart(PartKind.ToolCall, path, null, JsonContent.String(item, "Id"), name, args);
                }

            case "FunctionResultContent":
                {
                    var result = JsonContent.TryGet(item, "Result", out var r) ? JsonContent.Text(r) : "";
                    return new MessagePart(PartKind.ToolCallResponse, JsonContent.Property(path, "Result"), result, JsonContent.String(item, "CallId"), JsonContent.String(item, "FunctionName"));
                }

            default:
                return null;
        }
    }

    /// <summary>
    /// Roles as the semantic conventions spell them: Gemini's <c>model</c> is the assistant; Semantic Kernel writes
    /// <c>AuthorRole</c> labels, already lower-case; anything else is kept.
    /// </summary>
    public static string Role(string role) => role switch
    {
        "model" or "Model" => "assistant",
        "Assistant" or "User" or "System" or "Tool" => role.ToLowerInvariant(),
        _ => role,
    };

    /// <summary>
    /// True for a list of Bedrock Converse content blocks (Strands Agents records message content so):
    /// <c>[{"text": …}, {"toolUse": {"toolUseId", "name", "input"}}, {"toolResult": {"toolUseId", "status", "content": […]}}]</c>.
    /// </summary>
    public static bool IsConverseBlocks(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0) return false;
        foreach (var block in element.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || block.TryGetProperty("type", out _)) return false;
            if (!block.TryGetProperty("text", out _) && !block.TryGetProperty("toolUse", out _) && !block.TryGetProperty("toolResult", out _)
                && !block.TryGetProperty("reasoningContent", out _) && !block.TryGetProperty("image", out _) && !block.TryGetProperty("document", out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads a message given as Converse content blocks (see <see cref="IsConverseBlocks"/>); a block of tool results makes it the tool's message.</summary>
    public static GenAiMessage ReadConverseBlocks(JsonElement blocks, string source, string defaultRole, string? finishReason)
    {
        var parts = new List<MessagePart>();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var path = Append(source, JsonContent.Index("$", i++));
            if (JsonContent.TryGet(block, "text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                parts.Add(new MessagePart(PartKind.Text, Append(path, "$.text"), text.GetString()));
            }
            else if (JsonContent.TryGet(block, "toolUse", out var use) && use.ValueKind == JsonValueKind.Object && JsonContent.String(use, "name") is { } name)
            {
                var input = JsonContent.TryGet(use, "input", out var args) ? JsonContent.Text(args) : null;
                parts.Add(new MessagePart(PartKind.ToolCall, Append(path, "$.toolUse"), null, JsonContent.String(use, "toolUseId"), name, input));
            }
            else if (JsonContent.TryGet(block, "toolResult", out var result) && result.ValueKind == JsonValueKind.Object)
            {
                var id = JsonContent.String(result, "toolUseId");
                var (content, at) = ConverseResultContent(result, Append(path, "$.toolResult"));
                parts.Add(new MessagePart(PartKind.ToolCallResponse, at, content, id));
            }
        }

        var role = parts.Count > 0 && parts.TrueForAll(p => p.Kind == PartKind.ToolCallResponse) ? "tool" : defaultRole;
        return new GenAiMessage(role, parts, source, finishReason);
    }

    /// <summary>
    /// The content of a Converse tool result: the text of a single text block (where it is, to quote it), else the
    /// blocks' texts and JSON values joined, else the content as JSON.
    /// </summary>
    public static (string Text, string Source) ConverseResultContent(JsonElement result, string source)
    {
        if (!JsonContent.TryGet(result, "content", out var content)) return ("", source);
        if (content.ValueKind != JsonValueKind.Array) return (JsonContent.Text(content), Append(source, "$.content"));
        if (content.GetArrayLength() == 1 && content[0].ValueKind == JsonValueKind.Object && JsonContent.TryGet(content[0], "text", out var only)
            && only.ValueKind == JsonValueKind.String)
        {
            return (only.GetString()!, Append(source, "$.content[0].text"));
        }

        var texts = new List<string>();
        foreach (var item in content.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            if (JsonContent.TryGet(item, "text", out var t)) texts.Add(JsonContent.Text(t));
            else if (JsonContent.TryGet(item, "json", out var j)) texts.Add(j.GetRawText());
        }

        return (string.Join("\n", texts), Append(source, "$.content"));
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
    /// <summary>One message made of content blocks given without their message (Anthropic's response content, a system prompt's blocks).</summary>
    public static GenAiMessage ReadBlocks(JsonElement blocks, string source, string role)
    {
        var parts = new List<MessagePart>();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var path = Append(source, JsonContent.Index("$", i++));
            if (block.ValueKind == JsonValueKind.String) parts.Add(new MessagePart(PartKind.Text, path, block.GetString()));
            else if (ReadPart(block, path, null) is { } p) parts.Add(p);
        }

        return new GenAiMessage(role, parts, source);
    }

    public static MessagePart? ReadPart(JsonElement part, string path, string? toolResponseId)
    {
        if (part.ValueKind == JsonValueKind.String) return new MessagePart(PartKind.Text, path, part.GetString());
        if (part.ValueKind != JsonValueKind.Object) return null;
        if (!part.TryGetProperty("type", out _) && GeminiPart(part, path) is { } gemini) return gemini;
        // Pydantic AI's event bodies name a content part's type "kind" (text, thinking, binary).
        var type = JsonContent.String(part, "type") ?? JsonContent.String(part, "kind") ?? "text";
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

    /// <summary>
    /// A part of a Gemini <c>Content</c> (as Google's SDK dumps it, <c>function_call</c>, or in the REST API's
    /// camelCase, <c>functionCall</c>): a call the model asked for, or a function's response handed back to it.
    /// </summary>
    private static MessagePart? GeminiPart(JsonElement part, string path)
    {
        foreach (var key in (ReadOnlySpan<string>)["function_call", "functionCall"])
        {
            if (!JsonContent.TryGet(part, key, out var call) || call.ValueKind != JsonValueKind.Object || JsonContent.String(call, "name") is not { } name) continue;
            var args = JsonContent.TryGet(call, "args", out var a) ? JsonContent.Text(a) : null;
            return new MessagePart(PartKind.ToolCall, JsonContent.Property(path, key), null, JsonContent.String(call, "id"), name, args);
        }

        foreach (var key in (ReadOnlySpan<string>)["function_response", "functionResponse"])
        {
            if (!JsonContent.TryGet(part, key, out var response) || response.ValueKind != JsonValueKind.Object) continue;
            var at = JsonContent.Property(path, key);
            var body = JsonContent.TryGet(response, "response", out var r) ? JsonContent.Text(r) : "";
            return new MessagePart(PartKind.ToolCallResponse, JsonContent.Property(at, "response"), body, JsonContent.String(response, "id"), JsonContent.String(response, "name"));
        }

        return null;
    }
}
