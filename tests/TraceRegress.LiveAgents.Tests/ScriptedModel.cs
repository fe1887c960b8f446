using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TraceRegress.LiveAgentsTests;

/// <summary>
/// A model that answers from a script, one response per request, in order: the agent frameworks under test run for
/// real around it (their function invocation, their instrumentation), only the model's words are fixed.
/// </summary>
internal sealed class ScriptedModel(string model, params ChatResponse[] script) : IChatClient
{
    private int _next;

    public List<List<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        if (_next >= script.Length) throw new InvalidOperationException($"the script of {script.Length} responses has no response for request {_next + 1}");
        var response = script[_next++];
        return Task.FromResult(new ChatResponse(response.Messages.Select(Copy).ToList())
        {
            FinishReason = response.FinishReason,
            ModelId = model,
            Usage = new UsageDetails { InputTokenCount = 120 * _next, OutputTokenCount = 40 },
        });
    }

    // Fresh contents for every response: function invocation marks the calls it has handled.
    private static ChatMessage Copy(ChatMessage message) => new(message.Role, message.Contents.Select(c => c switch
    {
        FunctionCallContent f => new FunctionCallContent(f.CallId, f.Name, f.Arguments is null ? null : new Dictionary<string, object?>(f.Arguments)),
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
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", new Uri("https://api.openai.com/v1"), model)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    public static ChatResponse Calls(string id, string tool, Dictionary<string, object?> arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, tool, arguments)])) { FinishReason = ChatFinishReason.ToolCalls };

    public static ChatResponse Says(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };

    /// <summary>The model wrapped the way applications instrument it: OpenTelemetry with message content recorded.</summary>
    public IChatClient Instrumented() => new ChatClientBuilder(this).UseOpenTelemetry(configure: c => c.EnableSensitiveData = true).Build();
}
