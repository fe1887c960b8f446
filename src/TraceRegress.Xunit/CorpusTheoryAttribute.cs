using Xunit.Abstractions;
using Xunit.Sdk;

namespace TraceRegress.Xunit;

/// <summary>
/// The theory of the generated corpus tests: a plain <c>[Theory]</c> whose rows, each a trace's relative path, are test
/// cases shown by that path (<c>checkout/timeout-0519.json</c>) rather than <c>Class.Method(trace: "…")</c>. Put on
/// the generated methods; a hand-written test has no use for it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("TraceRegress.Xunit.CorpusTheoryDiscoverer", "TraceRegress.Xunit")]
public sealed class CorpusTheoryAttribute : global::Xunit.TheoryAttribute;

/// <summary>Discovers a <see cref="CorpusTheoryAttribute"/> theory as xUnit does, with each data row named by the trace it holds.</summary>
/// <param name="diagnosticMessageSink">Where xUnit's diagnostics go.</param>
public sealed class CorpusTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        [new CorpusTraceTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow)];
}

/// <summary>One row of a corpus theory: an ordinary xUnit test case whose display name is the trace's relative path.</summary>
public sealed class CorpusTraceTestCase : XunitTestCase
{
    /// <summary>For the deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public CorpusTraceTestCase()
    {
    }

    /// <summary>A test case for one row.</summary>
    /// <param name="diagnosticMessageSink">Where xUnit's diagnostics go.</param>
    /// <param name="defaultMethodDisplay">How methods are displayed by default.</param>
    /// <param name="defaultMethodDisplayOptions">The method display options.</param>
    /// <param name="testMethod">The theory.</param>
    /// <param name="testMethodArguments">The row: the trace's relative path.</param>
    public CorpusTraceTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod, object[]? testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    /// <inheritdoc />
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        TestMethodArguments is [string trace] ? trace : base.GetDisplayName(factAttribute, displayName);
}
