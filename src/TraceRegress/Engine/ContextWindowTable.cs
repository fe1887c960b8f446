namespace TraceRegress.Engine;

/// <summary>
/// Context windows (input tokens) of common models, matched by the longest name prefix, so dated and
/// vendor-prefixed names (<c>gpt-4o-2024-08-06</c>, <c>anthropic.claude-3-5-sonnet-20240620-v1:0</c>,
/// <c>openai/gpt-4o</c>) find their family. Users override or add entries in <see cref="AttributionOptions.ContextWindows"/>.
/// </summary>
internal static class ContextWindowTable
{
    public static IEnumerable<KeyValuePair<string, long>> Defaults =>
    [
        new("gpt-3.5-turbo", 16_385),
        new("gpt-4", 8_192),
        new("gpt-4-32k", 32_768),
        new("gpt-4-turbo", 128_000),
        new("gpt-4-1106", 128_000),
        new("gpt-4-0125", 128_000),
        new("gpt-4o", 128_000),
        new("gpt-4o-mini", 128_000),
        new("gpt-4.1", 1_047_576),
        new("gpt-4.5", 128_000),
        new("gpt-5", 400_000),
        new("o1", 200_000),
        new("o1-mini", 128_000),
        new("o3", 200_000),
        new("o3-mini", 200_000),
        new("o4-mini", 200_000),
        new("claude-2", 100_000),
        new("claude-3", 200_000),
        new("claude-sonnet-4", 200_000),
        new("claude-opus-4", 200_000),
        new("claude-haiku-4", 200_000),
        new("claude", 200_000),
        new("gemini-1.0-pro", 32_760),
        new("gemini-1.5-flash", 1_048_576),
        new("gemini-1.5-pro", 2_097_152),
        new("gemini-2.0-flash", 1_048_576),
        new("gemini-2.5", 1_048_576),
        new("llama-3.1", 131_072),
        new("llama-3.2", 131_072),
        new("llama-3.3", 131_072),
        new("llama3.1", 131_072),
        new("llama3.2", 131_072),
        new("llama3.3", 131_072),
        new("llama3", 8_192),
        new("llama-3", 8_192),
        new("meta-llama-3.1", 131_072),
        new("mistral-large", 131_072),
        new("mistral-small", 32_768),
        new("mixtral-8x7b", 32_768),
        new("mixtral-8x22b", 65_536),
        new("command-r", 128_000),
        new("deepseek-chat", 65_536),
        new("deepseek-reasoner", 65_536),
        new("qwen2.5", 131_072),
    ];

    /// <summary>The window of a model by longest matching prefix; null when no entry matches.</summary>
    public static long? Find(IReadOnlyDictionary<string, long> table, string model)
    {
        if (string.IsNullOrWhiteSpace(model)) return null;
        var name = model.Trim().ToLowerInvariant();
        // "openai/gpt-4o", "models/gemini-1.5-pro" → the part after the last slash.
        var slash = name.LastIndexOf('/');
        if (slash >= 0 && slash < name.Length - 1) name = name[(slash + 1)..];
        for (var attempt = 0; attempt < 4 && name.Length > 0; attempt++)
        {
            string? best = null;
            foreach (var key in table.Keys)
            {
                if (name.StartsWith(key.ToLowerInvariant(), StringComparison.Ordinal)
                    && (best is null || key.Length > best.Length || (key.Length == best.Length && string.CompareOrdinal(key, best) < 0)))
                {
                    best = key;
                }
            }

            if (best is not null) return table[best];
            // Bedrock-style "anthropic.claude-…", "us.anthropic.claude-…": drop one vendor segment and retry.
            var dot = name.IndexOf('.');
            if (dot < 0) break;
            name = name[(dot + 1)..];
        }

        return null;
    }
}
