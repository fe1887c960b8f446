using Microsoft.Extensions.AI;

namespace TraceRegress.Judge.Tests;

/// <summary>
/// A chat client that answers from a script, in order, and remembers every request: the judge's tests run
/// with no model and no network. Asking for more answers than scripted fails the test.
/// </summary>
internal sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    private readonly Queue<string> _answers = new(answers);

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public long InputTokensPerCall { get; init; } = 1_200;

    public long OutputTokensPerCall { get; init; } = 80;

    public string? DefaultModelId { get; init; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToArray());
        Options.Add(options);
        if (_answers.Count == 0) throw new InvalidOperationException($"the scripted client was asked {Requests.Count} times but holds fewer answers");
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, _answers.Dequeue()))
        {
            Usage = new UsageDetails { InputTokenCount = InputTokensPerCall, OutputTokenCount = OutputTokensPerCall, TotalTokenCount = InputTokensPerCall + OutputTokensPerCall },
            ModelId = options?.ModelId,
        };
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the judge does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, DefaultModelId) : null;

    public void Dispose()
    {
    }
}
