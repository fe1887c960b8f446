using TraceRegress.Approval;
using TraceRegress.Model;

namespace TraceRegress.Tests.Approval;

public class AttributionComparisonTests
{
    private static readonly AgentTrace Checkout = Fixture.Load("approval", "inventory-timeout.json");
    private static readonly AgentTrace Billing = Fixture.Load("approval", "rate-limited.json");
    private static readonly StatusCodeEngine Engine = new();

    [Fact]
    public void The_leaf_alone_decides_when_the_expectation_gives_it()
    {
        // A remapped taxonomy may move the leaf to another family: the leaf still matches.
        var expected = Expect("checkout-agent.run/execute_tool inventory.lookup", CategoryExpectation.OfLevels("agent", "Other", "Other", "Timeout Issues"));
        Assert.True(Compare(Checkout, expected).Matches);
    }

    [Fact]
    public void A_different_leaf_is_a_difference()
    {
        var comparison = Compare(Checkout, Expect("execute_tool inventory.lookup", CategoryExpectation.OfLevels(null, null, null, "Rate Limiting")));
        Assert.False(comparison.Matches);
        Assert.Equal("category: expected Rate Limiting (l4), actual environment › System Execution Errors › Resource Management › Timeout Issues", Assert.Single(comparison.Differences));
    }

    [Theory]
    [InlineData("checkout-agent.run/execute_tool inventory.lookup")]
    [InlineData("execute_tool inventory.lookup")]
    [InlineData("id:a100000000000003")]
    [InlineData("id:A100000000000003")]
    public void Selectors_name_the_span_by_path_suffix_or_id(string selector) =>
        Assert.True(Compare(Checkout, Expect(selector, CategoryExpectation.OfName("Timeout Issues"))).Matches);

    [Fact]
    public void An_id_selector_fails_for_a_span_with_the_same_name_but_another_id()
    {
        var comparison = Compare(Billing, Expect("id:c300000000000003", CategoryExpectation.OfName("Rate Limiting")));
        Assert.Equal("span: expected billing-agent.run/gen_ai.chat[2] (id c300000000000003), actual billing-agent.run/gen_ai.chat[1] (id c300000000000002)",
            Assert.Single(comparison.Differences));
        Assert.Same(Billing.FindById("c300000000000003"), comparison.ExpectedSpan);
        Assert.Same(Billing.FindById("c300000000000002"), comparison.ActualSpan);
    }

    [Fact]
    public void Span_ids_are_not_compared_unless_pinned()
    {
        // A re-recorded trace gets new ids: the path still matches.
        var attribution = Engine.Attribute(Checkout);
        var rerecorded = new Attribution(attribution.TraceId, attribution.Cited! with { SpanId = "0123456789abcdef" }, attribution.Category,
            attribution.Evidence, attribution.Chain, attribution.Confidence, attribution.Summary);
        Assert.True(AttributionComparison.Compare(Checkout, rerecorded, Expect("checkout-agent.run/execute_tool inventory.lookup", CategoryExpectation.OfName("Timeout Issues"))).Matches);
    }

    [Fact]
    public void Ambiguous_and_unknown_selectors_are_differences_not_exceptions()
    {
        var ambiguous = Compare(Billing, Expect("gen_ai.chat", CategoryExpectation.OfName("Rate Limiting")));
        Assert.Contains("is ambiguous: it matches 2 spans", ambiguous.SelectorProblem);
        Assert.False(ambiguous.Matches);

        var unknown = Compare(Billing, Expect("payment.charge", CategoryExpectation.OfName("Rate Limiting")));
        Assert.Equal("'payment.charge' matches no span in this trace", unknown.SelectorProblem);

        var invalid = Compare(Billing, Expect("a//b", CategoryExpectation.OfName("Rate Limiting")));
        Assert.StartsWith("'a//b' is not a valid span selector", invalid.SelectorProblem);
    }

