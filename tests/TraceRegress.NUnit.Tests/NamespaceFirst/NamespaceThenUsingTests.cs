namespace NamespaceFirst.Samples;

// A using inside the namespace hides the project-wide Assert alias: Assert here is NUnit's own, and
// Attributes comes from the C# 14 extension on it.
using NUnit.Framework;

public class NamespaceThenUsingTests
{
    private static readonly string CheckoutPath = Path.Combine(AppContext.BaseDirectory, "traces", "checkout", "inventory-timeout.json");

    [Test]
    public void Assert_is_nunits_own_here()
    {
        var assertInScope = typeof(Assert);
        Assert.That(assertInScope, Is.SameAs(typeof(global::NUnit.Framework.Assert)));
    }

    [Test]
    public void Attributes_resolves_through_the_extension_beside_assert_that()
    {
        var trace = TraceRegress.AgentTrace.Load(CheckoutPath);
        Assert.Attributes(trace, span: "execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.Attributes(CheckoutPath, span: "execute_tool inventory.lookup", category: "Resource Management");
        Assert.Attributes(trace);
        Assert.That(trace.Spans, Has.Count.EqualTo(4));
    }

    [Test]
    public void Attributes_fails_the_same_way_through_the_extension()
    {
        var failure = Assert.Throws<AssertionException>(() =>
            Assert.Attributes(CheckoutPath, span: "gen_ai.chat[1]", category: "Timeout Issues"));
        Assert.That(failure!.Message, Does.Contain("◀ expected"));
    }
}
