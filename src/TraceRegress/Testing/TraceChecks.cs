using TraceRegress.Approval;
using TraceRegress.Assertions;

namespace TraceRegress.Testing;

/// <summary>
/// The checks behind every test framework adapter's <c>Assert.Attributes</c>, <c>Assert.DoesNotAttribute</c>,
/// <c>Assert.NoFailure</c> and the generated corpus tests, with the approval workflow: one implementation that
/// each adapter (TraceRegress.Xunit, TraceRegress.Xunit.v3, TraceRegress.NUnit, TraceRegress.MSTest) only
/// translates into its framework's failure. Each check attributes with <see cref="AttributionEngine.Current"/>
/// (set once with <see cref="AttributionEngine.Configure(IAttributionEngine)"/>) and reads the approval switches
/// (<c>TRACEREGRESS_ACCEPT</c>, <c>TRACEREGRESS_ACCEPT_ON_CI</c>, build-server variables) from the process environment.
/// Use it to write an adapter for another framework; tests use an adapter's <c>Assert</c>.
/// </summary>
public static class TraceChecks
{
    /// <summary>The engine cites <paramref name="span"/> with <paramref name="category"/>.</summary>
    /// <param name="trace">The trace to attribute.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf (<c>Resource Not Found</c>) or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to (its or its nearest ancestor's <c>gen_ai.agent.name</c>), or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null: the engine then cites where the wrong value entered or the right one was lost.</param>
    /// <returns>Passed, or failed with expected and actual span and category, the span tree and the evidence.</returns>
    public static CheckResult Attributes(AgentTrace trace, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        CheckResult.From(AttributionAssertion.Check(trace, span, category, evidence, AttributionEngine.Current, agent, expectedAnswer));

    /// <summary>Loads a trace file of any supported format and checks its attribution as <see cref="Attributes(AgentTrace, string, string, string?, string?, string?)"/> does.</summary>
    /// <param name="tracePath">The trace file.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to, or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null.</param>
    /// <returns>Passed, or failed with expected and actual span and category, the span tree and the evidence.</returns>
    public static CheckResult Attributes(string tracePath, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        CheckResult.From(AttributionAssertion.Check(tracePath, span, category, evidence, AttributionEngine.Current, agent, expectedAnswer));

    /// <summary>
    /// The trace's attribution matches the <c>.verified.json</c> beside the file it was loaded from. Without one, or on
    /// a mismatch, writes <c>.received.json</c> and fails saying how to accept it; with <c>TRACEREGRESS_ACCEPT=1</c>
    /// (not on a build server) it accepts instead.
    /// </summary>
    /// <param name="trace">A trace loaded with <see cref="AgentTrace.Load(string)"/>.</param>
    public static CheckResult Verified(AgentTrace trace) =>
        CheckResult.From(AttributionAssertion.CheckVerified(trace, AttributionEngine.Current, ApprovalEnvironment.Current));

    /// <summary>The trace file's attribution matches the <c>.verified.json</c> beside it, with the approval workflow.</summary>
    /// <param name="tracePath">The trace file.</param>
    public static CheckResult Verified(string tracePath) =>
        CheckResult.From(AttributionAssertion.CheckVerified(tracePath, AttributionEngine.Current, ApprovalEnvironment.Current));

    /// <summary>
    /// The run's attribution no longer cites <paramref name="category"/> (at any level) and, when given, the span
    /// <paramref name="span"/> selects; with neither, it cites no failure at all.
    /// </summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="category">The category that must no longer be cited, or null.</param>
    /// <param name="span">A span selector that must no longer be cited, or null.</param>
    /// <param name="before">The trace from before the change; its attribution is shown beside the run's on failure.</param>
    public static CheckResult DoesNotAttribute(AgentTrace run, string? category = null, string? span = null, AgentTrace? before = null) =>
        CheckResult.From(AbsenceAssertion.Check(run, category, span, before, AttributionEngine.Current, "Assert.DoesNotAttribute"));

    /// <summary>The engine finds no failure at all in the run.</summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="before">The trace from before the change; its attribution is shown beside the run's on failure.</param>
    public static CheckResult NoFailure(AgentTrace run, AgentTrace? before = null) =>
        CheckResult.From(AbsenceAssertion.Check(run, null, null, before, AttributionEngine.Current, "Assert.NoFailure"));

    /// <summary>
    /// The check of one generated corpus test: attributes the trace and holds the result against its <c>.verified.json</c>.
    /// The trace is read from the source folder when it is there, else from the copy beside the test assembly; received and
    /// accepted files are written beside the source trace whenever the source folder exists.
    /// </summary>
    /// <param name="relativePath">The trace's path inside the corpus folder.</param>
    /// <param name="corpusFolder">The corpus folder relative to the project, as copied beside the test assembly.</param>
    /// <param name="corpusSourceDirectory">The corpus folder in the source tree, or null when unknown.</param>
    /// <exception cref="FileNotFoundException">The trace is neither beside the test assembly nor in the source folder.</exception>
    public static CheckResult CorpusTrace(string relativePath, string corpusFolder, string? corpusSourceDirectory) =>
        CorpusTrace(relativePath, corpusFolder, corpusSourceDirectory, AttributionEngine.Current, ApprovalEnvironment.Current, AppContext.BaseDirectory);

    internal static CheckResult CorpusTrace(string relativePath, string corpusFolder, string? corpusSourceDirectory,
        IAttributionEngine engine, ApprovalEnvironment environment, string baseDirectory) =>
        CheckResult.From(Approval.CorpusTrace.Locate(relativePath, corpusFolder, corpusSourceDirectory, baseDirectory).Check(engine, environment));
}
