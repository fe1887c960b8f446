namespace TraceRegress.NUnit;

/// <summary>
/// NUnit's <c>Assert</c> with <see cref="Attributes(AgentTrace, string, string, string?, string?, string?)"/> added. The package
/// makes it the project's <c>Assert</c> (<c>global using Assert = TraceRegress.NUnit.Assert;</c>), so
/// <c>Assert.That</c> and <c>Assert.Attributes</c> sit side by side in one file.
/// </summary>
// global:: because inside this namespace "NUnit" would bind to TraceRegress.NUnit.
public abstract class Assert : global::NUnit.Framework.Assert
{
    /// <summary>Not instantiated; the asserts are static.</summary>
    protected Assert()
    {
    }

    /// <summary>
    /// Asserts that the attribution engine cites <paramref name="span"/> with <paramref name="category"/>.
    /// </summary>
    /// <param name="trace">The trace to attribute.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf (<c>Resource Not Found</c>) or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to (its or its nearest ancestor's <c>gen_ai.agent.name</c>), or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null: the engine then cites where the wrong value entered or the right one was lost.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">The engine cites another span or category, or quotes no such text.</exception>
    public static void Attributes(AgentTrace trace, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        AttributionFailure.Report(Assertions.AttributionAssertion.Check(trace, span, category, evidence, AttributionSettings.Engine, agent, expectedAnswer));

    /// <summary>Loads a trace file of any supported format and asserts its attribution.</summary>
    /// <param name="tracePath">The trace file.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to (its or its nearest ancestor's <c>gen_ai.agent.name</c>), or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null: the engine then cites where the wrong value entered or the right one was lost.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">The engine cites another span or category, or quotes no such text.</exception>
    public static void Attributes(string tracePath, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        AttributionFailure.Report(Assertions.AttributionAssertion.Check(tracePath, span, category, evidence, AttributionSettings.Engine, agent, expectedAnswer));

    /// <summary>
    /// Asserts that the trace's attribution matches the <c>.verified.json</c> beside the file it was loaded
    /// from. Without one, or on a mismatch, writes <c>.received.json</c> and fails saying how to accept it.
    /// </summary>
    /// <param name="trace">A trace loaded with <see cref="AgentTrace.Load(string)"/>.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">No verified attribution yet, or it does not match.</exception>
    public static void Attributes(AgentTrace trace) =>
        AttributionFailure.Report(Assertions.AttributionAssertion.CheckVerified(trace, AttributionSettings.Engine, Approval.ApprovalEnvironment.Current));

    /// <summary>
    /// Asserts that the trace file's attribution matches the <c>.verified.json</c> beside it. Without one,
    /// or on a mismatch, writes <c>.received.json</c> and fails saying how to accept it.
    /// </summary>
    /// <param name="tracePath">The trace file.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">No verified attribution yet, or it does not match.</exception>
    public static void Attributes(string tracePath) =>
        AttributionFailure.Report(Assertions.AttributionAssertion.CheckVerified(tracePath, AttributionSettings.Engine, Approval.ApprovalEnvironment.Current));

    /// <summary>
    /// Asserts that the run's attribution no longer cites <paramref name="category"/> (at any level: an l4 leaf such as
    /// <c>Rate Limiting</c>, or <c>environment</c>) and, when given, the span <paramref name="span"/> selects; with
    /// neither, that it cites no failure at all. For a run captured after a fix, for example replayed with TraceRegress.Replay.
    /// </summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="category">The category that must no longer be cited, or null.</param>
    /// <param name="span">A span selector that must no longer be cited, or null.</param>
    /// <param name="before">The trace from before the change (the recording); its attribution is shown beside the run's on failure.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">The run is still attributed to that failure.</exception>
    public static void DoesNotAttribute(AgentTrace run, string? category = null, string? span = null, AgentTrace? before = null) =>
        AttributionFailure.Report(Assertions.AbsenceAssertion.Check(run, category, span, before, AttributionSettings.Engine, "Assert.DoesNotAttribute"));

    /// <summary>Asserts that the engine finds no failure at all in the run.</summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="before">The trace from before the change; its attribution is shown beside the run's on failure.</param>
    /// <exception cref="global::NUnit.Framework.AssertionException">The engine cites a failure.</exception>
    public static void NoFailure(AgentTrace run, AgentTrace? before = null) =>
        AttributionFailure.Report(Assertions.AbsenceAssertion.Check(run, null, null, before, AttributionSettings.Engine, "Assert.NoFailure"));
}
