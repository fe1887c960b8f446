using TraceRegress.Model;

namespace TraceRegress.Xunit.Tests;

// Assert here is the project-wide alias for TraceRegress.Xunit.Assert: Xunit's asserts plus Attributes.
public class AssertAttributesTests
{
    private static string TracePath(string relative) => Path.Combine(AppContext.BaseDirectory, "traces", relative);

    private static readonly AgentTrace Checkout = AgentTrace.Load(TracePath("checkout/inventory-timeout.json"));

    [Fact]
    public void Passes_when_the_cited_span_and_leaf_category_match()
    {
        Assert.Attributes(Checkout, span: "checkout-agent.run/execute_tool inventory.lookup", category: "Timeout Issues");
        Assert.Equal("5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b", Checkout.TraceId);
    }

    [Theory]
    [InlineData("Resource Management")]
    [InlineData("System Execution Errors")]
    [InlineData("environment")]
    [InlineData("timeout issues")]
    public void The_category_may_name_any_level(string category) =>
        Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: category);

    [Fact]
    public void A_path_loads_the_trace_and_evidence_must_appear_in_a_quote() =>
        Assert.Attributes(TracePath("checkout/inventory-timeout.json"), "execute_tool inventory.lookup", "Timeout Issues", evidence: "30000 ms");

    [Fact]
    public void An_id_selector_pins_the_span() =>
        Assert.Attributes(TracePath("billing/rate-limited.json"), "id:c300000000000002", "Rate Limiting");

    [Fact]
    public void A_wrong_span_fails_with_expected_and_actual_side_by_side_and_the_tree_marked()
    {
        var failure = Assert.Throws<AttributionException>(() =>
            Assert.Attributes(Checkout, span: "checkout-agent.run/gen_ai.chat[2]", category: "Timeout Issues"));

        var message = failure.Message;
        Assert.Contains("Assert.Attributes() failed for trace 5c1e7a90b2d44f3e8a6b0c9d1e2f3a4b", message);
        Assert.Contains("expected span:      checkout-agent.run/gen_ai.chat[2] (id a100000000000004)", message);
        Assert.Contains("actual span:        checkout-agent.run/execute_tool inventory.lookup (id a100000000000003)", message);
        Assert.Contains("gen_ai.chat[2] [a100000000000004]  2.20 s  OK  ◀ expected", message);
        Assert.Contains("execute_tool inventory.lookup [a100000000000003]  30.01 s  ERROR \"deadline exceeded after 30000 ms\"  ◀ actual", message);
        Assert.Contains("status.message: \"deadline exceeded after 30000 ms\"", message);
        Assert.DoesNotContain("category:", message.Split("Differences:")[1].Split("Span tree")[0]);
    }

    [Fact]
    public void A_wrong_category_fails_naming_expected_and_actual_category()
    {
        var failure = Assert.Throws<AttributionException>(() =>
            Assert.Attributes(Checkout, span: "execute_tool inventory.lookup", category: "Rate Limiting"));

        Assert.Contains("expected category:  \"Rate Limiting\" at any level", failure.Message);
        Assert.Contains("actual category:    environment › System Execution Errors › Resource Management › Timeout Issues", failure.Message);
        Assert.Contains("execute_tool inventory.lookup [a100000000000003]  30.01 s  ERROR \"deadline exceeded after 30000 ms\"  ◀ expected, actual", failure.Message);
    }

    [Fact]
    public void Evidence_that_no_quote_contains_fails()
    {
        var failure = Assert.Throws<AttributionException>(() =>
            Assert.Attributes(Checkout, "execute_tool inventory.lookup", "Timeout Issues", evidence: "connection refused"));

        Assert.Contains("expected evidence:  a quote containing \"connection refused\"", failure.Message);
        Assert.Contains("evidence: expected a quote containing \"connection refused\", but no quote contains it", failure.Message);
    }

    [Fact]
    public void A_selector_matching_no_span_or_several_says_so()
    {
        var none = Assert.Throws<AttributionException>(() => Assert.Attributes(Checkout, "payment.charge", "Timeout Issues"));
        Assert.Contains("'payment.charge' matches no span in this trace", none.Message);

        var several = Assert.Throws<AttributionException>(() => Assert.Attributes(Checkout, "gen_ai.chat", "Timeout Issues"));
        Assert.Contains("'gen_ai.chat' is ambiguous: it matches 2 spans", several.Message);
    }

    [Fact]
    public void A_trace_without_failure_fails_an_expectation_of_one()
    {
        var failure = Assert.Throws<AttributionException>(() =>
            Assert.Attributes(TracePath("research/five-hop.json"), "synthesize.results/llm.completion", "Tool Output Misinterpretation"));

        Assert.Contains("actual span:        none (no failure found)", failure.Message);
        Assert.Contains("but the engine found no failure", failure.Message);
    }

    [Fact]
    public void The_failure_is_an_xunit_assertion_failure() =>
        Assert.IsAssignableFrom<global::Xunit.Sdk.XunitException>(
            Record.Exception(() => Assert.Attributes(Checkout, "gen_ai.chat[1]", "Timeout Issues")));

    [Fact]
    public void Framework_asserts_still_work_beside_Attributes()
    {
        Assert.Equal(4, Checkout.Spans.Count);
        Assert.True(Checkout.Spans.Count > 0);
        Assert.Contains(Checkout.Spans, s => s.Name == "execute_tool inventory.lookup");
        Assert.Throws<ArgumentException>(() => Assert.Attributes(Checkout, span: " ", category: "Timeout Issues"));
        Assert.Attributes(Checkout, "execute_tool inventory.lookup", "Timeout Issues");
    }

    [Fact]
    public void A_trace_checks_against_its_verified_file() =>
        Assert.Attributes(AgentTrace.Load(TracePath("checkout/inventory-timeout.json")));
}
