using TraceRegress.Judge.Prompt;

namespace TraceRegress.Judge;

/// <summary>How the judge is run: the model, the mode, the budget, the hybrid routing, prices and the taxonomy.</summary>
public sealed class JudgeOptions
{
    /// <summary>The default prompt budget in tokens (instructions, taxonomy, hints and the rendered trace).</summary>
    public const int DefaultTokenBudget = 16_000;

    /// <summary>
    /// The model the verdicts come from, part of every recording's request hash. Required: when null, the
    /// client's own default model id (<c>ChatClientMetadata.DefaultModelId</c>) is used, and with neither the
    /// judge refuses to run.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>Replay (the default), record or live.</summary>
    public JudgeMode Mode { get; set; } = JudgeMode.Replay;

    /// <summary>In <see cref="JudgeMode.Record"/>, call the model again even where the recording is up to date.</summary>
    public bool RecordAgain { get; set; }

    /// <summary>The upper bound of the prompt in estimated tokens; long traces are summarised to fit. Default <see cref="DefaultTokenBudget"/>.</summary>
    public int TokenBudget { get; set; } = DefaultTokenBudget;

    /// <summary>
    /// Run the rules first and ask the judge only where they have no explicit error signal or low confidence
    /// (the default). When false, the judge is asked about every trace, still with the rules' findings as hints.
    /// </summary>
    public bool Hybrid { get; set; } = true;

    /// <summary>Below this confidence, the rules' explicit finding goes to the judge too. Default 0.7.</summary>
    public double MinimumRulesConfidence { get; set; } = 0.7;

    /// <summary>The rules engine that runs first and gives the hints. <see cref="AttributionEngine.Default"/> unless set.</summary>
    public IAttributionEngine RulesEngine { get; set; } = AttributionEngine.Default;

    /// <summary>The taxonomy the judge's category must come from. <see cref="Taxonomy.Default"/> (TRAIL) unless set.</summary>
    public Taxonomy Taxonomy { get; set; } = Taxonomy.Default;

    /// <summary>Price per million input tokens, for the cost in recordings; null when unknown.</summary>
    public decimal? InputCostPerMillionTokens { get; set; }

    /// <summary>Price per million output tokens, for the cost in recordings; null when unknown.</summary>
    public decimal? OutputCostPerMillionTokens { get; set; }

    /// <summary>
    /// Applied to every answer before it is validated and recorded, so secrets quoted from a trace never reach a
    /// recording (the CLI applies the same redaction rules as <c>traceregress redact</c>). Null leaves answers as they are.
    /// </summary>
    public Func<string, string>? RedactAnswer { get; set; }

    /// <summary>Reads environment variables (build-server detection); the process environment unless set (tests set it).</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The prompt version in request hashes; only tests change it, to see recordings go stale.</summary>
    internal string PromptVersion { get; set; } = JudgePrompt.Version;

    internal JudgeOptions Clone() => (JudgeOptions)MemberwiseClone();
}
