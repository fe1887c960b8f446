namespace TraceRegress.Judge;

/// <summary>What the hybrid engine did for one trace: the attribution, which path answered and why, and the cost of asking.</summary>
public sealed class JudgeResult
{
    internal JudgeResult(Attribution attribution, JudgePath path, string reason, VerdictSource source, string? recordingPath, JudgeUsage usage)
    {
        Attribution = attribution;
        Path = path;
        Reason = reason;
        Source = source;
        RecordingPath = recordingPath;
        Usage = usage;
    }

    /// <summary>The attribution: the rules' own on the <see cref="JudgePath.Rules"/> path, else the judge's (detector <c>llm-judge</c>) with the rules' findings among the other findings.</summary>
    public Attribution Attribution { get; }

    /// <summary>Which engine answered.</summary>
    public JudgePath Path { get; }

    /// <summary>Why that path was taken, in a sentence.</summary>
    public string Reason { get; }

    /// <summary>Where the judge's answer came from.</summary>
    public VerdictSource Source { get; }

    /// <summary>The recording beside the trace that was read or written; null when none was involved.</summary>
    public string? RecordingPath { get; }

    /// <summary>Tokens and cost of the judge's calls, as recorded (zero on the rules path).</summary>
    public JudgeUsage Usage { get; }
}

/// <summary>Token counts and cost of judge calls; null where the client did not report them (or no prices are configured, for cost).</summary>
/// <param name="InputTokens">Input tokens, when reported.</param>
/// <param name="OutputTokens">Output tokens, when reported.</param>
/// <param name="Cost">Cost in the prices' currency, when prices are configured and tokens reported.</param>
public sealed record JudgeUsage(long? InputTokens, long? OutputTokens, decimal? Cost)
{
    /// <summary>No calls.</summary>
    public static JudgeUsage None { get; } = new(null, null, null);

    /// <summary>The sum of two usages; a count missing on one side stays missing only when it is missing on both.</summary>
    public JudgeUsage Add(JudgeUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new JudgeUsage(Sum(InputTokens, other.InputTokens), Sum(OutputTokens, other.OutputTokens), Sum(Cost, other.Cost));
    }

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static decimal? Sum(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
