namespace TraceRegress;

/// <summary>
/// Finds one kind of failure in a trace. Built-in detectors read span content (tool results, messages,
/// exceptions, status attributes) through <see cref="DetectionContext.View"/>; add your own through
/// <see cref="AttributionOptions.Detectors"/>: it sees the same view. A detector must be deterministic,
/// must not depend on which other detectors run, and must quote, in each finding's evidence, text that
/// really is in the span.
/// </summary>
public interface IDetector
{
    /// <summary>The priority of a detector that does not declare one: after every built-in detector.</summary>
    public const int DefaultPriority = 90;

    /// <summary>A short stable id (for example <c>tool-error-payload</c>), shown in findings and attributions.</summary>
    string Id { get; }

    /// <summary>
    /// Orders this detector's findings against others' at the same causal position and confidence (and decides which
    /// one is kept when two detectors report the same category on the same span): lower comes first. Detectors that
    /// read a failure at its origin (status codes 10, missing environment 12, exceptions 15) come before those that read
    /// its consequences (ignored errors 60, unsupported facts 80). <see cref="DefaultPriority"/> unless overridden.
    /// </summary>
    int Priority => DefaultPriority;

    /// <summary>
    /// What this detector's findings say about a run, which decides how they weigh when the root cause is picked:
    /// evidence the trace shows (the default), what agents report about the work, or a cause inferred from content with
    /// no error signal. See <see cref="DetectorStanding"/>.
    /// </summary>
    DetectorStanding Standing => DetectorStanding.Evidence;

    /// <summary>The findings in the trace; none when the detector sees nothing wrong.</summary>
    IEnumerable<Finding> Detect(DetectionContext context);
}
