using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// Converts chat messages from the shapes LLM-observability tools record (OpenAI-style role/content/tool_calls,
/// LangChain message dicts, Anthropic content blocks, OpenInference flattened attributes) into the
/// OpenTelemetry gen-ai semconv message shape: <c>{"role", "parts":[{"type":"text"|"tool_call"|"tool_call_response",…}]}</c>.
/// Messages are built as map values so they serialise with <see cref="AttributeValue.ToJson"/>.
/// </summary>
internal static class GenAiMessages
{
    /// <summary>
    /// Converts a list of messages: an array of message objects or strings, LangChain's batch form
    /// (an array of arrays, flattened), <c>{"messages":[…]}</c>, or a single message or prompt string.
    /// </summary>
    public static List<AttributeValue> FromList(AttributeValue value, string defaultRole)
    {
        var messages = new List<AttributeValue>();
        if (value.Kind == AttributeValueKind.Map && value.Get("messages") is { Kind: AttributeValueKind.Array } inner)
        {
            value = inner;
        }
        else if (value.Kind == AttributeValueKind.Map && value.GetText("object") == "response" && value.Get("output") is { Kind: AttributeValueKind.Array } items)
        {
            // OpenAI's Responses API answer: its output items are the messages.
            value = items;
        }
        else if (value.Kind == AttributeValueKind.Map && value.Get("args") is { Kind: AttributeValueKind.Array } args && value.Get("kwargs") is { Kind: AttributeValueKind.Map } kwargs
                 && ((kwargs.Get("messages") is { Kind: AttributeValueKind.Array } named ? named : null) ?? args.Items.FirstOrDefault(IsMessageList)) is { } called)
        {
            // Langfuse's @observe records a decorated function's input as {"args": [...], "kwargs": {...}}: the messages
            // it was called with are the call's messages.
            value = called;
        }

        if (value.Kind == AttributeValueKind.Array)
        {
            foreach (var item in value.Items)
            {
                if (RoleTuple(item) is { } tuple)
                {
                    messages.Add(tuple);
                }
                else if (item.Kind == AttributeValueKind.Array)
                {
                    foreach (var nested in item.Items)
                    {
                        if (FromMessage(nested, defaultRole) is { } m) messages.Add(m);
                    }
                }
                else if (FromMessage(item, defaultRole) is { } m)
                {
                    messages.Add(m);
                }
            }
        }
        else if (FromMessage(value, defaultRole) is { } single)
        {
            messages.Add(single);
        }

        if (messages.Count == 0 && value.Kind is not (AttributeValueKind.Null or AttributeValueKind.Array))
        {
            // Prompt variables or a provider-specific payload: kept as one text message so the content stays visible.
            messages.Add(Message(defaultRole, [TextPart(ExportJson.Text(value))], null, null));
        }

        return messages;
    }

    /// <summary>
    /// LangChain's message tuple, <c>["user", "Hello ..."]</c> (how LangGraph's <c>{"messages": [("user", text)]}</c> input is
    /// recorded): a message of that role; null for any other value.
    /// </summary>
    private static AttributeValue? RoleTuple(AttributeValue value)
    {
        if (value is not { Kind: AttributeValueKind.Array, Items.Count: 2 } || value.Items[0].AsString is not { } role || value.Items[1].AsString is not { } content) return null;
        var normalised = role.ToLowerInvariant() switch
        {
            "user" or "human" => "user",
            "assistant" or "ai" => "assistant",
            "system" => "system",
            _ => null,
        };
        return normalised is null ? null : Message(normalised, [TextPart(content)], null, null);
    }

    private static bool IsMessageList(AttributeValue value) =>
        value is { Kind: AttributeValueKind.Array, Items.Count: > 0 } && value.Items.All(i => i.Kind == AttributeValueKind.Map && (i.Get("role") is not null || i.Get("type") is not null));

