using TraceRegress.Judge.Prompt;

namespace TraceRegress.Judge.Tests;

public sealed class PromptTests
{
    [Fact]
    public void The_prompt_holds_the_tree_the_content_the_hints_the_taxonomy_and_the_answer_shape()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.WrongPolicy));
        var rules = AttributionEngine.Default.Attribute(trace);

        var request = JudgePrompt.Build(trace, rules, Taxonomy.Default, JudgeOptions.DefaultTokenBudget);

        foreach (var span in trace.Spans) Assert.Contains($"[{span.SpanId}] {span.Name}", request.User);
        // Content is shown JSON-escaped, so a quote copied from it decodes to the span's own text.
        Assert.Contains("US stores: items can be returned within 30 days of delivery with the receipt.", request.User);
        Assert.Contains("I bought a coffee grinder from your Berlin store 20 days ago.", request.User);
        Assert.Contains($"[{rules.Cited!.SpanId}] {rules.Cited.Path}: {rules.Category!.L4} ({rules.Detector}", request.User);
        foreach (var leaf in Taxonomy.Default.Categories) Assert.Contains($"- {leaf.L4}: {leaf.L1} › {leaf.L2} › {leaf.L3}", request.System);
        Assert.Contains("\"spanId\"", request.System);
        Assert.Contains("verbatim", request.System);
        Assert.Contains("all shown", request.User);
    }

    [Fact]
    public void A_10000_span_trace_stays_within_the_budget_and_keeps_the_failed_span_the_task_and_the_shape_of_what_was_left_out()
    {
        var trace = AgentTrace.Parse(LongTraceWriter.Write(steps: 100, spansPerStep: 100), "long-run.json");
        Assert.True(trace.Spans.Count >= 10_000, $"{trace.Spans.Count} spans");
        var rules = AttributionEngine.Default.Attribute(trace);

        foreach (var budget in new[] { JudgeOptions.DefaultTokenBudget, 6_000 })
        {
            var request = JudgePrompt.Build(trace, rules, Taxonomy.Default, budget);

            Assert.True(request.EstimatedTokens <= budget, $"{request.EstimatedTokens} estimated tokens for a budget of {budget}");
            Assert.Contains($"[{LongTraceWriter.FailedSpanId}] execute_tool order_stock", request.User);
            Assert.Contains(LongTraceWriter.FailedMessage, request.User);
            Assert.Contains(LongTraceWriter.FirstQuestion, request.User);
            Assert.Contains($"[{LongTraceWriter.RootSpanId}] invoke_agent restock-agent", request.User);
            // The failed span's parent step is there, so the judge sees where in the run it sits.
            Assert.Contains("[f000000000007300] plan step", request.User);
            Assert.Matches(@"… \d+ spans not shown \(", request.User);
            Assert.Contains($"Trace {LongTraceWriter.TraceId}: {trace.Spans.Count} spans,", request.User);
        }
    }

    [Fact]
    public void The_prompt_does_not_depend_on_the_order_of_spans_in_the_file()
    {
        var forward = AgentTrace.Parse(LongTraceWriter.Write(steps: 20, spansPerStep: 30), "run.json");
        var backward = AgentTrace.Parse(LongTraceWriter.Write(steps: 20, spansPerStep: 30, reverse: true), "run.json");

        var a = JudgePrompt.Build(forward, AttributionEngine.Default.Attribute(forward), Taxonomy.Default, 3_000);
        var b = JudgePrompt.Build(backward, AttributionEngine.Default.Attribute(backward), Taxonomy.Default, 3_000);

        Assert.Equal(a, b);
    }

    [Fact]
    public void A_budget_too_small_for_the_instructions_is_a_configuration_error()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.WrongPolicy));

        var error = Assert.Throws<JudgeConfigurationException>(() => JudgePrompt.Build(trace, Attribution.NoFailure(trace.TraceId), Taxonomy.Default, 500));

        Assert.Contains("token budget (500)", error.Message);
        Assert.Contains("TokenBudget", error.Message);
    }
}
