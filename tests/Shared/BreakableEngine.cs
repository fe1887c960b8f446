namespace TraceRegress.TestSupport;

/// <summary>
/// The test projects' engine, which a child test run can break for one trace: when the variable
/// <see cref="Variable"/> holds a trace id, that trace is attributed "no failure" (so its corpus test fails against its
/// approval) and every other trace as <paramref name="inner"/> attributes it. Used to show that a failing trace fails
/// only its own row of a generated data-driven test. The variable is set only for child runs the tests start.
/// </summary>
/// <param name="inner">The engine every other trace gets.</param>
internal sealed class BreakableEngine(IAttributionEngine inner) : IAttributionEngine
{
    /// <summary>The environment variable naming the trace id to break.</summary>
    public const string Variable = "TRACEREGRESS_TESTS_BREAK_TRACE_ID";

    private readonly string? _broken = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } id ? id : null;

    public Attribution Attribute(AgentTrace trace) =>
        _broken is not null && trace.TraceId == _broken ? Attribution.NoFailure(trace.TraceId) : inner.Attribute(trace);

    public Attribution Attribute(AgentTrace trace, AttributionRequest request) =>
        _broken is not null && trace.TraceId == _broken ? Attribution.NoFailure(trace.TraceId) : inner.Attribute(trace, request);
}
