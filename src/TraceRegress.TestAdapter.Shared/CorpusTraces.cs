using TraceRegress.Testing;

#if TRACEREGRESS_NUNIT
namespace TraceRegress.NUnit;
#elif TRACEREGRESS_MSTEST
namespace TraceRegress.MSTest;
#else
namespace TraceRegress.Xunit;
#endif

/// <summary>The entry point of the tests generated for the corpus folder: the rows of each test class (one per trace) and the check each row runs.</summary>
public static partial class CorpusTraces
{
    /// <summary>
    /// Attributes one corpus trace and holds the result against its <c>.verified.json</c>. With no verified
    /// file, or on a mismatch, writes <c>.received.json</c> beside the source trace and fails with the
    /// difference and the command that accepts it; with <c>TRACEREGRESS_ACCEPT=1</c> (not on a build server)
    /// it accepts instead and passes.
    /// </summary>
    /// <param name="relativePath">The trace's path inside the corpus folder.</param>
    /// <param name="corpusFolder">The corpus folder relative to the project, as copied beside the test assembly.</param>
    /// <param name="corpusSourceDirectory">The corpus folder in the source tree, where received and verified files are written.</param>
    /// <exception cref="FileNotFoundException">The trace is neither beside the test assembly nor in the source folder.</exception>
    public static void Verify(string relativePath, string corpusFolder, string corpusSourceDirectory) =>
        AttributionFailure.Report(TraceChecks.CorpusTrace(relativePath, corpusFolder, corpusSourceDirectory));
}
