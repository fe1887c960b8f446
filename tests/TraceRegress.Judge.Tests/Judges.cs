using Microsoft.Extensions.AI;

namespace TraceRegress.Judge.Tests;

/// <summary>Judge engines as the tests use them: a fixed model, prices, and an environment with no build-server marker.</summary>
internal static class Judges
{
    public const string Model = "gpt-4o-mini-2024-07-18";

    public static JudgeOptions Options(JudgeMode mode = JudgeMode.Replay, Func<string, string?>? environment = null) => new()
    {
        ModelId = Model,
        Mode = mode,
        Environment = environment ?? TestEnvironment.Desktop,
        InputCostPerMillionTokens = 0.15m,
        OutputCostPerMillionTokens = 0.60m,
    };

    public static LlmJudgeEngine Engine(IChatClient? client, JudgeMode mode = JudgeMode.Replay, Func<string, string?>? environment = null, Action<JudgeOptions>? configure = null)
    {
        var options = Options(mode, environment);
        configure?.Invoke(options);
        return new LlmJudgeEngine(client, options);
    }

    /// <summary>The text of every message of a request, joined.</summary>
    public static string Text(IReadOnlyList<ChatMessage> request) => string.Join("\n", request.Select(m => m.Text));
}
