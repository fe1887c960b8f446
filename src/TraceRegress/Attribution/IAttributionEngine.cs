namespace TraceRegress;

/// <summary>
/// Cites the root-cause span of a failing trace and a failure category. Implementations must be
/// deterministic: the same trace gives the same attribution whatever the span order in the file,
/// the culture, the time zone or the machine.
/// </summary>
public interface IAttributionEngine
{
    /// <summary>Attributes a trace. A trace with no failure gives <see cref="Attribution.FailureFound"/> false, not an exception.</summary>
    Attribution Attribute(AgentTrace trace);

    /// <summary>
    /// Attributes a trace with what the caller knows about the run (its expected answer, whether it passed).
    /// Engines that do not implement it attribute the trace alone.
    /// </summary>
    Attribution Attribute(AgentTrace trace, AttributionRequest request) => Attribute(trace);
}
