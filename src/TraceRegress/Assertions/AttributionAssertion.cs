using TraceRegress.Approval;

namespace TraceRegress.Assertions;

/// <summary>
/// What <c>Assert.Attributes(...)</c> checks, for every test framework: the adapters turn a failed
/// outcome into their own assertion failure and add nothing else.
/// </summary>
internal static class AttributionAssertion
{
    /// <summary>
    /// The trace is attributed to the span and category given; <paramref name="evidence"/>, when given, must appear in a
    /// quote, and <paramref name="agent"/>, when given, must be the cited span's agent. <paramref name="expectedAnswer"/>,
    /// when given, is the answer the run should have given: the engine attributes with it.
    /// </summary>
    public static ApprovalOutcome Check(AgentTrace trace, string span, string category, string? evidence, IAttributionEngine engine,
        string? agent = null, string? expectedAnswer = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentException.ThrowIfNullOrWhiteSpace(span);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentNullException.ThrowIfNull(engine);
        if (expectedAnswer is not null && string.IsNullOrWhiteSpace(expectedAnswer))
        {
            throw new ArgumentException("the expected answer is empty; give the answer the run should have given, or null", nameof(expectedAnswer));
        }

        if (agent is not null && string.IsNullOrWhiteSpace(agent)) throw new ArgumentException("the agent is empty; give a gen_ai.agent.name, or null", nameof(agent));

        var expectation = new AttributionExpectation(span.Trim(), CategoryExpectation.OfName(category), string.IsNullOrEmpty(evidence) ? null : evidence, agent?.Trim());
        var attribution = engine.Attribute(trace, new AttributionRequest { ExpectedAnswer = expectedAnswer });
        var comparison = AttributionComparison.Compare(trace, attribution, expectation);
        return comparison.Matches
            ? ApprovalOutcome.Pass(null)
            : ApprovalOutcome.Fail(AttributionMessage.Describe($"Assert.Attributes() failed for {Name(trace)}.", comparison), null);
    }

    /// <summary>Loads the trace, then checks it as <see cref="Check(AgentTrace, string, string, string?, IAttributionEngine, string?, string?)"/> does.</summary>
    public static ApprovalOutcome Check(string tracePath, string span, string category, string? evidence, IAttributionEngine engine,
        string? agent = null, string? expectedAnswer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tracePath);
        return Check(AgentTrace.Load(tracePath), span, category, evidence, engine, agent, expectedAnswer);
    }

    /// <summary>The trace matches its <c>.verified.json</c> beside the file it was loaded from, with the corpus approval workflow.</summary>
    public static ApprovalOutcome CheckVerified(AgentTrace trace, IAttributionEngine engine, ApprovalEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (string.IsNullOrEmpty(trace.SourcePath) || !File.Exists(trace.SourcePath))
        {
            throw new ArgumentException("the trace was not loaded from a file, so it has no .verified.json; load it with AgentTrace.Load(path)", nameof(trace));
        }

        return CheckVerified(trace.SourcePath, engine, environment);
    }

    /// <summary>The trace file matches its <c>.verified.json</c>, with the corpus approval workflow.</summary>
    public static ApprovalOutcome CheckVerified(string tracePath, IAttributionEngine engine, ApprovalEnvironment environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tracePath);
        var full = Path.GetFullPath(tracePath);
        if (!File.Exists(full)) throw new FileNotFoundException($"the trace file '{full}' does not exist", full);
        return TraceApproval.Check(Path.GetFileName(full), full, ApprovalFiles.For(full), Path.GetDirectoryName(full)!, engine, environment);
    }

    private static string Name(AgentTrace trace) =>
        trace.SourcePath is { Length: > 0 } path ? $"trace {trace.TraceId} ({path})" : $"trace {trace.TraceId}";
}
