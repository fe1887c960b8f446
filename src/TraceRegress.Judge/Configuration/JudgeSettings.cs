using System.Globalization;
using System.Text.Json;

namespace TraceRegress.Judge;

/// <summary>
/// The judge's configuration from a settings file and environment variables (the variables win). The file
/// (<c>traceregress.judge.json</c> in the working folder, or the one named by <see cref="SettingsVariable"/>) may be
/// committed, so it never holds a key: the API key comes only from the environment (<see cref="ApiKeyVariable"/>,
/// or the variable the file names in <c>apiKeyVariable</c>).
/// </summary>
/// <remarks>
/// The file: <c>{"model": "gpt-4o-mini", "endpoint": "https://…/v1", "apiKeyVariable": "OPENAI_API_KEY", "mode": "replay",
/// "tokenBudget": 16000, "minimumRulesConfidence": 0.7, "hybrid": true, "inputCostPerMillionTokens": 0.15,
/// "outputCostPerMillionTokens": 0.6}</c>; every property is optional.
/// </remarks>
public sealed class JudgeSettings
{
    /// <summary>The settings file looked for in the working folder.</summary>
    public const string DefaultFileName = "traceregress.judge.json";

    /// <summary>Names a settings file elsewhere.</summary>
    public const string SettingsVariable = "TRACEREGRESS_JUDGE_SETTINGS";

    /// <summary>The model id.</summary>
    public const string ModelVariable = "TRACEREGRESS_JUDGE_MODEL";

    /// <summary>An OpenAI-compatible endpoint (Azure OpenAI, Ollama, a gateway); OpenAI's own when unset.</summary>
    public const string EndpointVariable = "TRACEREGRESS_JUDGE_ENDPOINT";

    /// <summary>The API key (never in a file).</summary>
    public const string ApiKeyVariable = "TRACEREGRESS_JUDGE_API_KEY";

    /// <summary><c>replay</c> (default), <c>record</c> or <c>live</c>.</summary>
    public const string ModeVariable = "TRACEREGRESS_JUDGE_MODE";

    private static readonly HashSet<string> KnownProperties = new(StringComparer.Ordinal)
    {
        "model", "endpoint", "apiKeyVariable", "mode", "tokenBudget", "minimumRulesConfidence", "hybrid",
        "inputCostPerMillionTokens", "outputCostPerMillionTokens",
    };

