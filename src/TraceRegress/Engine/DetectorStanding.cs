namespace TraceRegress;

/// <summary>
/// What a detector's findings say about a run, which decides how they weigh when the root cause is picked
/// (<see cref="IDetector.Standing"/>).
/// </summary>
public enum DetectorStanding
{
    /// <summary>
    /// The trace shows the failure: an error payload, a status, a timeout, a fact nothing upstream supports. Findings
    /// weigh by their <see cref="Finding.Basis"/>; one on <see cref="AttributionBasis.Inference"/> is cited only when
    /// nothing else was found.
    /// </summary>
    Evidence,

    /// <summary>
    /// What the agents say about the work: a progress report that no progress is made, a worker that says it could not
    /// do what was asked, the same action repeated, an instruction that drops a constraint of the task. Strong in a
    /// multi-agent run where nothing says "error", but never above explicit error evidence, and never taken as what
    /// explains another finding.
    /// </summary>
    AgentReport,

    /// <summary>
    /// A cause inferred from content with no error signal: a restriction lost where the history was trimmed, an option
    /// picked against the task, a source out of date for the question. Below explicit error evidence, but it explains
    /// the step it cites (cited instead of an ungrounded fact found there) and comes before the inferred origin when
    /// nothing surer was found.
    /// </summary>
    ContentInference,
}
