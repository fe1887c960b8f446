using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>One realistic trace per detector: the cited path, the leaf, the detector and evidence that really is in the span.</summary>
public class DetectorTests
{
    [Theory]
    [InlineData("tool-error-status-ok.json", "invoke_agent code-review-agent/execute_tool get_file", "Resource Not Found", "tool-error-payload", "Repository acme/widgets not found")]
    [InlineData("result-only-in-next-chat.json", "invoke_agent billing-assistant/execute_tool get_invoice", "Authentication Errors", "tool-error-payload", "401 Unauthorized: the billing API token has expired")]
    [InlineData("http-503-old-attribute.json", "invoke_agent travel-agent/execute_tool geocode", "Service Errors", "http-status", "503")]
    [InlineData("exception-timeout.json", "invoke_agent weather-bot/execute_tool get_forecast", "Timeout Issues", "exception", "HTTPSConnectionPool(host='api.weather.example', port=443): Read timed out. (read timeout=10)")]
    [InlineData("httpclient-timeout-cancelled.json", "invoke_agent inventory-assistant/execute_tool get_stock_level", "Timeout Issues", "timeout", "System.Threading.Tasks.TaskCanceledException")]
    [InlineData("finish-length.json", "chat gpt-4o", "Resource Exhaustion", "output-token-limit", "length")]
    [InlineData("context-window.json", "openai.chat", "Context Handling Failures", "context-window", "9731")]
    [InlineData("malformed-arguments.json", "invoke_agent travel-agent/chat gpt-4o", "Formatting Errors", "malformed-tool-arguments", "{\"from\": \"LHR\", \"to\": \"JFK\", \"date\": }")]
    [InlineData("missing-required-parameter.json", "invoke_agent support-agent/chat gpt-4o[1]", "Formatting Errors", "malformed-tool-arguments", "{\"status\": \"open\"}")]
    [InlineData("undeclared-tool.json", "invoke_agent docs-maintainer/chat gpt-4o", "Tool Selection Errors", "undeclared-tool", "delete_index")]
    [InlineData("repeated-calls.json", "invoke_agent support-agent/chat gpt-4o[2]", "Resource Abuse", "repeated-tool-call", "{\"query\": \"refund policy\", \"limit\": 5}")]
    [InlineData("environment-setup.json", "invoke_agent data-analyst/execute_tool run_python", "Environment Setup Errors", "environment-setup", "ModuleNotFoundError: No module named 'pandas'")]
    [InlineData("tool-related-hallucination.json", "chat gpt-4o", "Tool-related hallucination", "unsupported-fact", "According to the search results, tracelite was first released on 14 March 2019 by Jordan Ames.")]
    [InlineData("json-instruction-ignored.json", "chat gpt-4o-mini", "Instruction Non-compliance", "output-format", "The vendor is Globex GmbH and the total is 1,250.00 EUR.")]
    [InlineData("json-mode-broken.json", "chat gpt-4o-mini", "Formatting Errors", "output-format", "{\"vendor\": \"Globex GmbH\", \"total\": 1250.00, \"currency\": \"EUR\"")]
    public void Each_detector_cites_the_span_and_category_with_evidence_from_the_span(string file, string path, string l4, string detector, string quote)
    {
        var trace = Fixture.Load("detectors", file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.True(a.FailureFound, a.ToJson());
        Assert.Equal(path, a.Cited!.Path);
        Assert.Equal(l4, a.Category!.L4);
        Assert.Equal(detector, a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote == quote);
        Assert.Equal(a.Cited.SpanId, a.Chain[0]);
        Assert.Equal(Taxonomy.Default.Find(l4), a.Category);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void A_request_outside_any_tool_call_keeps_its_own_span_and_one_retried_with_success_inside_the_call_is_not_the_call_s_failure()
    {
        // The 503'd request made by the model call itself (a provider's endpoint), not by the geocode tool.
        var provider = Fixture.Edited("detectors", "http-503-old-attribute.json",
            ("\"parentSpanId\": \"8bd27282c6e48dc0\",\n      \"operationName\": \"HTTP GET\"", "\"parentSpanId\": \"c99f412fd70cae2d\",\n      \"operationName\": \"HTTP GET\""));
        var a = AttributionEngine.Default.Attribute(provider);
        var found = a.OtherFindings.Select(f => (f.Span.Path, f.Category.L4)).Prepend((a.Cited!.Path, a.Category!.L4)).ToList();
        Assert.Contains(("invoke_agent travel-agent/chat gpt-4o[1]/HTTP GET", "Service Errors"), found);
        Assert.DoesNotContain(("invoke_agent travel-agent/chat gpt-4o[1]", "Service Errors"), found);

        // The tool's client asked again and was answered: the 503 stays on the request, demoted, and the call is not cited for it.
        var retried = Fixture.Edited("detectors", "http-503-old-attribute.json",
            ("\"http.status_code\": 503\n      }\n    },",
             "\"http.status_code\": 503\n      }\n    },\n    {\"traceId\": \"ac3bfbb886862625f6e734654d1f4e0e\", \"spanId\": \"6859df96970cf4a7\", \"parentSpanId\": \"8bd27282c6e48dc0\", \"operationName\": \"HTTP GET\", \"startTime\": \"2026-05-19T09:00:01.100Z\", \"duration\": 200, \"status\": {\"code\": \"OK\"}, \"attributes\": {\"http.method\": \"GET\", \"http.url\": \"https://geo.example.net/v1/search?q=Lyon\", \"http.status_code\": 200}},"));
        var r = AttributionEngine.Default.Attribute(retried);
        Assert.False(r.FailureFound && r.Category!.L4 == "Service Errors", r.ToJson());
        Assert.DoesNotContain(r.OtherFindings, f => f.Span.Path == "invoke_agent travel-agent/execute_tool geocode" && f.Category.L4 == "Service Errors");
    }

    [Fact]
    public void A_tool_result_seen_only_in_the_next_chat_is_quoted_from_there_and_blamed_on_the_tool_span()
    {
        var trace = Fixture.Load("detectors", "result-only-in-next-chat.json");
        var a = AttributionEngine.Default.Attribute(trace);

        var e = Assert.Single(a.Evidence);
        Assert.Equal(trace.Select("chat gpt-4o-mini[2]").SpanId, e.SpanId);
        Assert.Equal("attributes[\"gen_ai.input.messages\"] $[3].parts[0].response $.content[0].text", e.Source);
    }

    [Fact]
    public void An_exception_re_raised_by_the_agent_is_cited_where_it_was_first_raised()
    {
        var trace = Fixture.Load("detectors", "exception-timeout.json");
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.Equal("invoke_agent weather-bot/execute_tool get_forecast", a.Cited!.Path);
        Assert.Contains(a.OtherFindings, f => f.Span.Path == "invoke_agent weather-bot" && f.Category.L4 == "Timeout Issues");
        Assert.Equal([a.Cited.SpanId, trace.Select("invoke_agent weather-bot").SpanId], a.Chain);
    }

    [Fact]
    public void A_slow_tool_is_clean_by_default_and_a_timeout_over_its_latency_budget()
    {
        var trace = Fixture.Load("detectors", "latency-budget.json");
        Assert.False(AttributionEngine.Default.Attribute(trace, Fixture.Passing).FailureFound);

        var engine = new AttributionEngine(new AttributionOptions { LatencyBudgets = { ["search_web"] = TimeSpan.FromSeconds(10) } });
        var a = engine.Attribute(trace);
        Assert.Equal("invoke_agent research-agent/execute_tool search_web", a.Cited!.Path);
        Assert.Equal("Timeout Issues", a.Category!.L4);
        Assert.Equal(new Evidence(a.Cited.SpanId, "duration", "45000 ms"), Assert.Single(a.Evidence));
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void Context_windows_are_configurable_per_model()
    {
        var trace = Fixture.Load("detectors", "context-window.json");
        var options = new AttributionOptions();
        options.ContextWindows["gpt-4-0613"] = 32_768;
        Assert.False(new AttributionEngine(options).Attribute(trace, Fixture.Passing).FailureFound);
        Assert.Equal(128_000, options.ContextWindowOf("gpt-4o-2024-08-06"));
        Assert.Equal(200_000, options.ContextWindowOf("us.anthropic.claude-3-5-sonnet-20240620-v1:0"));
        Assert.Equal(8_192, options.ContextWindowOf("gpt-4"));
        Assert.Null(options.ContextWindowOf("my-finetune"));
    }

    [Fact]
    public void The_repetition_threshold_is_configurable()
    {
        var trace = Fixture.Load("detectors", "repeated-calls.json");
        var engine = new AttributionEngine(new AttributionOptions { RepetitionThreshold = 2 });
        Assert.Equal("invoke_agent support-agent/chat gpt-4o[2]", engine.Attribute(trace).Cited!.Path);
        // Cited at the first call that asked again what the first had answered, whatever the threshold.
        Assert.Equal("invoke_agent support-agent/chat gpt-4o[2]", AttributionEngine.Default.Attribute(trace).Cited!.Path);
        Assert.False(new AttributionEngine(new AttributionOptions { RepetitionThreshold = 4 }).Attribute(trace, Fixture.Passing).FailureFound);
    }

    [Fact]
    public void The_error_ignored_detector_finds_an_answer_that_treats_an_error_as_data()
    {
        var trace = Fixture.Load("chains", "rate-limit-no-data.json");
        var onlyThis = new AttributionOptions();
        foreach (var d in AttributionEngine.BuiltInDetectors().Where(d => d.Id != "error-ignored")) onlyThis.DisabledDetectors.Add(d.Id);
        var a = new AttributionEngine(onlyThis).Attribute(trace);

        Assert.Equal("invoke_agent sales-analyst/chat gpt-4o[2]", a.Cited!.Path);
        Assert.Equal("Tool Output Misinterpretation", a.Category!.L4);
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("There is no data for EMEA sales", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "Too Many Requests: rate limit of 10 requests per minute exceeded");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Theory]
    [InlineData(429, "Rate Limiting")]
    [InlineData(401, "Authentication Errors")]
    [InlineData(403, "Authentication Errors")]
    [InlineData(404, "Resource Not Found")]
    [InlineData(408, "Timeout Issues")]
    [InlineData(504, "Timeout Issues")]
    [InlineData(500, "Service Errors")]
    [InlineData(503, "Service Errors")]
    [InlineData(200, null)]
    [InlineData(400, null)]
    public void Http_status_codes_map_to_leaves(int code, string? l4) =>
        Assert.Equal(l4, Engine.Detectors.HttpStatusDetector.Leaf(code));

    [Theory]
    [InlineData("ModuleNotFoundError: No module named 'numpy'", "Environment Setup Errors")]
    [InlineData("bash: jq: command not found", "Environment Setup Errors")]
    [InlineData("OPENAI_API_KEY environment variable is not set", "Environment Setup Errors")]
    [InlineData("openai.RateLimitError: Error code: 429", "Rate Limiting")]
    [InlineData("This model's maximum context length is 8192 tokens", "Context Handling Failures")]
    [InlineData("AuthenticationError: Incorrect API key provided", "Authentication Errors")]
    [InlineData("TimeoutError: operation timed out", "Timeout Issues")]
    [InlineData("FileNotFoundError: [Errno 2] No such file or directory: 'report.csv'", "Resource Not Found")]
    [InlineData("IndexError: list index out of range", "Service Errors")]
    public void Error_text_is_classified_by_what_it_says(string text, string l4) =>
        Assert.Equal(l4, Engine.Text.ErrorText.Classify(text));
}
