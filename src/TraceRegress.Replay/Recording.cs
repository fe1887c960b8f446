using System.Text.Json;
using Microsoft.Extensions.AI;
using TraceRegress.GenAi;
using TraceRegress.Model;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace TraceRegress.Replay;

/// <summary>One model call of the recording: what the agent sent and what the model answered.</summary>
/// <param name="Index">1-based position among the recording's model calls.</param>
/// <param name="SpanPath">The span's stable path, for messages.</param>
/// <param name="Request">The messages the model received (system instructions first), as recorded.</param>
/// <param name="Response">The recorded answer, rebuilt as a chat response (text and tool calls).</param>
public sealed record RecordedModelCall(int Index, string SpanPath, IReadOnlyList<ChatMessage> Request, ChatResponse Response);

/// <summary>One tool call of the recording: the tool, its arguments and the result it gave.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments as canonical JSON (members sorted, no white space).</param>
/// <param name="Result">The recorded result text, or null when the recording holds none.</param>
/// <param name="SpanPath">The span that shows the call (its execution, or the model call that asked for it).</param>
public sealed record RecordedToolCall(string Name, string Arguments, string? Result, string SpanPath);

/// <summary>
/// Reads a trace into what replay needs, and refuses one that cannot be replayed faithfully: no model calls,
/// a model call without its answer (content not recorded), unreadable tool-call arguments. All problems are
/// collected and reported together, before anything runs, so a corrupt recording never replays partially.
/// </summary>
internal static class Recording
{
    public const string ContentSetting =
        "record message content: Microsoft.Extensions.AI UseOpenTelemetry(configure: c => c.EnableSensitiveData = true), "
        + "or OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true for instrumentations that read it";

    public static (RecordedModelCall[] Calls, RecordedToolCall[] Tools, ChatMessage[] Input, string? Provider, string? Model) Read(AgentTrace trace)
    {
        var view = TraceView.Of(trace);
        var where = trace.SourcePath ?? "the trace";
        var modelSpans = view.Spans.Where(s => s.IsModelCall)
            .OrderBy(s => s.Span.StartTimeUnixNano).ThenBy(s => s.Span.Index)
            .ToArray();
        if (modelSpans.Length == 0)
        {
            throw new ReplayRecordingException(where,
                $"the trace holds no model calls (no span with gen_ai.operation.name chat, text_completion or generate_content among its {trace.Spans.Count} spans), "
                + "so there is nothing to answer the agent with. Capture the run with the model client instrumented: Microsoft.Extensions.AI UseOpenTelemetry(), "
                + "and TraceCapture listening to its activity source");
        }

        var problems = new List<string>();
        var calls = new List<RecordedModelCall>();
        for (var i = 0; i < modelSpans.Length; i++)
        {
            var span = modelSpans[i];
            if (span.OutputMessages.Count == 0)
            {
                problems.Add($"model call {i + 1} ({span.Span.Path}) has no recorded answer (no gen_ai.output.messages, gen_ai.choice events or output value)");
                continue;
            }

            var messages = new List<ChatMessage>();
            foreach (var message in span.OutputMessages)
            {
                var contents = new List<AIContent>();
                foreach (var part in message.Parts)
                {
                    switch (part.Kind)
                    {
                        case PartKind.Text when !string.IsNullOrEmpty(part.Content):
                            contents.Add(new TextContent(part.Content));
                            break;
                        case PartKind.ToolCall:
                            if (string.IsNullOrEmpty(part.Name))
                            {
                                problems.Add($"model call {i + 1} ({span.Span.Path}) asks for a tool without a name at {part.Source}");
                                break;
                            }

                            if (!TryArguments(part.Arguments, out var arguments))
                            {
                                problems.Add($"model call {i + 1} ({span.Span.Path}) calls {part.Name} with arguments that are not a JSON object at {part.Source}: {Short(part.Arguments)}");
                                break;
                            }

                            contents.Add(new FunctionCallContent(part.Id ?? $"call_{i + 1}_{contents.Count + 1}", part.Name, arguments));
                            break;
                    }
                }

                messages.Add(new ChatMessage(RoleOf(message.Role, ChatRole.Assistant), contents));
            }

            var response = new ChatResponse(messages)
            {
                ModelId = span.ResponseModel ?? span.RequestModel,
                FinishReason = FinishReason(span.OutputMessages.Select(m => m.FinishReason).FirstOrDefault(f => f is not null)
                                            ?? span.FinishReasons.Select(f => f.Text).FirstOrDefault()),
                Usage = span.InputTokenCount is null && span.OutputTokenCount is null ? null : new UsageDetails
                {
                    InputTokenCount = span.InputTokenCount,
                    OutputTokenCount = span.OutputTokenCount,
                },
            };
            calls.Add(new RecordedModelCall(i + 1, span.Span.Path, Request(span), response));
        }

        if (problems.Count > 0)
        {
            throw new ReplayRecordingException(where,
                $"{problems.Count} of the recording's model calls cannot be rebuilt:\n  - {string.Join("\n  - ", problems)}\n"
                + $"Nothing was replayed. The answers must be in the trace: {ContentSetting}; then record the run again");
        }

        var tools = view.ToolCalls.Calls
            .Where(c => !string.IsNullOrEmpty(c.Name))
            .Select(c => new RecordedToolCall(c.Name, CanonicalJson.Of(c.Arguments?.Text), c.Result?.Text, (c.ExecutionSpan ?? c.OriginSpan)?.Path ?? ""))
            .ToArray();
        var input = calls[0].Request.Where(m => m.Role != ChatRole.System).ToArray();
        return (calls.ToArray(), tools, input, modelSpans[0].Provider, modelSpans[0].RequestModel ?? modelSpans[0].ResponseModel);
    }

    private static ChatMessage[] Request(GenAiSpan span) =>
        span.InputMessages.Select(m =>
        {
            var contents = new List<AIContent>();
            foreach (var part in m.Parts)
            {
                switch (part.Kind)
                {
                    case PartKind.Text when !string.IsNullOrEmpty(part.Content):
                        contents.Add(new TextContent(part.Content));
                        break;
                    case PartKind.ToolCall:
                        contents.Add(new FunctionCallContent(part.Id ?? "", part.Name ?? "", TryArguments(part.Arguments, out var a) ? a : null));
                        break;
                    case PartKind.ToolCallResponse:
                        contents.Add(new FunctionResultContent(part.Id ?? "", part.Content));
                        break;
                }
            }

            return new ChatMessage(RoleOf(m.Role, ChatRole.User), contents);
        }).ToArray();

    private static bool TryArguments(string? text, out Dictionary<string, object?>? arguments)
    {
        arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return true;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            foreach (var property in document.RootElement.EnumerateObject()) arguments[property.Name] = property.Value.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ChatRole RoleOf(string role, ChatRole fallback) => role.ToLowerInvariant() switch
    {
        "system" or "developer" => ChatRole.System,
        "user" or "human" => ChatRole.User,
        "assistant" or "model" or "ai" => ChatRole.Assistant,
        "tool" or "function" => ChatRole.Tool,
        "" => fallback,
        _ => new ChatRole(role),
    };

    private static ChatFinishReason? FinishReason(string? reason) => reason?.ToLowerInvariant() switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" or "max_tokens" => ChatFinishReason.Length,
        "tool_calls" or "tool_call" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static string Short(string? text) => text is null ? "(none)" : text.Length > 120 ? text[..120] + "…" : text;
}
