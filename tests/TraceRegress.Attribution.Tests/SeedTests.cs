namespace TraceRegress.AttributionTests;

public class SeedTests
{
    [Fact]
    public void The_seed_gen_ai_span_is_cited_for_the_error_in_its_tool_message_despite_status_OK()
    {
        var trace = Fixture.Load("seed", "seed-gen-ai-chat.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("gen_ai.chat", a.Cited!.Path);
        Assert.Equal("3a5f8c2d9b1e4f7a", a.Cited.SpanId);
        Assert.Equal("Service Errors", a.Category!.L4);
        Assert.Equal("environment", a.Category.L1);
        var e = Assert.Single(a.Evidence);
        Assert.Equal("events[0] gen_ai.event.content $.error", e.Source);
        Assert.Equal("index out of range", e.Quote);
        Assert.Equal(["3a5f8c2d9b1e4f7a"], a.Chain);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void The_five_hop_tree_cites_the_llm_completion_that_invented_the_facts_not_format_output()
    {
        var trace = Fixture.Load("seed", "five-hop.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("orchestrator.plan/synthesize.results/llm.completion", a.Cited!.Path);
        Assert.Equal("Language-only hallucination", a.Category!.L4);
        Assert.Equal("unsupported-fact", a.Detector);
        Assert.Equal(["1987", "12,400"], a.Evidence.Select(e => e.Quote));
        Assert.All(a.Evidence, e => Assert.Equal("attributes[\"gen_ai.output.messages\"] $[0].parts[0]", e.Source));
        // Cause first, then where it surfaced: format.output carries the invented figures on.
        Assert.Equal(["0000000000000005", "0000000000000006"], a.Chain);
        Assert.Empty(a.OtherFindings);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void The_seed_http_span_with_status_200_has_no_failure_when_marked_as_a_passing_run()
    {
        var a = AttributionEngine.Default.Attribute(Fixture.Load("seed", "seed-api-search.json"), Fixture.Passing);
        Assert.False(a.FailureFound);
        Assert.Null(a.Category);
        Assert.Empty(a.Chain);
        Assert.Null(a.Basis);
        // The reader's warning travels with the attribution: the span names a parent the file does not hold.
        Assert.Contains(a.Warnings, w => w.Contains("which is not in the trace", StringComparison.Ordinal));
    }
}
