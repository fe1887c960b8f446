namespace NamespaceFirst.Samples;

// A using inside the namespace hides the project-wide Assert alias: Assert here is Xunit's own, and
// Attributes comes from the C# 14 extension on it.
using Xunit;

public class NamespaceThenUsingTests
{
    private static readonly string CheckoutPath = Path.Combine(AppContext.BaseDirectory, "traces", "checkout", "inventory-timeout.json");

    [Fact]
    public void Assert_is_xunits_own_here() =>
        Assert.Same(typeof(global::Xunit.Assert), typeof(Assert));

    [Fact]
    public void Attributes_resolves_through_the_extension_and_passes()
    {
        var trace = TraceRegress.AgentTrace.Load(CheckoutPath);
        Assert.Attributes(trace, span: "execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.Attributes(CheckoutPath, span: "execute_tool inventory.lookup", category: "Resource Management");
        Assert.Attributes(trace);
        Assert.Equal(4, trace.Spans.Count);
    }

    [Fact]
    public void Attributes_fails_the_same_way_through_the_extension()
    {
        var failure = Assert.Throws<TraceRegress.Xunit.AttributionException>(() =>
            Assert.Attributes(CheckoutPath, span: "gen_ai.chat[1]", category: "Timeout Issues"));
        Assert.Contains("◀ expected", failure.Message);
        Assert.Contains("◀ actual", failure.Message);
    }
}