    [Theory]
    [InlineData("Rate Limiting", true)]
    [InlineData("API Issues", true)]
    [InlineData("System Execution Errors", true)]
    [InlineData("environment", true)]
    [InlineData("agent", false)]
    [InlineData("Rate", false)]
    public void A_category_name_matches_any_level_exactly(string name, bool matches) =>
        Assert.Equal(matches, Compare(Billing, Expect("id:c300000000000002", CategoryExpectation.OfName(name))).Matches);

    [Fact]
    public void Evidence_text_must_appear_in_a_quote_when_asked()
    {
        Assert.True(Compare(Billing, Expect("id:c300000000000002", CategoryExpectation.OfName("Rate Limiting"), "tokens per min")).Matches);
        var comparison = Compare(Billing, Expect("id:c300000000000002", CategoryExpectation.OfName("Rate Limiting"), "quota"));
        Assert.Equal("evidence: expected a quote containing \"quota\", but no quote contains it", Assert.Single(comparison.Differences));
    }

    [Fact]
    public void No_failure_expected_and_none_found_matches()
    {
        var clean = Fixture.Load("flat", "five-hop.json");
        Assert.True(Compare(clean, AttributionExpectation.NoFailure).Matches);
        Assert.StartsWith("expected no failure, but the engine cites", Assert.Single(Compare(Checkout, AttributionExpectation.NoFailure).Differences));
        Assert.StartsWith("expected a failure at a/b, but the engine found no failure",
            Assert.Single(Compare(clean, Expect("a/b", CategoryExpectation.OfName("x"))).Differences));
    }

    [Fact]
    public void The_message_sets_expected_and_actual_side_by_side_and_marks_both_in_the_tree()
    {
        var comparison = Compare(Billing, Expect("billing-agent.run/gen_ai.chat[2]", CategoryExpectation.OfLevels("environment", "System Execution Errors", "API Issues", "Service Errors")));

        var message = AttributionMessage.Describe("rate-limited.json: the attribution does not match.", comparison);

        Assert.Equal(
            """
            rate-limited.json: the attribution does not match.

              expected span:      billing-agent.run/gen_ai.chat[2] (id c300000000000003)
              actual span:        billing-agent.run/gen_ai.chat[1] (id c300000000000002)
              expected category:  Service Errors (l4)
              actual category:    environment › System Execution Errors › API Issues › Rate Limiting

            Differences:
              - span: expected billing-agent.run/gen_ai.chat[2] (id c300000000000003), actual billing-agent.run/gen_ai.chat[1] (id c300000000000002)
              - category: expected Service Errors (l4), actual environment › System Execution Errors › API Issues › Rate Limiting

            Span tree (◀ marks the expected and the actual span):
            billing-agent.run [c300000000000001]  2.60 s  ERROR "upstream model call failed"
            ├─ gen_ai.chat[1] [c300000000000002]  180 ms  ERROR "429 Too Many Requests: rate limit reached for gpt-4o in organization org-7f3 on…"  ◀ actual
            └─ gen_ai.chat[2] [c300000000000003]  160 ms  ERROR "429 Too Many Requests"  ◀ expected

            Evidence (shown, not compared):
              - billing-agent.run/gen_ai.chat[1] attributes["http.response.status_code"]: "429"
              - billing-agent.run/gen_ai.chat[1] status.message: "429 Too Many Requests: rate limit reached for gpt-4o in organization org-7f3 on tokens per min"
              - billing-agent.run/gen_ai.chat[1] attributes["error.type"]: "rate_limit_exceeded"
            Summary: gen_ai.chat failed: Rate Limiting
            Confidence: 0.80  Detector: status-code

            """.ReplaceLineEndings("\n"),
            message);
    }

    private static AttributionExpectation Expect(string span, CategoryExpectation category, string? evidence = null) => new(span, category, evidence);

    private static AttributionComparison Compare(AgentTrace trace, AttributionExpectation expected) =>
        AttributionComparison.Compare(trace, Engine.Attribute(trace), expected);
}
