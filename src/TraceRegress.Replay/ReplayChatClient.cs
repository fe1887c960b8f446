using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TraceRegress.Replay;

/// <summary>
/// The model, replayed: the agent's n-th call gets the recording's n-th answer (text and tool calls). In strict
/// mode each request is compared with the recorded one first. Exposes the recorded provider and model as its
/// <see cref="ChatClientMetadata"/>, so <c>UseOpenTelemetry()</c> names the replayed spans as the recorded ones.
/// </summary>
internal sealed class ReplayChatClient : IChatClient
{
    private readonly TraceReplay _replay;
    private readonly ChatClientMetadata _metadata;
    private int _next;

    public ReplayChatClient(TraceReplay replay)
    {
        _replay = replay;
        _metadata = new ChatClientMetadata(replay.ProviderName, null, replay.ModelId);
    }

    public int CallsMade => Volatile.Read(ref _next);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Answer(messages, options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var response = Answer(messages, options);
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    private ChatResponse Answer(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        var calls = _replay.ModelCalls;
        if (index >= calls.Count)
        {
            throw _replay.Diverged(
                $"the agent made model call {index + 1}, but the recording holds only {calls.Count}. The agent now takes more steps than it did when recorded. {_replay.HowToRecord}");
        }

        var recorded = calls[index];
        if (_replay.Options.Strict && FirstDifference(recorded.Request, Sent(messages, options)) is { } difference)
        {
            throw _replay.Diverged(
                $"model call {index + 1} of {calls.Count} ({recorded.SpanPath}) differs from the recording: {difference}. "
                + $"The prompt or the conversation history changed. {_replay.HowToRecord} Or replay without Strict to run the changed agent against the recorded answers.");
        }

        // A fresh copy: the caller (FunctionInvokingChatClient) adds the messages to its history.
        var response = new ChatResponse(recorded.Response.Messages.Select(m => new ChatMessage(m.Role, m.Contents.Select(Copy).ToList())).ToList())
        {
            ModelId = recorded.Response.ModelId,
            FinishReason = recorded.Response.FinishReason,
            Usage = recorded.Response.Usage,
            ResponseId = $"replay-{index + 1}",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        return response;
    }

    private static AIContent Copy(AIContent content) => content switch
    {
        TextContent t => new TextContent(t.Text),
        FunctionCallContent f => new FunctionCallContent(f.CallId, f.Name, f.Arguments is null ? null : new Dictionary<string, object?>(f.Arguments)),
        _ => content,
    };

    private static List<ChatMessage> Sent(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var sent = new List<ChatMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions)) sent.Add(new ChatMessage(ChatRole.System, options.Instructions));
        sent.AddRange(messages);
        return sent;
    }

    /// <summary>The first place where what the agent sends differs from what was recorded, or null.</summary>
    internal static string? FirstDifference(IReadOnlyList<ChatMessage> recorded, IReadOnlyList<ChatMessage> sent)
    {
        var count = Math.Max(recorded.Count, sent.Count);
        for (var i = 0; i < count; i++)
        {
            if (i >= recorded.Count) return $"message {i + 1} ({Describe(sent[i])}) was not in the recorded request, which had {recorded.Count} messages";
            if (i >= sent.Count) return $"message {i + 1} of the recorded request ({Describe(recorded[i])}) is missing: the agent sent {sent.Count} messages";
            var was = Describe(recorded[i]);
            var now = Describe(sent[i]);
            if (!string.Equals(was, now, StringComparison.Ordinal)) return $"message {i + 1} was {was}, now {now}";
        }

        return null;
    }

    private static string Describe(ChatMessage message)
    {
        var parts = new List<string>();
        var text = string.Join("\n", message.Contents.OfType<TextContent>().Select(t => t.Text).Where(t => !string.IsNullOrEmpty(t)));
        if (text.Length > 0) parts.Add($"\"{Short(text.Trim())}\"");
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    parts.Add($"call {call.Name}({CanonicalJson.Of(call.Arguments)})");
                    break;
                case FunctionResultContent result:
                    parts.Add($"result {Short(CanonicalJson.Of(ResultText(result.Result)))}");
                    break;
            }
        }

        return $"{message.Role.Value}: {string.Join(", ", parts)}";
    }

    internal static string? ResultText(object? result) => result switch
    {
        null => null,
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
    };

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
