using TraceRegress.Approval;

namespace TraceRegress.Xunit.Tests;

/// <summary>What the xUnit v3 layer adds over the shared workflow: it builds on v3's Assert and reports to v3's test context.</summary>
public class XunitV3LayerTests
{
    [Fact]
    public void Assert_is_the_adapters_subclass_of_xunit_v3s_assert()
    {
        Assert.Same(typeof(TraceRegress.Xunit.Assert), typeof(Assert));
        Assert.Equal("xunit.v3.core", typeof(global::Xunit.TestContext).Assembly.GetName().Name);
        Assert.StartsWith("xunit.v3.assert", typeof(global::Xunit.Assert).Assembly.GetName().Name);
        Assert.True(typeof(global::Xunit.Sdk.XunitException).IsAssignableFrom(typeof(AttributionException)));
    }

    [Fact]
    public void An_accepted_attribution_is_reported_in_the_tests_own_output()
    {
        using var corpus = new Corpus();
        File.Delete(corpus.Source("checkout/inventory-timeout.verified.json"));

        corpus.Verify("checkout/inventory-timeout.json", Corpus.Environment((ApprovalEnvironment.AcceptVariable, "1")));

        var output = TestContext.Current.TestOutputHelper!.Output;
        Assert.Contains("traces/checkout/inventory-timeout.json: accepted a first attribution (TRACEREGRESS_ACCEPT is set)", output);
        Assert.Contains(corpus.Source("checkout/inventory-timeout.verified.json"), output);
    }

    [Fact]
    public void A_failure_is_an_xunit_failure_with_the_readable_message()
    {
        using var corpus = new Corpus();
        File.Delete(corpus.Source("checkout/inventory-timeout.verified.json"));

        var failure = Assert.Throws<AttributionException>(() => corpus.Verify("checkout/inventory-timeout.json"));

        Assert.Contains("no verified attribution yet", failure.Message);
        Assert.Contains("or: TRACEREGRESS_ACCEPT=1 dotnet test", failure.Message);
    }
}
