using TraceRegress.Testing;
#if TRACEREGRESS_NUNIT
using AttributionFailure = TraceRegress.NUnit.AttributionFailure;
#elif TRACEREGRESS_MSTEST
using AttributionFailure = TraceRegress.MSTest.AttributionFailure;
#else
using AttributionFailure = TraceRegress.Xunit.AttributionFailure;
#endif

namespace TraceRegress;

/// <summary>
/// <c>Assert.Attributes</c>, <c>Assert.DoesNotAttribute</c> and <c>Assert.NoFailure</c> on the test framework's own
/// <c>Assert</c> (C# 14 static extension members), for files where it is the <c>Assert</c> in scope: a
/// <c>using</c> of the framework inside a namespace hides the project-wide alias, and MSTest's sealed <c>Assert</c>
/// has no alias at all. It lives in the <c>TraceRegress</c> namespace, imported project-wide, which holds no
/// <c>Assert</c> type to clash with.
/// </summary>
#if TRACEREGRESS_NUNIT
public static class NUnitAssertExtensions
#elif TRACEREGRESS_MSTEST
public static class MSTestAssertExtensions
#else
public static class XunitAssertExtensions
#endif
{
    extension(FrameworkAssert)
    {
        /// <summary>Asserts that the attribution engine cites <paramref name="span"/> with <paramref name="category"/>.</summary>
        /// <param name="trace">The trace to attribute.</param>
        /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
        /// <param name="category">The category at any level: an l4 leaf or an l3, l2 or l1 value.</param>
        /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
        /// <param name="agent">The agent the cited span must belong to, or null.</param>
        /// <param name="expectedAnswer">The answer the run should have given, or null.</param>
        public static void Attributes(AgentTrace trace, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
            AttributionFailure.Report(TraceChecks.Attributes(trace, span, category, evidence, agent, expectedAnswer));

        /// <summary>Loads a trace file of any supported format and asserts its attribution.</summary>
        /// <param name="tracePath">The trace file.</param>
        /// <param name="span">A span selector: a path from the root, a path suffix, a unique name, or <c>id:&lt;spanId&gt;</c>.</param>
        /// <param name="category">The category at any level: an l4 leaf or an l3, l2 or l1 value.</param>
        /// <param name="evidence">Text that must appear in one of the quotes, or null.</param>
        /// <param name="agent">The agent the cited span must belong to, or null.</param>
        /// <param name="expectedAnswer">The answer the run should have given, or null.</param>
        public static void Attributes(string tracePath, string span, string category, string? evidence = null, string? agent = null, string? expectedAnswer = null) =>
            AttributionFailure.Report(TraceChecks.Attributes(tracePath, span, category, evidence, agent, expectedAnswer));

        /// <summary>Asserts that the trace's attribution matches the <c>.verified.json</c> beside the file it was loaded from.</summary>
        /// <param name="trace">A trace loaded with <see cref="AgentTrace.Load(string)"/>.</param>
        public static void Attributes(AgentTrace trace) => AttributionFailure.Report(TraceChecks.Verified(trace));

        /// <summary>Asserts that the trace file's attribution matches the <c>.verified.json</c> beside it.</summary>
        /// <param name="tracePath">The trace file.</param>
        public static void Attributes(string tracePath) => AttributionFailure.Report(TraceChecks.Verified(tracePath));

        /// <summary>Asserts that the run's attribution no longer cites <paramref name="category"/> (any level) and, when given, <paramref name="span"/>; with neither, no failure at all.</summary>
        /// <param name="run">The new run.</param>
        /// <param name="category">The category that must no longer be cited, or null.</param>
        /// <param name="span">A span selector that must no longer be cited, or null.</param>
        /// <param name="before">The trace from before the change, shown beside the run on failure.</param>
        public static void DoesNotAttribute(AgentTrace run, string? category = null, string? span = null, AgentTrace? before = null) =>
            AttributionFailure.Report(TraceChecks.DoesNotAttribute(run, category, span, before));

        /// <summary>Asserts that the engine finds no failure at all in the run.</summary>
        /// <param name="run">The new run.</param>
        /// <param name="before">The trace from before the change, shown beside the run on failure.</param>
        public static void NoFailure(AgentTrace run, AgentTrace? before = null) => AttributionFailure.Report(TraceChecks.NoFailure(run, before));
    }
}
