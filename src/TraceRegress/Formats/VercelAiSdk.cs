using TraceRegress.Model;

namespace TraceRegress.Formats;

/// <summary>
/// The Vercel AI SDK's telemetry (<c>experimental_telemetry</c>), as the OpenTelemetry JS SDK exports it in any format:
/// provider calls (<c>ai.generateText.doGenerate</c>, <c>ai.streamText.doStream</c>, <c>ai.generateObject.doGenerate</c>,
/// <c>ai.streamObject.doStream</c>) carry the messages sent in <c>ai.prompt.messages</c>, the tools in
/// <c>ai.prompt.tools</c>, the answer in <c>ai.response.text</c> / <c>ai.response.object</c> /
/// <c>ai.response.toolCalls</c> (<c>ai.result.*</c> before SDK 4) and the finish reason in
/// <c>ai.response.finishReason</c> (<c>ai.finishReason</c>); tool executions (<c>ai.toolCall</c>) carry
/// <c>ai.toolCall.name</c>, <c>.id</c>, <c>.args</c> and <c>.result</c> (<c>.input</c>/<c>.output</c> in SDK 5). The gen-ai
/// semconv attributes are added beside them (never over an attribute the SDK set), so the engine reads one vocabulary.
/// </summary>
internal static class VercelAiSdk
{
    public static void Normalise(List<SpanData> spans)
    {
        foreach (var span in spans)
        {
            // The SDK names its spans by operation id; nothing else starts with "ai." and carries ai.operationId.
            if (!span.Name.StartsWith("ai.", StringComparison.Ordinal)) continue;
            var operation = Text(span, "ai.operationId");
            if (operation is null || !operation.StartsWith("ai.", StringComparison.Ordinal)) continue;
            var facts = new GenAiSemconv();
            if (operation == "ai.toolCall")
            {
                facts.Operation = GenAiSemconv.ExecuteTool;
                facts.Tool = Text(span, "ai.toolCall.name");
                facts.CallId = Text(span, "ai.toolCall.id");
                facts.Arguments = Text(span, "ai.toolCall.args") ?? Text(span, "ai.toolCall.input");
                facts.Result = Text(span, "ai.toolCall.result") ?? Text(span, "ai.toolCall.output");
            }
            else if (operation.EndsWith(".doGenerate", StringComparison.Ordinal) || operation.EndsWith(".doStream", StringComparison.Ordinal))
            {
                facts.Operation = GenAiSemconv.Chat;
                facts.RequestModelName = Text(span, "gen_ai.request.model") ?? Text(span, "ai.model.id");
                facts.ResponseModelName = Text(span, "gen_ai.response.model") ?? Text(span, "ai.response.model");
                facts.Provider = Text(span, "ai.model.provider");
                facts.InputTokenCount = Int(span, "ai.usage.promptTokens") ?? Int(span, "ai.usage.inputTokens");
                facts.OutputTokenCount = Int(span, "ai.usage.completionTokens") ?? Int(span, "ai.usage.outputTokens");
                if ((Int(span, "ai.settings.maxOutputTokens") ?? Int(span, "ai.settings.maxTokens")) is { } max) span.AddIfAbsent("gen_ai.request.max_tokens", max);
                ReadPrompt(span, facts);
                ReadResponse(span, facts);
                if (Attribute(span, "ai.prompt.tools") is { } tools)
                {
                    foreach (var tool in tools.Kind == AttributeValueKind.Array ? tools.Items : Parsed(tools)?.Items ?? [])
                    {
                        if (Parsed(tool) is { Kind: AttributeValueKind.Map } definition) facts.Tools.Add(GenAiMessages.ToolDefinition(definition));
                    }
                }
            }
            else
            {
                continue;
            }

            facts.ApplyTo(span);
        }
    }

    /// <summary><c>ai.prompt.messages</c>: the provider prompt, <c>[{role, content: text | [{type: "text" | "tool-call" | "tool-result", …}]}]</c>.</summary>
    private static void ReadPrompt(SpanData span, GenAiSemconv facts)
    {
        if (Attribute(span, "ai.prompt.messages") is not { } raw || Parsed(raw) is not { Kind: AttributeValueKind.Array } messages) return;
        foreach (var message in messages.Items)
        {
            var role = GenAiMessages.NormalizeRole(message.GetText("role") ?? "user");
            var parts = new List<AttributeValue>();
            var content = message.Get("content");
            if (content is { Kind: AttributeValueKind.String }) parts.Add(GenAiMessages.TextPart(content.AsString!));
            foreach (var block in content?.Items ?? [])
            {
                switch (block.GetText("type"))
                {
                    case "text":
                        parts.Add(GenAiMessages.TextPart(block.GetText("text") ?? ""));
                        break;
                    case "tool-call":
                        parts.Add(GenAiMessages.ToolCallPart(block.GetText("toolCallId"), block.GetText("toolName"), block.GetAny("args", "input")));
                        break;
                    case "tool-result":
                        var result = block.GetAny("result", "output") ?? AttributeValue.FromString("");
                        // SDK 5 wraps results: {"type": "json" | "text" | "error-text" | …, "value": …}.
                        if (result.Kind == AttributeValueKind.Map && result.GetText("type") is not null && result.Get("value") is { } value) result = value;
                        parts.Add(GenAiMessages.ToolCallResponsePart(block.GetText("toolCallId"), result));
                        break;
                }
            }

            if (parts.Count > 0) facts.Input.Add(GenAiMessages.Message(role, parts, null, null));
        }
    }

    /// <summary>The answer: its text or object, and the tool calls it asked for (<c>[{toolCallId, toolName, args | input}]</c>).</summary>
    private static void ReadResponse(SpanData span, GenAiSemconv facts)
    {
        var parts = new List<AttributeValue>();
        if ((Text(span, "ai.response.text") ?? Text(span, "ai.result.text") ?? Text(span, "ai.response.object") ?? Text(span, "ai.result.object")) is { Length: > 0 } text)
        {
            parts.Add(GenAiMessages.TextPart(text));
        }

        if ((Attribute(span, "ai.response.toolCalls") ?? Attribute(span, "ai.result.toolCalls")) is { } raw && Parsed(raw) is { Kind: AttributeValueKind.Array } calls)
        {
            foreach (var call in calls.Items) parts.Add(GenAiMessages.ToolCallPart(call.GetText("toolCallId"), call.GetText("toolName"), call.GetAny("args", "input")));
        }

        var reason = Text(span, "ai.response.finishReason") ?? Text(span, "ai.finishReason");
        // The SDK writes "tool-calls" and "content-filter"; the semconv writes them with underscores.
        reason = reason?.Replace('-', '_');
        if (reason is not null) facts.FinishReasonList.Add(reason);
        if (parts.Count > 0) facts.Output.Add(GenAiMessages.Message("assistant", parts, null, reason));
    }

    private static AttributeValue? Attribute(SpanData span, string key)
    {
        foreach (var entry in span.Attributes)
        {
            if (entry.Key == key) return entry.Value.Kind == AttributeValueKind.Null ? null : entry.Value;
        }

        return null;
    }

    private static string? Text(SpanData span, string key) => Attribute(span, key) is { } value ? ExportJson.Text(value) : null;

    private static long? Int(SpanData span, string key) => Attribute(span, key) is { } value && value.TryGetInt64(out var n) ? n : null;

    /// <summary>A value given as JSON text, parsed; any other value as it is.</summary>
    private static AttributeValue? Parsed(AttributeValue value) =>
        value.Kind == AttributeValueKind.String && ExportJson.TryParse(value.AsString, out var json) ? json : value;
}
