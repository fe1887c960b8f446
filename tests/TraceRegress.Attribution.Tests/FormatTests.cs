using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// The detectors read the canonical model, so they work on every format: OpenInference, LangSmith and Langfuse
/// exports, and flat spans with conventions beyond gen-ai (gRPC status, finish reasons against the context window).
/// </summary>
public class FormatTests
{
    [Theory]
    [InlineData("formats", "openinference-tool-403.json", "crm-agent/search_deals", "Authentication Errors", "http-status", "403")]
    [InlineData("formats", "langsmith-react-rate-limit-as-output.json", "news-agent/news_search", "Rate Limiting", "http-status", "429 Too Many Requests")]
    [InlineData("formats", "langfuse-command-not-found.json", "release-notes-agent/release-notes-agent/run_shell", "Environment Setup Errors", "environment-setup", "/bin/sh: 1: jq: command not found")]
    [InlineData("detectors", "finish-length-context-full.json", "invoke_agent contract-reviewer/chat gpt-4", "Context Handling Failures", "output-token-limit", "7934")]
    [InlineData("detectors", "grpc-not-found-status-unset.json", @"invoke_agent stock-assistant/execute_tool get_stock", "Resource Not Found", "grpc-status", "5")]
    public void Failures_under_status_OK_are_found_in_every_format(string folder, string file, string path, string l4, string detector, string quote)
    {
        var trace = Fixture.Load(folder, file);
        Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal(path, a.Cited!.Path);
        Assert.Equal(l4, a.Category!.L4);
        Assert.Equal(detector, a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith(quote, StringComparison.Ordinal));
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [InlineData("openinference-tool-403.json", "crm-agent/ChatCompletion[2]")]
    [InlineData("langfuse-command-not-found.json", "release-notes-agent/release-notes-agent/answer")]
    public void The_chain_runs_from_the_failed_tool_to_the_answer_that_passed_it_off_as_data(string file, string answer)
    {
        var trace = Fixture.Load("formats", file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal([a.Cited!.SpanId, trace.Select(answer).SpanId], a.Chain);
        var misread = Assert.Single(a.OtherFindings, f => f.Category.L4 == "Tool Output Misinterpretation");
        Assert.Equal(answer, misread.Span.Path);
    }

    [Fact]
    public void A_ReAct_observation_with_no_tool_call_id_still_leads_from_the_tool_to_the_next_model_call()
    {
        // LangChain's ReAct agents hand the tool's output to the next prompt as text: no ids link them.
        var trace = Fixture.Load("formats", "langsmith-react-rate-limit-as-output.json");
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal([a.Cited!.SpanId, trace.Select("OpenAI[2]").SpanId], a.Chain);
    }

    [Fact]
    public void Finish_reason_length_with_room_left_in_the_window_is_resource_exhaustion_not_context()
    {
        var a = Fixture.Attribute("detectors", "finish-length.json");
        Assert.Equal("Resource Exhaustion", a.Category!.L4);
        var roomy = new AttributionOptions();
        roomy.ContextWindows["gpt-4"] = 32_768;
        Assert.Equal("Resource Exhaustion", new AttributionEngine(roomy).Attribute(Fixture.Load("detectors", "finish-length-context-full.json")).Category!.L4);
    }

    [Theory]
    [InlineData(8, "Rate Limiting")]
    [InlineData(16, "Authentication Errors")]
    [InlineData(7, "Authentication Errors")]
    [InlineData(5, "Resource Not Found")]
    [InlineData(4, "Timeout Issues")]
    [InlineData(14, "Service Errors")]
    [InlineData(13, "Service Errors")]
    [InlineData(0, null)]
    [InlineData(3, null)]
    public void Grpc_status_codes_map_to_leaves(int code, string? l4) =>
        Assert.Equal(l4, Engine.Detectors.GrpcStatusDetector.Leaf(code));
}
