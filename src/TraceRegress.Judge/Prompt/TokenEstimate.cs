namespace TraceRegress.Judge.Prompt;

/// <summary>
/// A tokenizer-free estimate of prompt size: four characters per token, rounded up. It overestimates prose
/// and underestimates dense JSON a little; the default budget leaves headroom in every model's window.
/// </summary>
internal static class TokenEstimate
{
    public const int CharactersPerToken = 4;

    public static int Of(string text) => (text.Length + CharactersPerToken - 1) / CharactersPerToken;

    public static int Characters(int tokens) => tokens * CharactersPerToken;
}
