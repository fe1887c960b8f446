namespace TraceRegress.Judge;

/// <summary>How the judge reaches a verdict for a trace the rules do not settle.</summary>
public enum JudgeMode
{
    /// <summary>
    /// The default: read the verdict recorded beside the trace (<c>&lt;trace&gt;.judge.json</c>) and never call the
    /// model. A missing, stale or edited recording is an error naming the file and the command that records it.
    /// </summary>
    Replay,

    /// <summary>
    /// Call the model where the recording is missing or stale and write the recording; a recording that is up to
    /// date is replayed (see <see cref="JudgeOptions.RecordAgain"/>). Refused on a build server.
    /// </summary>
    Record,

    /// <summary>Call the model every time and write nothing: for exploring, never for CI.</summary>
    Live,
}

/// <summary>Which engine answered a trace.</summary>
public enum JudgePath
{
    /// <summary>The rules engine had an explicit error signal with enough confidence; the judge was not asked.</summary>
    Rules,

    /// <summary>The judge was asked (the rules' findings were its hints).</summary>
    Judge,
}

/// <summary>Where the judge's answer came from.</summary>
public enum VerdictSource
{
    /// <summary>The judge was not asked.</summary>
    None,

    /// <summary>Read from the recording beside the trace.</summary>
    Replayed,

    /// <summary>The model was called and the recording written.</summary>
    Recorded,

    /// <summary>The model was called; nothing was written.</summary>
    Live,
}
