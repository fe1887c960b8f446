using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>A piece of a span's content with where it was read and whether the span produced it (output) or was given it (input).</summary>
/// <param name="Text">The text.</param>
/// <param name="Source">Where in the span it was read.</param>
/// <param name="IsOutput">True when the span produced it.</param>
/// <param name="Kind">Whether it is one text of its own (a message part, a tool's result, a value) or the raw payload
/// that holds the span's whole input again.</param>
internal readonly record struct SpanText(string Text, string Source, bool IsOutput, InputKind Kind = InputKind.Data);

/// <summary>Whether a span's text stands on its own or restates the span's whole input.</summary>
internal enum InputKind
{
    /// <summary>One text of its own: a message part, a tool's arguments or result, an attribute or event value.</summary>
    Data,

    /// <summary>The raw input payload of a span whose messages were read one by one (<c>langsmith.inputs</c>,
    /// <c>input.value</c>): every message of the history again, in one text.</summary>
    Payload,
}

/// <summary>
/// All the text a span carries, with sources: message parts one by one (so a conversation history repeated in every
/// later call is the same strings again, recognised as already seen), tool arguments and results, the other
/// attribute values, event values and the status description. What the telemetry says about the call rather than what
/// went through it (token counts, request parameters, costs, latencies, ids, timestamps, the SDK and host) is left out:
/// those numbers are no facts a model could take or invent, and a temperature or a token count shared by two spans is no
/// data flowing between them.
/// </summary>
internal static class SpanTexts
{
    private static readonly HashSet<string> MessageKeys = new(StringComparer.Ordinal)
    {
        "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
        // Pydantic AI's event list and agent-run history, Google ADK's LLM request and response, OpenLIT's completion.
        "events", "all_messages_events", "pydantic_ai.all_messages", "gcp.vertex.agent.llm_request", "gcp.vertex.agent.llm_response",
        "gen_ai.completion", "gen_ai.content.completion", "gen_ai.content.prompt",
        // MLflow: the conversation (the answer last) and the response a chat span's messages were read from.
        "mlflow.chat.messages", "mlflow.spanOutputs",
        // Logfire's OpenAI Agents model span: the request's input items and the Response object.
        "raw_input", "response",
    };

    // The attributes in which exporters keep a span's whole input as one payload beside the messages read from it.
    private static readonly string[] InputPayloadKeys = ["input.value", "langsmith.inputs", "langfuse.input", "gen_ai.prompt", "ai.prompt", "ai.prompt.messages", "traceloop.entity.input", "mlflow.spanInputs"];

    private static readonly string[] MessagePrefixes = ["gen_ai.prompt.", "gen_ai.completion.", "llm.input_messages.", "llm.output_messages."];

    public static List<SpanText> Of(GenAiSpan g)
    {
        var span = g.Span;
        var capacity = span.Attributes.Count + 1;
        // Indexed loops: a foreach over these read-only lists would allocate an enumerator each.
        var input = g.InputMessages;
        var output = g.OutputMessages;
        for (var i = 0; i < input.Count; i++) capacity += input[i].Parts.Count;
        for (var i = 0; i < output.Count; i++) capacity += output[i].Parts.Count;
        for (var i = 0; i < span.Events.Count; i++) capacity += span.Events[i].Attributes.Count;
        var list = new List<SpanText>(capacity);
        var parsed = input.Count + output.Count > 0;
        for (var i = 0; i < input.Count; i++) AddParts(list, input[i], false);
        for (var i = 0; i < output.Count; i++) AddParts(list, output[i], true);

        foreach (var (key, value) in span.Attributes)
        {
            if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bool or AttributeValueKind.Bytes) continue;
            if (parsed && (MessageKeys.Contains(key) || StartsWithAny(key))) continue;
            if (IsTelemetry(key)) continue;
            var text = value.ToString();
            if (text.Length == 0) continue;
            var isOutput = SpanContent.IsOutputKey(key);
            var kind = !isOutput && input.Count > 0 && Array.IndexOf(InputPayloadKeys, key) >= 0 ? InputKind.Payload : InputKind.Data;
            list.Add(new SpanText(text, GenAiSpanReader.AttributeSource(key), isOutput, kind));
        }

        for (var i = 0; i < span.Events.Count; i++)
        {
            var e = span.Events[i];
            var isOutput = e.Name is "gen_ai.choice" or "gen_ai.content.completion" or "exception";
            foreach (var (key, value) in e.Attributes)
            {
                if (value.Kind is AttributeValueKind.Null or AttributeValueKind.Bool or AttributeValueKind.Bytes) continue;
                var text = value.ToString();
                if (text.Length == 0) continue;
                list.Add(new SpanText(text, EventSource(i, key), isOutput));
            }
        }