    /// <summary>
    /// Converts one message, or returns null when the value does not look like a message. Accepts
    /// OpenAI-style <c>{role, content, tool_calls, tool_call_id, name}</c>, LangChain's
    /// <c>{type:"human"|"ai"|"system"|"tool", data:{…}}</c> and serialised <c>{lc, id:[…,"AIMessage"], kwargs:{…}}</c>,
    /// and a bare string (a message of <paramref name="defaultRole"/>).
    /// </summary>
    public static AttributeValue? FromMessage(AttributeValue value, string defaultRole)
    {
        if (value.Kind == AttributeValueKind.String) return Message(defaultRole, [TextPart(value.AsString!)], null, null);
        if (value.Kind != AttributeValueKind.Map) return null;

        // OpenAI's Responses API lists a call and its result as items of their own beside the messages.
        switch (value.GetText("type"))
        {
            case "function_call" or "custom_tool_call" when value.Get("role") is null:
                return Message("assistant", [ToolCallPart(value.GetText("call_id", "id"), value.GetText("name"), value.GetAny("arguments", "input"))], null, null);
            case "function_call_output" or "custom_tool_call_output" when value.Get("role") is null:
                return Message("tool", [ToolCallResponsePart(value.GetText("call_id", "id"), ContentAsResponse(value.GetAny("output") ?? AttributeValue.FromString("")))], null, null);
            case "reasoning" when value.Get("role") is null:
                return null;
        }

        var body = value;
        string? role = null;
        if (value.Get("kwargs") is { Kind: AttributeValueKind.Map } kwargs)
        {
            // LangChain's serialised form: the class name is the last item of "id".
            body = kwargs;
            role = RoleFromLangChain(kwargs.GetText("type") ?? ClassName(value));
        }
        else if (value.Get("data") is { Kind: AttributeValueKind.Map } data && value.GetText("type") is { } lcType)
        {
            // langchain_core.messages.message_to_dict: {"type": "human", "data": {...}}.
            body = data;
            role = RoleFromLangChain(lcType);
        }

        role ??= body.GetText("role") is { } r ? NormalizeRole(r)
            : body.GetText("type") is { } t && RoleFromLangChain(t) is { } fromType ? fromType
            : null;
        if (role is null && body.Get("content") is null && body.Get("tool_calls") is null) return null;
        role ??= defaultRole;

        var parts = new List<AttributeValue>();
        var toolCallId = body.GetText("tool_call_id");
        if (role == "tool" || toolCallId is not null)
        {
            var response = body.Get("content") ?? AttributeValue.FromString("");
            parts.Add(ToolCallResponsePart(toolCallId, ContentAsResponse(response)));
        }
        else
        {
            AddContentParts(body.Get("content"), parts);
        }

        AddToolCalls(body, parts);
        // Anthropic's Message (and Bedrock's Converse output) name it stop_reason.
        var finishReason = body.Get("response_metadata")?.GetText("finish_reason", "stop_reason")
                           ?? body.GetText("finish_reason", "stop_reason", "stopReason");
        return Message(role, parts, body.GetText("name"), finishReason);
    }

    /// <summary>Builds a semconv message. <paramref name="finishReason"/> is written only when known.</summary>
    public static AttributeValue Message(string role, List<AttributeValue> parts, string? name, string? finishReason) =>
        ExportJson.Map(
            ("role", AttributeValue.FromString(role)),
            ("parts", AttributeValue.FromArray(parts)),
            ("name", name is null ? null : AttributeValue.FromString(name)),
            ("finish_reason", finishReason is null ? null : AttributeValue.FromString(finishReason)));

    /// <summary>A copy of an output message carrying a finish reason, unless it already has one.</summary>
    public static AttributeValue WithFinishReason(AttributeValue message, string finishReason)
    {
        if (message.Get("finish_reason") is not null) return message;
        return AttributeValue.FromMap([.. message.Entries, new("finish_reason", AttributeValue.FromString(finishReason))]);
    }

    /// <summary>A text part.</summary>
    public static AttributeValue TextPart(string content) =>
        ExportJson.Map(("type", AttributeValue.FromString("text")), ("content", AttributeValue.FromString(content)));

    /// <summary>A tool call requested by the model; JSON-text arguments become structured when they parse.</summary>
    public static AttributeValue ToolCallPart(string? id, string? name, AttributeValue? arguments)
    {
        if (arguments is { Kind: AttributeValueKind.String } text && ExportJson.TryParse(text.AsString, out var parsed))
        {
            arguments = parsed;
        }

        return ExportJson.Map(
            ("type", AttributeValue.FromString("tool_call")),
            ("id", id is null ? null : AttributeValue.FromString(id)),
            ("name", AttributeValue.FromString(name ?? "")),
            ("arguments", arguments));
    }

    /// <summary>A tool's result sent back to the model.</summary>
    public static AttributeValue ToolCallResponsePart(string? id, AttributeValue response) =>
        ExportJson.Map(
            ("type", AttributeValue.FromString("tool_call_response")),
            ("id", id is null ? null : AttributeValue.FromString(id)),
            ("response", response));

    /// <summary>Maps LangChain message types and class names to semconv roles.</summary>
    public static string? RoleFromLangChain(string? type) => type switch
    {
        "human" or "HumanMessage" or "HumanMessageChunk" or "user" => "user",
        "ai" or "AIMessage" or "AIMessageChunk" or "assistant" => "assistant",
        "system" or "SystemMessage" or "developer" => "system",
        "tool" or "ToolMessage" or "ToolMessageChunk" or "function" or "FunctionMessage" => "tool",
        "chat" or "GenAiMessage" => null,
        _ => null,
    };

