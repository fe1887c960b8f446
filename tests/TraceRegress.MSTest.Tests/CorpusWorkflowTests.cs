using TraceRegress.Approval;
using TraceRegress.Testing;

namespace TraceRegress.MSTest.Tests;

/// <summary>The approval workflow of the generated corpus tests, run against a throwaway copy of the corpus.</summary>
[TestClass]
public sealed class CorpusWorkflowTests
{
    private const string Checkout = "checkout/inventory-timeout.json";

    private string _root = "";
    private string _source = "";
    private string _bin = "";

    [TestInitialize]
    public void CopyCorpus()
    {
        _root = Path.Combine(Path.GetTempPath(), "traceregress-mstest-tests", Guid.NewGuid().ToString("N"));
        _source = Path.Combine(_root, "src", "traces");
        _bin = Path.Combine(_root, "bin");
        Copy(Path.Combine(AppContext.BaseDirectory, "traces"), _source);
        Copy(Path.Combine(AppContext.BaseDirectory, "traces"), Path.Combine(_bin, "traces"));
    }

    [TestCleanup]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void A_matching_trace_passes() => Verify(Checkout, Environment());

    [TestMethod]
    public void A_trace_without_verified_file_writes_received_beside_the_source_and_says_how_to_accept()
    {
        File.Delete(Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.ThrowsExactly<AttributionException>(() => Verify(Checkout, Environment()));

        var received = Source("checkout/inventory-timeout.received.json");
        Assert.IsTrue(File.Exists(received));
        Assert.Contains("traces/checkout/inventory-timeout.json: no verified attribution yet.", failure.Message);
        Assert.Contains($"Wrote {received}", failure.Message);
        Assert.Contains($"To accept it: traceregress accept {_source}", failure.Message);
        Assert.Contains("or: TRACEREGRESS_ACCEPT=1 dotnet test", failure.Message);
    }

    [TestMethod]
    public void A_mismatch_fails_with_a_diff_and_accepting_makes_it_pass()
    {
        // The approved attribution of another trace stands in for an outdated one.
        File.Copy(Source("billing/rate-limited.verified.json"), Source("checkout/inventory-timeout.verified.json"), overwrite: true);

        var failure = Assert.ThrowsExactly<AttributionException>(() => Verify(Checkout, Environment()));
        foreach (var part in new[] { "expected span:", "actual span:", "expected category:", "actual category:" }) Assert.Contains(part, failure.Message);
        Assert.IsTrue(File.Exists(Source("checkout/inventory-timeout.received.json")));

        Verify(Checkout, Environment(("TRACEREGRESS_ACCEPT", "1")));

        Assert.IsFalse(File.Exists(Source("checkout/inventory-timeout.received.json")));
        Assert.AreEqual("checkout-agent.run/execute_tool inventory.lookup", VerifiedAttribution.Load(Source("checkout/inventory-timeout.verified.json")).Expectation.Span);
        Verify(Checkout, Environment());
    }

    [TestMethod]
    public void Accepting_is_refused_on_a_build_server()
    {
        File.Delete(Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.ThrowsExactly<AttributionException>(() => Verify(Checkout, Environment(("TRACEREGRESS_ACCEPT", "1"), ("CI", "true"))));

        Assert.Contains("TRACEREGRESS_ACCEPT is ignored on a build server", failure.Message);
        Assert.IsFalse(File.Exists(Source("checkout/inventory-timeout.verified.json")));
    }

    [TestMethod]
    public void A_trace_found_nowhere_names_both_places()
    {
        var failure = Assert.ThrowsExactly<FileNotFoundException>(() => Verify("checkout/missing.json", Environment()));
        Assert.Contains(Path.Combine(_bin, "traces", "checkout", "missing.json"), failure.Message);
    }

    private void Verify(string relativePath, ApprovalEnvironment environment) =>
        AttributionFailure.Report(TraceChecks.CorpusTrace(relativePath, "traces", _source, AttributionEngine.Current, environment, _bin));

    private string Source(string relative) => Path.Combine(_source, relative.Replace('/', Path.DirectorySeparatorChar));

    private static ApprovalEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(ApprovalFiles.ReceivedSuffix, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
