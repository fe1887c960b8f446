using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TraceRegress.TestSupport;

/// <summary>
/// A model that answers from a script, one response per request, in order, and keeps every request it received. What
/// runs around it (function invocation, instrumentation, an agent framework) runs for real; only the model's words are
/// fixed.
/// </summary>
internal sealed class ScriptedChatClient(string model, params ChatResponse[] script) : IChatClient
{
    private int _next;

    public ScriptedChatClient(params ChatResponse[] script)
        : this("gpt-4o-mini", script)
    {
    }

    public List<List<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        if (_next >= script.Length) throw new InvalidOperationException($"the script of {script.Length} responses has no response for request {_next + 1}");
        var response = script[_next++];
        return Task.FromResult(new ChatResponse(response.Messages.Select(Copy).ToList()) { FinishReason = response.FinishReason, ModelId = model });
    }

    // Fresh contents each time: function invocation marks the calls it has handled.
    private static ChatMessage Copy(ChatMessage message) => new(message.Role, message.Contents.Select(c => c switch
    {
        FunctionCallContent f => new FunctionCallContent(f.CallId, f.Name, f.Arguments is null ? null : new Dictionary<string, object?>(f.Arguments)) { Exception = f.Exception },
        TextContent t => new TextContent(t.Text),
        _ => c,
    }).ToList());

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", null, model) : null;

    public void Dispose()
    {
    }

    public static ChatResponse Calls(string id, string tool, Dictionary<string, object?> arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, tool, arguments)])) { FinishReason = ChatFinishReason.ToolCalls };

    public static ChatResponse Says(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };

    /// <summary>The model wrapped the way applications instrument it: OpenTelemetry with message content recorded.</summary>
    public IChatClient Instrumented() => new ChatClientBuilder(this).UseOpenTelemetry(configure: c => c.EnableSensitiveData = true).Build();
}