    /// <summary>Roles in the semconv spelling (<c>human</c> → <c>user</c>, <c>ai</c>/<c>model</c> → <c>assistant</c>).</summary>
    public static string NormalizeRole(string role) => role.ToLowerInvariant() switch
    {
        "human" or "user" => "user",
        "ai" or "assistant" or "model" or "bot" => "assistant",
        "system" or "developer" => "system",
        "tool" or "function" or "ipython" => "tool",
        var other => other,
    };

    private static string? ClassName(AttributeValue serialized) =>
        serialized.Get("id") is { Kind: AttributeValueKind.Array } id && id.Items.Count > 0 ? id.Items[^1].AsString : null;

    private static AttributeValue ContentAsResponse(AttributeValue content)
    {
        // A tool result given as content blocks is usually one text block: keep its text.
        if (content.Kind == AttributeValueKind.Array && content.Items.Count == 1
            && content.Items[0].GetText("text") is { } text)
        {
            return AttributeValue.FromString(text);
        }

        return content;
    }

    private static void AddContentParts(AttributeValue? content, List<AttributeValue> parts)
    {
        switch (content?.Kind)
        {
            case AttributeValueKind.String:
                if (content.AsString!.Length > 0) parts.Add(TextPart(content.AsString));
                break;
            case AttributeValueKind.Array:
                foreach (var block in content.Items)
                {
                    parts.Add(FromContentBlock(block));
                }

                break;
            case null or AttributeValueKind.Null:
                break;
            default:
                parts.Add(TextPart(content.ToString()));
                break;
        }
    }

    private static AttributeValue FromContentBlock(AttributeValue block)
    {
        if (block.Kind == AttributeValueKind.String) return TextPart(block.AsString!);
        switch (block.GetText("type"))
        {
            case "text" or "input_text" or "output_text":
                return TextPart(block.GetText("text", "content") ?? "");
            case "tool_use" or "function_call":
                return ToolCallPart(block.GetText("id", "call_id"), block.GetText("name"), block.GetAny("input", "arguments", "args"));
            case "tool_result" or "function_call_output":
                return ToolCallResponsePart(block.GetText("tool_use_id", "call_id"), ContentAsResponse(block.GetAny("content", "output") ?? AttributeValue.FromString("")));
            case "thinking" or "reasoning":
                return ExportJson.Map(("type", AttributeValue.FromString("reasoning")), ("content", block.GetAny("thinking", "text", "content")));
            default:
                // Images, files and provider-specific blocks stay as they are: semconv allows generic parts with a type.
                return block.Get("type") is null ? ExportJson.Map(("type", AttributeValue.FromString("unknown")), ("content", block)) : block;
        }
    }

    private static void AddToolCalls(AttributeValue body, List<AttributeValue> parts)
    {
        var calls = body.Get("tool_calls") is { Kind: AttributeValueKind.Array, Items.Count: > 0 } direct ? direct
            : body.Get("additional_kwargs")?.Get("tool_calls") is { Kind: AttributeValueKind.Array } extra ? extra
            : null;
        if (calls is not null)
        {
            foreach (var call in calls.Items)
            {
                if (call.Get("function") is { Kind: AttributeValueKind.Map } function)
                {
                    // OpenAI: {id, type:"function", function:{name, arguments:"<json>"}}.
                    parts.Add(ToolCallPart(call.GetText("id"), function.GetText("name"), function.Get("arguments")));
                }
                else
                {
                    // LangChain: {name, args:{…}, id, type:"tool_call"}.
                    parts.Add(ToolCallPart(call.GetText("id"), call.GetText("name"), call.GetAny("args", "arguments", "input")));
                }
            }

            return;
        }

        var legacy = body.Get("function_call") ?? body.Get("additional_kwargs")?.Get("function_call");
        if (legacy is { Kind: AttributeValueKind.Map })
        {
            parts.Add(ToolCallPart(null, legacy.GetText("name"), legacy.Get("arguments")));
        }
    }

