using NUnit.Framework;
using TraceRegress.Approval;
using TraceRegress.Model;

namespace TraceRegress.NUnit.Tests;

/// <summary>The approval workflow of the generated corpus tests, run against a throwaway copy of the corpus.</summary>
public class CorpusWorkflowTests
{
    private const string Checkout = "checkout/inventory-timeout.json";

    private string _root = "";
    private string _source = "";
    private string _bin = "";

    [SetUp]
    public void CopyCorpus()
    {
        _root = Path.Combine(Path.GetTempPath(), "traceregress-nunit-tests", Guid.NewGuid().ToString("N"));
        _source = Path.Combine(_root, "src", "traces");
        _bin = Path.Combine(_root, "bin");
        Copy(Path.Combine(AppContext.BaseDirectory, "traces"), _source);
        Copy(Path.Combine(AppContext.BaseDirectory, "traces"), Path.Combine(_bin, "traces"));
    }

    [TearDown]
    public void DeleteCorpus() => Directory.Delete(_root, recursive: true);

    [Test]
    public void A_matching_trace_passes() => Verify(Checkout, Environment());

    [Test]
    public void A_trace_without_verified_file_writes_received_beside_the_source_and_says_how_to_accept()
    {
        File.Delete(Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.Throws<AssertionException>(() => Verify(Checkout, Environment()));

        var received = Source("checkout/inventory-timeout.received.json");
        Assert.That(File.Exists(received), Is.True);
        Assert.That(failure!.Message, Does.Contain("traces/checkout/inventory-timeout.json: no verified attribution yet."));
        Assert.That(failure.Message, Does.Contain($"Wrote {received}"));
        Assert.That(failure.Message, Does.Contain($"To accept it: traceregress accept {_source}"));
        Assert.That(failure.Message, Does.Contain("or: TRACEREGRESS_ACCEPT=1 dotnet test"));
    }

    [Test]
    public void A_mismatch_fails_with_a_diff_and_accepting_makes_it_pass()
    {
        // The approved attribution of another trace stands in for an outdated one.
        File.Copy(Source("billing/rate-limited.verified.json"), Source("checkout/inventory-timeout.verified.json"), overwrite: true);

        var failure = Assert.Throws<AssertionException>(() => Verify(Checkout, Environment()));
        Assert.That(failure!.Message, Does.Contain("expected span:").And.Contain("actual span:").And.Contain("expected category:").And.Contain("actual category:"));
        Assert.That(File.Exists(Source("checkout/inventory-timeout.received.json")), Is.True);

        Verify(Checkout, Environment(("TRACEREGRESS_ACCEPT", "1")));

        Assert.That(File.Exists(Source("checkout/inventory-timeout.received.json")), Is.False);
        Assert.That(VerifiedAttribution.Load(Source("checkout/inventory-timeout.verified.json")).Expectation.Span,
            Is.EqualTo("checkout-agent.run/execute_tool inventory.lookup"));
        Verify(Checkout, Environment());
    }

    [Test]
    public void Accepting_is_refused_on_a_build_server()
    {
        File.Delete(Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.Throws<AssertionException>(() => Verify(Checkout, Environment(("TRACEREGRESS_ACCEPT", "1"), ("CI", "true"))));

        Assert.That(failure!.Message, Does.Contain("TRACEREGRESS_ACCEPT is ignored on a build server"));
        Assert.That(File.Exists(Source("checkout/inventory-timeout.verified.json")), Is.False);
    }

    private void Verify(string relativePath, ApprovalEnvironment environment) =>
        AttributionFailure.Report(Testing.TraceChecks.CorpusTrace(relativePath, "traces", _source, AttributionEngine.Current, environment, _bin));

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
