using System.Runtime.CompilerServices;

namespace TraceRegress.Xunit.Tests;

/// <summary>
/// The tests the generator emits for this project's own corpus, written out by hand: each calls the
/// runtime entry point with the trace's relative path, the corpus folder and the source folder.
/// </summary>
public class CorpusTests
{
    private static string SourceCorpus([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "traces");

    [Theory]
    [InlineData("checkout/inventory-timeout.json")]
    [InlineData("research/five-hop.json")]
    [InlineData("search/docs-not-found.json")]
    [InlineData("billing/rate-limited.json")]
    public void Corpus_trace_matches_its_verified_attribution(string relativePath) =>
        CorpusTraces.Verify(relativePath, "traces", SourceCorpus());
}
