using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using TraceRegress.Judge;

namespace TraceRegress.Cli.Judging;

/// <summary>The chat clients the command can build for the judge from its settings.</summary>
internal static class JudgeClients
{
    /// <summary>
    /// An OpenAI-compatible client (OpenAI, Azure OpenAI's v1 endpoint, Ollama, LiteLLM and other gateways) when a
    /// key or an endpoint is configured; null otherwise. A local endpoint without a key gets a placeholder one, which
    /// such servers ignore.
    /// </summary>
    public static IChatClient? OpenAiCompatible(JudgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Model is null || (settings.ApiKey is null && settings.Endpoint is null)) return null;
        var options = new OpenAIClientOptions();
        if (settings.Endpoint is not null) options.Endpoint = settings.Endpoint;
        var client = new OpenAI.Chat.ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey ?? "no-key"), options);
        return client.AsIChatClient();
    }
}
