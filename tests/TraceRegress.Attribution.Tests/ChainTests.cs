using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>Traces whose symptom is far from the cause, and traces with several competing findings.</summary>
public class ChainTests
{
    [Fact]
    public void A_rate_limit_in_a_tool_is_cited_though_the_symptom_is_a_final_answer_saying_no_data()
    {
        var trace = Fixture.Load("chains", "rate-limit-no-data.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("invoke_agent sales-analyst/execute_tool fetch_sales", a.Cited!.Path);
        Assert.Equal("Rate Limiting", a.Category!.L4);
        // The 429 is quoted from the HTTP request the tool made; the tool call is the step that failed.
        Assert.Equal(new Evidence(trace.Select("execute_tool fetch_sales/GET").SpanId, "attributes[\"http.response.status_code\"]", "429"), Assert.Single(a.Evidence));
        // From the tool call to the answer that passed the error off as "no data".
        Assert.Equal([a.Cited.SpanId, trace.Select("chat gpt-4o[2]").SpanId], a.Chain);
        Assert.Contains(a.OtherFindings, f => f.Detector == "error-ignored" && f.Span.Path == "invoke_agent sales-analyst/chat gpt-4o[2]" && f.Category.L4 == "Tool Output Misinterpretation");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void A_retry_loop_on_a_rate_limited_tool_is_blamed_on_the_first_rate_limit_not_the_loop()
    {
        var trace = Fixture.Load("chains", "rate-limit-retry-loop.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("invoke_agent sales-analyst/execute_tool fetch_sales[1]", a.Cited!.Path);
        Assert.Equal("Rate Limiting", a.Category!.L4);
        Assert.Contains(a.OtherFindings, f => f.Category.L4 == "Resource Abuse" && f.Span.Path == "invoke_agent sales-analyst/chat gpt-4o[3]");
        Assert.Contains(a.OtherFindings, f => f.Category.L4 == "Tool Output Misinterpretation");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void An_error_the_agent_recovered_from_loses_to_the_invented_answer()
    {
        var trace = Fixture.Load("chains", "recovered-then-hallucinated.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("invoke_agent docs-assistant/chat claude-sonnet-4-6[3]", a.Cited!.Path);
        Assert.Equal("Language-only hallucination", a.Category!.L4);
        Assert.Equal("600", Assert.Single(a.Evidence).Quote);
        var recovered = Assert.Single(a.OtherFindings, f => f.Category.L4 == "Resource Not Found");
        Assert.Equal("invoke_agent docs-assistant/execute_tool get_page[1]", recovered.Span.Path);
        Assert.True(recovered.Confidence < 0.5);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Findings_come_out_in_causal_order()
    {
        var trace = Fixture.Load("chains", "rate-limit-retry-loop.json");
        var findings = AttributionEngine.Default.Detect(trace);
        var ranks = findings.Select(f => trace.Spans.Select(s => s.Path).ToList().IndexOf(f.Span.Path)).ToList();
        Assert.Equal("invoke_agent sales-analyst/execute_tool fetch_sales[1]", findings[0].Span.Path);
        Assert.Equal("invoke_agent sales-analyst/chat gpt-4o[4]", findings[^1].Span.Path);
        Assert.Equal(ranks.Count, ranks.Distinct().Count() + findings.Count - findings.Select(f => f.Span.Path).Distinct().Count());
    }
}
