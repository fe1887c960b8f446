namespace TraceRegress;

/// <summary>
/// What a caller knows about a run beyond its trace: the answer it should have given, and whether it is a
/// passing run. Without a request a trace is a failure to explain: the engine always cites its most probable origin.
/// </summary>
public sealed record AttributionRequest
{
    /// <summary>A request that says nothing beyond the trace.</summary>
    public static AttributionRequest None { get; } = new();

    /// <summary>
    /// The answer the run should have given, or null. With it the engine compares the final output with it and
    /// cites the earliest step where the wrong value entered or the right one was lost, quoting both.
    /// </summary>
    public string? ExpectedAnswer { get; init; }

    /// <summary>
    /// True when the run is known to have passed (a verified file approves <c>cited: null</c>): then, and only then,
    /// a trace in which no detector finds anything gets "no failure found" instead of an inferred origin.
    /// </summary>
    public bool PassingRun { get; init; }
}

/// <summary>What a citation rests on.</summary>
public enum AttributionBasis
{
    /// <summary>The trace says something failed: an error payload, a status code, an exception, a truncated answer, a progress report saying the team is stuck.</summary>
    ErrorEvidence,

    /// <summary>The cited output states facts that nothing upstream supports.</summary>
    UngroundedContent,

    /// <summary>The final output differs from the expected answer the caller gave; the citation is where the wrong value entered or the right one was lost.</summary>
    ExpectedAnswer,

    /// <summary>Nothing in the trace says "error": the most probable origin, inferred from where the final answer's content came from.</summary>
    Inference,
}

/// <summary>The JSON names of <see cref="AttributionBasis"/> values.</summary>
public static class AttributionBases
{
    /// <summary><c>error-evidence</c>, <c>ungrounded-content</c>, <c>expected-answer</c> or <c>inference</c>.</summary>
    public static string ToJsonName(this AttributionBasis basis) => basis switch
    {
        AttributionBasis.ErrorEvidence => "error-evidence",
        AttributionBasis.UngroundedContent => "ungrounded-content",
        AttributionBasis.ExpectedAnswer => "expected-answer",
        _ => "inference",
    };
}