        if (span.Status.Message is { Length: > 0 } status) list.Add(new SpanText(status, "status.message", true));
        return list;
    }

    // "events[0] gen_ai.event.content": the first events of a span and their keys repeat from span to span.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, string), string> EventSources = new();
    private static int _eventSources;

    private static string EventSource(int index, string key)
    {
        if (EventSources.TryGetValue((index, key), out var source)) return source;
        source = $"events[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}] {key}";
        if (index < 8 && Volatile.Read(ref _eventSources) < 1024 && EventSources.TryAdd((index, key), source)) Interlocked.Increment(ref _eventSources);
        return source;
    }

    // Attributes that measure or identify the call: gen-ai usage and request parameters, OpenInference token counts and
    // invocation parameters, Langfuse usage, cost, latency and timing, LangSmith run bookkeeping, the Vercel AI SDK's
    // settings, usage and ids, and the resource,
    // network and SDK attributes every span repeats.
    private static readonly string[] TelemetryPrefixes =
    [
        "gen_ai.usage.", "gen_ai.request.", "gen_ai.response.id", "gen_ai.response.model", "gen_ai.response.finish_reason", "gen_ai.token.",
        "gen_ai.openai.request.", "gen_ai.openai.response.", "gen_ai.conversation.id", "llm.token_count.", "llm.usage.", "llm.invocation_parameters",
        "llm.request.max_tokens", "llm.request.temperature", "llm.request.top_p", "llm.response.finish_reason", "langfuse.usage", "langfuse.cost",
        "langfuse.totalCost", "langfuse.calculatedTotalCost", "langfuse.latency", "langfuse.timeToFirstToken", "langfuse.model_parameters",
        "langfuse.completion_start_time", "langfuse.createdAt", "langfuse.updatedAt", "langfuse.projectId", "langfuse.version", "langfuse.promptVersion",
        "langfuse.totalTokens", "langsmith.invocation_params", "langsmith.dotted_order", "langsmith.status", "langsmith.session_id", "langsmith.extra.",
        "langsmith.total_tokens", "langsmith.total_cost", "langsmith.prompt_cost", "langsmith.completion_cost", "server.", "network.", "net.", "telemetry.",
        "process.", "host.", "otel.", "thread.", "code.", "service.", "ai.settings.", "ai.usage.", "ai.model.", "ai.telemetry.", "ai.operationId",
        "ai.response.id", "ai.response.model", "ai.response.timestamp", "ai.response.finishReason", "ai.finishReason", "ai.prompt.format", "ai.prompt.toolChoice",
        "ai.stream.", "ai.request.headers.", "operation.name", "resource.name",
        // Logfire's message templates and schemas, Google ADK's and Strands Agents' ids, timestamps and latencies.
        "logfire.", "model_settings", "response_id", "gcp.vertex.agent.invocation_id", "gcp.vertex.agent.session_id", "gcp.vertex.agent.event_id", "event_loop.",
        "gen_ai.event.start_time", "gen_ai.event.end_time", "gen_ai.server.",
        "mlflow.traceRequestId", "mlflow.spanType", "mlflow.spanFunctionName", "mlflow.chat.tokenUsage", "mlflow.message.format",
    ];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TelemetryRoots =
        new HashSet<string>(TelemetryPrefixes.Select(p => p.IndexOf('.', StringComparison.Ordinal) is var d && d < 0 ? p : p[..d]), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True for an attribute that describes the call (usage, parameters, cost, timing, ids, SDK, host) rather than carrying its content.</summary>
    internal static bool IsTelemetry(string key)
    {
        // Most keys share no first segment with any prefix: one lookup rules them out.
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (!TelemetryRoots.Contains(dot < 0 ? key.AsSpan() : key.AsSpan(0, dot))) return false;
        foreach (var prefix in TelemetryPrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private static bool StartsWithAny(string key)
    {
        foreach (var prefix in MessagePrefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private static void AddParts(List<SpanText> list, GenAiMessage message, bool isOutput)
    {
        var parts = message.Parts;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var text = part.Kind == PartKind.ToolCall ? part.Arguments : part.Content;
            if (string.IsNullOrEmpty(text)) continue;
            list.Add(new SpanText(text, part.Source, isOutput));
        }
    }
}
