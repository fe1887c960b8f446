namespace TraceRegress.MSTest.Tests;

// Assert here is MSTest's own (sealed, so no alias): Attributes comes from the C# 14 extension on it.
[TestClass]
public sealed class AssertAttributesTests
{
    private static string TracePath(string relative) => Path.Combine(AppContext.BaseDirectory, "traces", relative);

    private static readonly AgentTrace Checkout = AgentTrace.Load(TracePath("checkout/inventory-timeout.json"));

    [TestMethod]
    public void Assert_is_msteststs_own_and_attributes_sits_beside_are_equal()
    {
        Assert.AreSame(typeof(Microsoft.VisualStudio.TestTools.UnitTesting.Assert), typeof(Assert));
        Assert.Attributes(Checkout, span: "checkout-agent.run/execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.AreEqual("5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b", Checkout.TraceId);
        Assert.HasCount(4, Checkout.Spans);
    }

    [TestMethod]
    [DataRow("Resource Management")]
    [DataRow("System Execution Errors")]
    [DataRow("environment")]
    [DataRow("timeout issues")]
    public void The_category_may_name_any_level(string category) =>
        Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: category);

    [TestMethod]
    public void A_path_loads_the_trace_and_an_id_selector_pins_the_span()
    {
        Assert.Attributes(TracePath("checkout/inventory-timeout.json"), "execute_tool inventory.lookup", "Timeout Issues", evidence: "30000 ms");
        Assert.Attributes(TracePath("billing/rate-limited.json"), "id:c300000000000002", "Rate Limiting");
    }

    [TestMethod]
    public void A_wrong_span_fails_with_msteststs_assertion_and_expected_and_actual_side_by_side()
    {
        var failure = Assert.ThrowsExactly<AttributionException>(() =>
            Assert.Attributes(Checkout, span: "checkout-agent.run/gen_ai.chat[2]", category: "Timeout Issues"));

        Assert.IsInstanceOfType<AssertFailedException>(failure);
        Assert.Contains("Assert.Attributes() failed for trace 5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b", failure.Message);
        Assert.Contains("expected span:      checkout-agent.run/gen_ai.chat[2] (id a100000000000004)", failure.Message);
        Assert.Contains("actual span:        checkout-agent.run/execute_tool inventory.lookup (id a100000000000003)", failure.Message);
        Assert.Contains("gen_ai.chat[2] [a100000000000004]  2.20 s  OK  ◀ expected", failure.Message);
        Assert.Contains("◀ actual", failure.Message);
    }

    [TestMethod]
    public void A_wrong_category_fails_naming_expected_and_actual_category()
    {
        var failure = Assert.ThrowsExactly<AttributionException>(() =>
            Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Rate Limiting"));

        Assert.Contains("expected category:  \"Rate Limiting\" at any level", failure.Message);
        Assert.Contains("actual category:    environment › System Execution Errors › Resource Management › Timeout Issues", failure.Message);
    }

    [TestMethod]
    public void Missing_evidence_fails() =>
        Assert.Contains("no such words", Assert.ThrowsExactly<AttributionException>(() =>
            Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Timeout Issues", evidence: "no such words")).Message);

    [TestMethod]
    public void Against_the_verified_file_beside_the_trace()
    {
        Assert.Attributes(TracePath("checkout/inventory-timeout.json"));
        Assert.Attributes(AgentTrace.Load(TracePath("search/docs-not-found.json")));
    }

    [TestMethod]
    public void Without_csharp_14_the_same_asserts_are_plain_static_methods()
    {
        TraceAssert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.ThrowsExactly<AttributionException>(() => TraceAssert.Attributes(Checkout, span: "gen_ai.chat[1]", category: "Timeout Issues"));
    }
}
