using NUnit.Framework;

namespace TraceRegress.NUnit.Tests;

// Assert here is the project-wide alias for TraceRegress.NUnit.Assert: NUnit's asserts plus Attributes.
public class AssertAttributesTests
{
    private static string TracePath(string relative) => Path.Combine(AppContext.BaseDirectory, "traces", relative);

    private static readonly AgentTrace Checkout = AgentTrace.Load(TracePath("checkout/inventory-timeout.json"));

    [Test]
    public void Passes_beside_assert_that_when_span_and_leaf_category_match()
    {
        Assert.Attributes(Checkout, span: "checkout-agent.run/execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.That(Checkout.TraceId, Is.EqualTo("5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b"));
        Assert.That(Checkout.Spans, Has.Count.EqualTo(4));
    }

    [TestCase("Resource Management")]
    [TestCase("System Execution Errors")]
    [TestCase("environment")]
    public void The_category_may_name_any_level(string category) =>
        Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: category);

    [Test]
    public void A_path_loads_the_trace_and_an_id_selector_pins_the_span()
    {
        Assert.Attributes(TracePath("checkout/inventory-timeout.json"), "execute_tool inventory.lookup", "Timeout Issues", evidence: "30000 ms");
        Assert.Attributes(TracePath("billing/rate-limited.json"), "id:c300000000000002", "Rate Limiting");
    }

    [Test]
    public void A_wrong_span_fails_with_nunits_assertion_and_expected_and_actual_side_by_side()
    {
        var failure = Assert.Throws<AssertionException>(() =>
            Assert.Attributes(Checkout, span: "checkout-agent.run/gen_ai.chat[2]", category: "Timeout Issues"));

        Assert.That(failure!.Message, Does.Contain("Assert.Attributes() failed for trace 5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b"));
        Assert.That(failure.Message, Does.Contain("expected span:      checkout-agent.run/gen_ai.chat[2] (id a100000000000004)"));
        Assert.That(failure.Message, Does.Contain("actual span:        checkout-agent.run/execute_tool inventory.lookup (id a100000000000003)"));
        Assert.That(failure.Message, Does.Contain("gen_ai.chat[2] [a100000000000004]  2.20 s  OK  ◀ expected"));
        Assert.That(failure.Message, Does.Contain("◀ actual"));
    }

    [Test]
    public void A_wrong_category_fails_naming_expected_and_actual_category()
    {
        var failure = Assert.Throws<AssertionException>(() =>
            Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Rate Limiting"));

        Assert.That(failure!.Message, Does.Contain("expected category:  \"Rate Limiting\" at any level"));
        Assert.That(failure.Message, Does.Contain("actual category:    environment › System Execution Errors › Resource Management › Timeout Issues"));
    }

    [Test]
    public void Missing_evidence_fails()
    {
        var failure = Assert.Throws<AssertionException>(() =>
            Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Timeout Issues", evidence: "no such words"));

        Assert.That(failure!.Message, Does.Contain("no such words"));
    }

    [Test]
    public void Inside_assert_multiple_every_failure_is_reported()
    {
        var failure = Assert.Throws<MultipleAssertException>(() =>
            Assert.Multiple(() =>
            {
                Assert.Attributes(Checkout, span: "gen_ai.chat[1]", category: "Timeout Issues");
                Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Rate Limiting");
            }));

        Assert.That(failure!.Message, Does.Contain("gen_ai.chat[1]").And.Contain("Rate Limiting"));
    }

    [Test]
    public void Against_the_verified_file_beside_the_trace()
    {
        Assert.Attributes(TracePath("checkout/inventory-timeout.json"));
        Assert.Attributes(AgentTrace.Load(TracePath("search/docs-not-found.json")));
    }
}