    /// <summary>
    /// Rebuilds messages from OpenInference's flattened attributes under <paramref name="prefix"/>
    /// (<c>llm.input_messages.0.message.role</c>, <c>….message.tool_calls.0.tool_call.function.name</c>,
    /// <c>….message.contents.0.message_content.text</c>) and converts them.
    /// </summary>
    public static List<AttributeValue> FromOpenInference(IEnumerable<KeyValuePair<string, AttributeValue>> attributes, string prefix, string defaultRole)
    {
        var byIndex = new SortedDictionary<int, Dictionary<string, AttributeValue>>();
        foreach (var (key, value) in attributes)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)) continue;
            var field = rest[(dot + 1)..].ToString();
            if (field.StartsWith("message.", StringComparison.Ordinal)) field = field["message.".Length..];
            if (!byIndex.TryGetValue(index, out var fields)) byIndex[index] = fields = new(StringComparer.Ordinal);
            fields[field] = value;
        }

        var messages = new List<AttributeValue>();
        foreach (var fields in byIndex.Values)
        {
            var toolCalls = new SortedDictionary<int, (string? Id, string? Name, AttributeValue? Arguments)>();
            var contents = new SortedDictionary<int, Dictionary<string, AttributeValue>>();
            foreach (var (field, value) in fields)
            {
                if (TrySplitIndexed(field, "tool_calls.", out var i, out var sub))
                {
                    toolCalls.TryGetValue(i, out var call);
                    switch (sub)
                    {
                        case "tool_call.id": call.Id = value.ToString(); break;
                        case "tool_call.function.name": call.Name = value.ToString(); break;
                        case "tool_call.function.arguments": call.Arguments = value; break;
                    }

                    toolCalls[i] = call;
                }
                else if (TrySplitIndexed(field, "contents.", out i, out sub))
                {
                    if (!contents.TryGetValue(i, out var content)) contents[i] = content = new(StringComparer.Ordinal);
                    content[sub.StartsWith("message_content.", StringComparison.Ordinal) ? sub["message_content.".Length..] : sub] = value;
                }
            }

            var role = fields.TryGetValue("role", out var r) ? NormalizeRole(r.ToString()) : defaultRole;
            var parts = new List<AttributeValue>();
            var toolCallId = fields.TryGetValue("tool_call_id", out var tcid) ? tcid.ToString() : null;
            var text = fields.TryGetValue("content", out var c) ? c : null;
            if (role == "tool" || toolCallId is not null)
            {
                parts.Add(ToolCallResponsePart(toolCallId, text ?? JoinedText(contents)));
            }
            else
            {
                if (text is not null) AddContentParts(text, parts);
                foreach (var content in contents.Values)
                {
                    var type = content.TryGetValue("type", out var t) ? t.ToString() : "text";
                    if (type == "text") parts.Add(TextPart(content.TryGetValue("text", out var tx) ? tx.ToString() : ""));
                    else parts.Add(AttributeValue.FromMap([new("type", AttributeValue.FromString(type)), .. content.Where(e => e.Key != "type")]));
                }
            }

            foreach (var call in toolCalls.Values) parts.Add(ToolCallPart(call.Id, call.Name, call.Arguments));
            if (fields.TryGetValue("function_call_name", out var fname))
            {
                parts.Add(ToolCallPart(null, fname.ToString(), fields.GetValueOrDefault("function_call_arguments_json")));
            }

            messages.Add(Message(role, parts, fields.TryGetValue("name", out var n) ? n.ToString() : null, null));
        }

        return messages;
    }

    private static AttributeValue JoinedText(SortedDictionary<int, Dictionary<string, AttributeValue>> contents) =>
        AttributeValue.FromString(string.Concat(contents.Values.Select(c => c.TryGetValue("text", out var t) ? t.ToString() : "")));

    private static bool TrySplitIndexed(string field, string prefix, out int index, out string rest)
    {
        index = 0;
        rest = "";
        if (!field.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var tail = field.AsSpan(prefix.Length);
        var dot = tail.IndexOf('.');
        if (dot <= 0 || !int.TryParse(tail[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)) return false;
        rest = tail[(dot + 1)..].ToString();
        return true;
    }

    /// <summary>
    /// Normalises a tool definition to the semconv shape <c>{type:"function", name, description, parameters}</c>
    /// from OpenAI's <c>{type:"function", function:{…}}</c>, Anthropic's <c>{name, input_schema}</c> or a bare definition.
    /// </summary>
    public static AttributeValue ToolDefinition(AttributeValue definition)
    {
        if (definition.Kind == AttributeValueKind.String && ExportJson.TryParse(definition.AsString, out var parsed)) definition = parsed;
        if (definition.Kind != AttributeValueKind.Map) return definition;
        var function = definition.Get("function") is { Kind: AttributeValueKind.Map } f ? f : definition;
        if (function.GetText("name") is not { } name) return definition;
        return ExportJson.Map(
            ("type", AttributeValue.FromString(definition.GetText("type") ?? "function")),
            ("name", AttributeValue.FromString(name)),
            ("description", function.Get("description")),
            ("parameters", function.GetAny("parameters", "input_schema", "args_schema")));
    }
}
