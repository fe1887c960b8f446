using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Failures no error signal shows: invented facts, multi-agent mistakes, wrong final answers. Every trace here has
/// status OK on every span; what went wrong is in the content.
/// </summary>
public class ContentAttributionTests
{
    private static Attribution Attribute(AgentTrace trace, string? expected = null) =>
        AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = expected });

    [Theory]
    [InlineData("five-hop-revenue.flat.json")]
    [InlineData("five-hop-revenue.otlp-js.json")]
    [InlineData("five-hop-revenue.otlp-dotnet.json")]
    [InlineData("five-hop-revenue.openinference.json")]
    [InlineData("five-hop-revenue.langfuse.json")]
    public void The_five_hop_case_cites_the_completion_that_wrote_a_figure_the_search_never_returned_in_every_format(string file)
    {
        var trace = Fixture.Load("grounding", file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("orchestrator.plan/synthesize.results/llm.completion", a.Cited!.Path);
        Assert.Equal("Language-only hallucination", a.Category!.L4);
        Assert.Equal(AttributionBasis.UngroundedContent, a.Basis);
        Assert.Contains(a.Evidence, e => e.Quote == "$4.7 billion" && e.SpanId == a.Cited.SpanId);
        // What the invented figure replaced, quoted from where the model was given it.
        Assert.Contains(a.Evidence, e => e.Quote == "$4.1 billion");
        // Figures the search did return (6%, 18.2%) are not blamed.
        Assert.DoesNotContain(a.Evidence, e => e.Quote is "6%" or "18.2%");
        Assert.Contains("format.output", trace.FindById(a.Chain[^1])!.Path, StringComparison.Ordinal);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [InlineData("computed-numbers.json")]
    [InlineData("paraphrased-facts.json")]
    public void Computed_and_paraphrased_figures_are_grounded(string file)
    {
        // $2.7 million = $1.2 million + $1.5 million; 25% growth; 7.72 lb = 3.5 kg; $4.7 billion = 4,700,000,000 USD;
        // 737,015 = 737015; March 14, 2019 = 2019-03-14.
        var findings = AttributionEngine.Default.Detect(Fixture.Load("grounding", file));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Span.Name.StartsWith("chat", StringComparison.Ordinal) && f.Evidence.Any(e => e.Quote is "$2.7 million" or "25%" or "7.72 lb" or "$4.7 billion" or "737,015" or "March 14, 2019"));
        var a = AttributionEngine.Default.Attribute(Fixture.Load("grounding", file));
        Assert.Equal(AttributionBasis.Inference, a.Basis);
    }

    [Fact]
    public void A_total_of_three_amounts_in_one_tool_result_is_grounded()
    {
        // $24.75 = $12.50 + $8.00 + $4.25, three prices of one cart.
        var findings = AttributionEngine.Default.Detect(Fixture.Load("grounding", "cart-total.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1532")]
    public void A_group_chat_expert_who_invents_the_figure_after_the_file_is_missing_is_cited_in_both_modes(string? expected)
    {
        var trace = Fixture.Load("multiagent", "groupchat-invented-figure.json");
        var a = Attribute(trace, expected);

        Assert.Equal("invoke_agent chat_manager/invoke_agent Verification_Expert[1]", a.Cited!.Path);
        Assert.Equal("Verification_Expert", a.Cited.Agent);
        Assert.Equal("Language-only hallucination", a.Category!.L4);
        Assert.Contains(a.Evidence, e => e.Quote == "1,284");
        // The missing file was a code-execution error, but a later run succeeded: it lost.
        Assert.Contains(a.OtherFindings, f => f.Detector == "code-execution-error" && f.Confidence < 0.5);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Without_an_expected_answer_the_wrong_computation_is_traced_to_the_code_that_printed_it()
    {
        var trace = Fixture.Load("multiagent", "groupchat-wrong-computation.json");
        var a = Attribute(trace);

        Assert.Equal("invoke_agent chat_manager/invoke_agent Python_Expert", a.Cited!.Path);
        Assert.Equal("Python_Expert", a.Cited.Agent);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void With_an_expected_answer_the_wrong_value_is_traced_to_the_step_where_it_entered()
    {
        var trace = Fixture.Load("multiagent", "groupchat-wrong-computation.json");
        var a = Attribute(trace, "61.9");

        Assert.Equal("invoke_agent chat_manager/invoke_agent Python_Expert", a.Cited!.Path);
        Assert.Equal(AttributionBasis.ExpectedAnswer, a.Basis);
        Assert.Contains("61.9", a.Summary, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == "74.3");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void With_an_expected_answer_the_step_that_lost_the_right_value_is_cited_quoting_both()
    {
        var trace = Fixture.Load("multiagent", "groupchat-right-value-lost.json");
        var a = Attribute(trace, "736455");

        Assert.Equal("invoke_agent chat_manager/invoke_agent Verification_Expert", a.Cited!.Path);
        Assert.Equal(AttributionBasis.ExpectedAnswer, a.Basis);
        Assert.Contains(a.Evidence, e => e.Quote == "736455" && trace.FindById(e.SpanId)!.Path.EndsWith("Computer_terminal", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "736,445" && e.SpanId == a.Cited.SpanId);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void An_expected_answer_the_final_output_gives_adds_nothing()
    {
        var trace = Fixture.Load("multiagent", "groupchat-right-value-lost.json");
        var a = Attribute(trace, "736,445");
        Assert.NotEqual(AttributionBasis.ExpectedAnswer, a.Basis);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Albina Library, 1912")]
    public void An_orchestrator_ledger_saying_no_progress_cites_the_worker_turn_it_judged_not_the_ledger(string? expected)
    {
        var trace = Fixture.Load("multiagent", "orchestrator-stalled-surfer.json");
        var a = Attribute(trace, expected);

        Assert.Equal("invoke_agent Orchestrator/invoke_agent WebSurfer[2]", a.Cited!.Path);
        Assert.Equal("WebSurfer", a.Cited.Agent);
        Assert.Equal("orchestrator-progress", a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote.Contains("\"answer\": false", StringComparison.Ordinal) || e.Quote.Contains("is_progress_being_made", StringComparison.Ordinal));
        Assert.Contains(a.OtherFindings, f => f.Detector == "repeated-agent-action" && f.Span.Agent == "WebSurfer");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void A_query_rewrite_that_drops_the_users_constraints_is_cited_not_the_answer_that_found_nothing()
    {
        var trace = Fixture.Load("causes", "rag-rewrite-drops-constraints.json");
        var a = Attribute(trace);

        Assert.Equal("travel-rag/rewrite_query", a.Cited!.Path);
        Assert.Equal("Poor Information Retrieval", a.Category!.L4);
        Assert.Contains("2026", a.Summary, StringComparison.Ordinal);
        Assert.Contains("€180", a.Summary, StringComparison.Ordinal);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Malformed_arguments_recorded_only_on_the_tool_span_are_blamed_on_the_model_call_that_wrote_them()
    {
        var trace = Fixture.Load("causes", "malformed-arguments-tool-only.json");
        var a = Attribute(trace);

        Assert.Equal("invoke_agent helpdesk/chat gpt-4o[1]", a.Cited!.Path);
        Assert.Equal("Formatting Errors", a.Category!.L4);
        Assert.Contains(a.OtherFindings, f => f.Span.Path == "invoke_agent helpdesk/execute_tool create_ticket" && f.Category.L4 == "Service Errors");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void A_completion_cut_at_max_tokens_is_cited_before_the_parser_that_failed_on_it()
    {
        var trace = Fixture.Load("causes", "truncated-then-parse-failure.json");
        var a = Attribute(trace);

        Assert.Equal("plan_trip/chat gpt-4o-mini", a.Cited!.Path);
        Assert.Equal("Resource Exhaustion", a.Category!.L4);
        Assert.Contains(a.OtherFindings, f => f.Span.Path == "plan_trip/parse_itinerary");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Tool_spans_without_recorded_arguments_are_never_identical_calls()
    {
        var findings = AttributionEngine.Default.Detect(Fixture.Load("causes", "code-tool-without-arguments.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "repeated-tool-call");
    }

    [Fact]
    public void Every_agent_turn_carries_its_agent_and_a_span_outside_any_agent_carries_none()
    {
        var a = Attribute(Fixture.Load("grounding", "five-hop-revenue.flat.json"));
        Assert.Null(a.Cited!.Agent);
        Assert.Contains("\"agent\": null", a.ToJson(), StringComparison.Ordinal);

        var chat = Attribute(Fixture.Load("causes", "malformed-arguments-tool-only.json"));
        // The chat span has no gen_ai.agent.name of its own: its invoke_agent parent's is reported.
        Assert.Equal("helpdesk", chat.Cited!.Agent);
    }

    [Fact]
    public void The_same_request_gives_the_same_attribution_byte_for_byte()
    {
        var trace = Fixture.Load("multiagent", "orchestrator-stalled-surfer.json");
        var request = new AttributionRequest { ExpectedAnswer = "Albina Library, 1912" };
        Assert.Equal(AttributionEngine.Default.Attribute(trace, request).ToJson(), AttributionEngine.Default.Attribute(Fixture.Load("multiagent", "orchestrator-stalled-surfer.json"), request).ToJson());
    }

    [Fact]
    public void An_engine_that_knows_nothing_of_requests_still_compiles_and_attributes_the_trace_alone()
    {
        IAttributionEngine engine = new TraceOnlyEngine();
        var trace = Fixture.Load("grounding", "five-hop-revenue.flat.json");
        Assert.Equal("only the trace", engine.Attribute(trace, new AttributionRequest { ExpectedAnswer = "$4.1 billion" }).Summary);
    }

    private sealed class TraceOnlyEngine : IAttributionEngine
    {
        public Attribution Attribute(AgentTrace trace) => new(trace.TraceId, null, null, [], [], 0, "only the trace");
    }
}
