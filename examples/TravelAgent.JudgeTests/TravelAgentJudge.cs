using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using TraceRegress.Judge;

namespace TravelAgent.JudgeTests;

/// <summary>
/// Configures the engine once for the whole test project: the rules first, and an LLM judge over any
/// Microsoft.Extensions.AI <see cref="IChatClient"/> for the traces the rules cannot read. The generated
/// corpus tests pick it up with no change to their code.
/// </summary>
internal static class TravelAgentJudge
{
    /// <summary>The model the recorded verdicts come from; part of each recording's request hash.</summary>
    public const string Model = "gpt-4o-mini-2024-07-18";

    /// <summary>The planner's fine-tuned model, whose context window the rules cannot know by name.</summary>
    public const string PlannerModel = "ft:gpt-4o-mini-2024-07-18:contoso-travel:wayfarer";

    [ModuleInitializer]
    internal static void Configure()
    {
        // TRACEREGRESS_JUDGE_MODE=record (or live) and TRACEREGRESS_JUDGE_API_KEY switch on calls; by default the
        // verdicts recorded beside the traces are replayed, so CI needs no key and no network.
        var settings = JudgeSettings.Load();
        var options = settings.ToOptions();
        options.ModelId = settings.Model ?? Model;
        var rules = new AttributionOptions();
        rules.ContextWindows[PlannerModel] = 128_000;
        options.RulesEngine = new AttributionEngine(rules);
        AttributionEngine.Configure(new LlmJudgeEngine(CreateClient(settings, options.ModelId), options));
    }

    /// <summary>An OpenAI-compatible client when a key (or a local endpoint) is configured; none otherwise, which replay does not need.</summary>
    private static IChatClient? CreateClient(JudgeSettings settings, string model)
    {
        if (settings.ApiKey is null && settings.Endpoint is null) return null;
        var options = new OpenAIClientOptions();
        if (settings.Endpoint is not null) options.Endpoint = settings.Endpoint;
        return new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(settings.ApiKey ?? "no-key"), options).AsIChatClient();
    }
}
