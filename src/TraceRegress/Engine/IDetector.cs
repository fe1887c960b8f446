namespace TraceRegress;

/// <summary>
/// Finds one kind of failure in a trace. Built-in detectors read span content (tool results, messages,
/// exceptions, status attributes); add your own through <see cref="AttributionOptions.Detectors"/>.
/// A detector must be deterministic and quote, in each finding's evidence, text that really is in the span.
/// </summary>
public interface IDetector
{
    /// <summary>A short stable id (for example <c>tool-error-payload</c>), shown in findings and attributions.</summary>
    string Id { get; }

    /// <summary>The findings in the trace; none when the detector sees nothing wrong.</summary>
    IEnumerable<Finding> Detect(DetectionContext context);
}
