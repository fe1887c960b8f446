using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TravelAgent;

/// <summary>
/// A model that answers from a script, one response per call: it stands in for the hosted model when the
/// example's corpus traces are recorded, since no model is reachable offline. It reports a model id and
/// provider like a hosted client, so the recorded spans look like production ones.
/// </summary>
public sealed class ScriptedModel(string provider, string model, params ChatResponse[] script) : IChatClient
{
    private int _next;

    /// <summary>The requests received, in order.</summary>
    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= script.Length) throw new InvalidOperationException($"the script has {script.Length} responses; call {index + 1} has none");
        var response = script[index];
        return Task.FromResult(new ChatResponse(response.Messages.Select(Copy).ToList())
        {
            ModelId = model,
            FinishReason = response.FinishReason,
            Usage = response.Usage,
        });
    }

    // Fresh contents on every call: function invocation marks the tool calls it has handled, and a script is reused.
    private static ChatMessage Copy(ChatMessage message) => new(message.Role, message.Contents.Select(c => c switch
    {
        FunctionCallContent f => new FunctionCallContent(f.CallId, f.Name, f.Arguments is null ? null : new Dictionary<string, object?>(f.Arguments)),
        TextContent t => new TextContent(t.Text),
        _ => c,
    }).ToList());

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(provider, null, model)
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
