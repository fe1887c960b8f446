using TraceRegress.Testing;

#if TRACEREGRESS_NUNIT
namespace TraceRegress.NUnit;
#elif TRACEREGRESS_MSTEST
namespace TraceRegress.MSTest;
#else
namespace TraceRegress.Xunit;
#endif

#if TRACEREGRESS_MSTEST
/// <summary>
/// <c>Attributes</c>, <c>DoesNotAttribute</c> and <c>NoFailure</c> as plain static methods. MSTest's own <c>Assert</c>
/// is sealed, so with C# 14 they are reached as <c>Assert.Attributes(...)</c> through an extension on it; with an older
/// language version call them here (<c>TraceAssert.Attributes(...)</c>).
/// </summary>
public static partial class TraceAssert
#else
public partial class Assert
#endif
{
    /// <summary>Asserts that the attribution engine cites <paramref name="span"/> with <paramref name="category"/>.</summary>
    /// <param name="trace">The trace to attribute.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf (<c>Resource Not Found</c>) or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to (its or its nearest ancestor's <c>gen_ai.agent.name</c>), or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null: the engine then cites where the wrong value entered or the right one was lost.</param>
    /// <remarks>Fails the test with the framework's assertion failure when the engine cites another span or category, or quotes no such text.</remarks>
    public static void Attributes(AgentTrace trace, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        AttributionFailure.Report(TraceChecks.Attributes(trace, span, category, evidence, agent, expectedAnswer));

    /// <summary>Loads a trace file of any supported format and asserts its attribution.</summary>
    /// <param name="tracePath">The trace file.</param>
    /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
    /// <param name="category">The category at any level: an l4 leaf or an l3, l2 or l1 value.</param>
    /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
    /// <param name="agent">The agent the cited span must belong to (its or its nearest ancestor's <c>gen_ai.agent.name</c>), or null.</param>
    /// <param name="expectedAnswer">The answer the run should have given, or null: the engine then cites where the wrong value entered or the right one was lost.</param>
    /// <remarks>Fails the test with the framework's assertion failure when the engine cites another span or category, or quotes no such text.</remarks>
    public static void Attributes(string tracePath, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
        AttributionFailure.Report(TraceChecks.Attributes(tracePath, span, category, evidence, agent, expectedAnswer));

    /// <summary>
    /// Asserts that the trace's attribution matches the <c>.verified.json</c> beside the file it was loaded
    /// from. Without one, or on a mismatch, writes <c>.received.json</c> and fails saying how to accept it.
    /// </summary>
    /// <param name="trace">A trace loaded with <see cref="AgentTrace.Load(string)"/>.</param>
    public static void Attributes(AgentTrace trace) => AttributionFailure.Report(TraceChecks.Verified(trace));

    /// <summary>
    /// Asserts that the trace file's attribution matches the <c>.verified.json</c> beside it. Without one,
    /// or on a mismatch, writes <c>.received.json</c> and fails saying how to accept it.
    /// </summary>
    /// <param name="tracePath">The trace file.</param>
    public static void Attributes(string tracePath) => AttributionFailure.Report(TraceChecks.Verified(tracePath));

    /// <summary>
    /// Asserts that the run's attribution no longer cites <paramref name="category"/> (at any level: an l4 leaf such as
    /// <c>Rate Limiting</c>, or <c>environment</c>) and, when given, the span <paramref name="span"/> selects; with
    /// neither, that it cites no failure at all. For a run captured after a fix, for example replayed with TraceRegress.Replay.
    /// </summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="category">The category that must no longer be cited, or null.</param>
    /// <param name="span">A span selector that must no longer be cited, or null.</param>
    /// <param name="before">The trace from before the change (the recording); its attribution is shown beside the run's on failure.</param>
    public static void DoesNotAttribute(AgentTrace run, string? category = null, string? span = null, AgentTrace? before = null) =>
        AttributionFailure.Report(TraceChecks.DoesNotAttribute(run, category, span, before));

    /// <summary>Asserts that the engine finds no failure at all in the run.</summary>
    /// <param name="run">The new run (a captured or loaded trace).</param>
    /// <param name="before">The trace from before the change; its attribution is shown beside the run's on failure.</param>
    public static void NoFailure(AgentTrace run, AgentTrace? before = null) => AttributionFailure.Report(TraceChecks.NoFailure(run, before));
}