    // A property named like a credential (apiKey, api_key, accessToken, secret, password) holds one.
    private static readonly System.Text.RegularExpressions.Regex CredentialName = new(
        "(key|token|secret|password|bearer)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The model id; null when none is configured.</summary>
    public string? Model { get; set; }

    /// <summary>The endpoint; null for the provider's default.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key read from the environment; null when the variable is unset. Never written anywhere.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The variable the key was read from.</summary>
    public string ApiKeyVariableName { get; set; } = ApiKeyVariable;

    /// <summary>The mode.</summary>
    public JudgeMode Mode { get; set; } = JudgeMode.Replay;

    /// <summary>The prompt budget in tokens.</summary>
    public int TokenBudget { get; set; } = JudgeOptions.DefaultTokenBudget;

    /// <summary>Below this, the rules' explicit finding goes to the judge too.</summary>
    public double MinimumRulesConfidence { get; set; } = 0.7;

    /// <summary>Rules first, judge for the rest (true), or the judge for every trace.</summary>
    public bool Hybrid { get; set; } = true;

    /// <summary>Price per million input tokens.</summary>
    public decimal? InputCostPerMillionTokens { get; set; }

    /// <summary>Price per million output tokens.</summary>
    public decimal? OutputCostPerMillionTokens { get; set; }

    /// <summary>The settings file read, if any.</summary>
    public string? SourceFile { get; private set; }

    /// <summary>Reads the settings of the current process (working folder and environment).</summary>
    public static JudgeSettings Load(string? settingsFile = null) =>
        Load(settingsFile, Environment.CurrentDirectory, Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings file (explicit, else named by <see cref="SettingsVariable"/>, else <see cref="DefaultFileName"/> when present) and the environment.</summary>
    /// <exception cref="JudgeConfigurationException">The file is missing, malformed, holds a key or an unknown property, or a variable has a bad value.</exception>
    public static JudgeSettings Load(string? settingsFile, string workingDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new JudgeSettings();
        var file = settingsFile ?? NonEmpty(environment(SettingsVariable));
        if (file is not null)
        {
            var full = Path.GetFullPath(file, workingDirectory);
            if (!File.Exists(full)) throw new JudgeConfigurationException($"{file}: judge settings file not found");
            settings.ReadFile(full);
        }
        else if (File.Exists(Path.Combine(workingDirectory, DefaultFileName)))
        {
            settings.ReadFile(Path.Combine(workingDirectory, DefaultFileName));
        }

        if (NonEmpty(environment(ModelVariable)) is { } model) settings.Model = model;
        if (NonEmpty(environment(EndpointVariable)) is { } endpoint) settings.Endpoint = ParseEndpoint(endpoint, EndpointVariable);
        if (NonEmpty(environment(ModeVariable)) is { } mode) settings.Mode = ParseMode(mode, ModeVariable);
        settings.ApiKey = NonEmpty(environment(settings.ApiKeyVariableName));
        return settings;
    }

    /// <summary>Engine options from these settings.</summary>
    public JudgeOptions ToOptions() => new()
    {
        ModelId = Model,
        Mode = Mode,
        TokenBudget = TokenBudget,
        MinimumRulesConfidence = MinimumRulesConfidence,
        Hybrid = Hybrid,
        InputCostPerMillionTokens = InputCostPerMillionTokens,
        OutputCostPerMillionTokens = OutputCostPerMillionTokens,
    };

    /// <summary>Parses a mode name.</summary>
    public static JudgeMode ParseMode(string value, string source) => value.Trim().ToLowerInvariant() switch
    {
        "replay" => JudgeMode.Replay,
        "record" => JudgeMode.Record,
        "live" => JudgeMode.Live,
        _ => throw new JudgeConfigurationException($"{source}: unknown judge mode '{value}'; expected replay, record or live"),
    };

    private void ReadFile(string path)
    {
        SourceFile = path;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new JudgeConfigurationException($"{path}({(e.LineNumber ?? 0) + 1},{(e.BytePositionInLine ?? 0) + 1}): not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new JudgeConfigurationException($"{path}: expected a JSON object of judge settings");
            foreach (var property in root.EnumerateObject())
            {
                if (CredentialName.IsMatch(property.Name))
                {
                    throw new JudgeConfigurationException(
                        $"{path}: \"{property.Name}\" looks like a credential, and this file may be committed: keys never go in a file. "
                        + $"Set the environment variable {ApiKeyVariable} (or name another in \"apiKeyVariable\") instead.");
                }

                if (!KnownProperties.Contains(property.Name))
                {
                    throw new JudgeConfigurationException($"{path}: unknown property \"{property.Name}\"; expected one of {string.Join(", ", KnownProperties.Order(StringComparer.Ordinal))}");
                }

                var where = $"{path}: \"{property.Name}\"";
                var value = property.Value;
                switch (property.Name)
                {
                    case "model": Model = Text(value, where); break;
                    case "endpoint": Endpoint = ParseEndpoint(Text(value, where), where); break;
                    case "apiKeyVariable": ApiKeyVariableName = Text(value, where); break;
                    case "mode": Mode = ParseMode(Text(value, where), where); break;
                    case "tokenBudget": TokenBudget = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var budget) && budget > 0 ? budget : throw new JudgeConfigurationException($"{where} must be a positive whole number"); break;
                    case "minimumRulesConfidence": MinimumRulesConfidence = value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1 ? value.GetDouble() : throw new JudgeConfigurationException($"{where} must be a number from 0 to 1"); break;
                    case "hybrid": Hybrid = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new JudgeConfigurationException($"{where} must be true or false"); break;
                    case "inputCostPerMillionTokens": InputCostPerMillionTokens = Price(value, where); break;
                    case "outputCostPerMillionTokens": OutputCostPerMillionTokens = Price(value, where); break;
                }
            }
        }
    }

    private static string Text(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw new JudgeConfigurationException($"{where} must be a non-empty string");

    private static decimal Price(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var price) && price >= 0 ? price : throw new JudgeConfigurationException($"{where} must be a number of at least 0");

    private static Uri ParseEndpoint(string value, string where) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new JudgeConfigurationException($"{where}: '{value}' is not an http(s) URL");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"model {Model ?? "(none)"}, endpoint {Endpoint?.ToString() ?? "(default)"}, mode {Mode.ToString().ToLowerInvariant()}, key {(ApiKey is null ? "not set" : $"from {ApiKeyVariableName}")}");
}
