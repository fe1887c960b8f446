using System.Text;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class LangSmithReaderTests
{
    [Theory]
    [InlineData("agent-tool-message.json")]
    [InlineData("flat-runs-tool-rate-limited.json")]
    [InlineData("runs-wrapper-js-sdk.json")]
    [InlineData("langgraph-tool-error-message.json")]
    public void Detects_langsmith_runs(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("langsmith", file)), file);

        Assert.IsType<LangSmithReader>(TraceReaders.Detect(input, out _));
        Assert.Equal(TraceFormat.LangSmith, Fixture.Load("langsmith", file).Format);
    }

    [Fact]
    public void Reads_a_run_tree_with_times_without_offset_as_utc()
    {
        var trace = Fixture.Load("langsmith", "agent-tool-message.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("1b64098b-4ab7-43f6-afee-992304f198d8", trace.TraceId);
        Assert.Equal(
            ["AgentExecutor", "AgentExecutor/ChatOpenAI[1]", "AgentExecutor/get_quote", "AgentExecutor/ChatOpenAI[2]"],
            trace.Spans.Select(s => s.Path));
        var root = trace.Roots.Single();
        Assert.Equal(new DateTimeOffset(2026, 5, 21, 7, 15, 0, TimeSpan.Zero), root.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(5420), root.Duration);
        Assert.Equal("chain", root.Attributes.GetString("langsmith.run_type"));
        Assert.Equal("{\"input\":\"What's the current stock price of Contoso and how did it move today?\"}", root.Attributes.GetString("langsmith.inputs"));
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("prod"), AttributeValue.FromString("finance-agent")]), root.Attributes["langsmith.tags"]);
        Assert.Equal(["start", "end"], root.Events.Select(e => e.Name));
        Assert.Null(GenAiAssert.Operation(root));
    }

    [Fact]
    public void Maps_a_chat_model_run_with_langchain_messages_to_gen_ai_chat()
    {
        var llm = Fixture.Load("langsmith", "agent-tool-message.json").Select("ChatOpenAI[1]");

        Assert.Equal("chat", GenAiAssert.Operation(llm));
        Assert.Equal("openai", llm.Attributes.GetString("gen_ai.provider.name"));
        Assert.Equal("gpt-4o", llm.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal("gpt-4o-2024-08-06", llm.Attributes.GetString("gen_ai.response.model"));
        Assert.Equal(AttributeValue.FromInt(143), llm.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromInt(17), llm.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("tool_calls")]), llm.Attributes["gen_ai.response.finish_reasons"]);
        Assert.Contains("\"name\":\"get_quote\"", llm.Attributes.GetString("gen_ai.tool.definitions"));

        var input = GenAiAssert.Messages(llm, "gen_ai.input.messages");
        Assert.Equal(["system", "user"], GenAiAssert.Roles(input));
        var output = GenAiAssert.Messages(llm, "gen_ai.output.messages");
        Assert.Equal("tool_calls", Assert.Single(output.EnumerateArray()).GetProperty("finish_reason").GetString());
        // LangChain lists the call twice (tool_calls and additional_kwargs); it is one call.
        var call = Assert.Single(GenAiAssert.Parts(output, "tool_call")).Part;
        Assert.Equal("call_q7Xs", call.GetProperty("id").GetString());
        Assert.Equal("CTSO", call.GetProperty("arguments").GetProperty("ticker").GetString());
    }

    [Fact]
    public void A_tool_message_carries_the_tool_result_and_links_the_call()
    {
        var trace = Fixture.Load("langsmith", "agent-tool-message.json");

        var tool = trace.Select("get_quote");
        Assert.Equal("execute_tool", GenAiAssert.Operation(tool));
        Assert.Equal("get_quote", tool.Attributes.GetString("gen_ai.tool.name"));
        Assert.Equal("call_q7Xs", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{'ticker': 'CTSO'}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.Equal("{\"ticker\": \"CTSO\", \"price\": 212.40, \"change_pct\": -3.1, \"as_of\": \"2026-05-21T07:14:58Z\"}", tool.Attributes.GetString("gen_ai.tool.call.result"));
        Assert.Contains("ToolMessage", tool.Attributes.GetString("langsmith.outputs"));

        var next = trace.Select("ChatOpenAI[2]");
        var input = GenAiAssert.Messages(next, "gen_ai.input.messages");
        Assert.Equal(["system", "user", "assistant", "tool"], GenAiAssert.Roles(input));
        Assert.Equal("call_q7Xs", Assert.Single(GenAiAssert.Parts(input, "tool_call")).Part.GetProperty("id").GetString());
        var response = Assert.Single(GenAiAssert.Parts(input, "tool_call_response")).Part;
        Assert.Equal("call_q7Xs", response.GetProperty("id").GetString());
        Assert.Contains("\"change_pct\": -3.1", response.GetProperty("response").GetString());

        // The answer from message_to_dict's {type, data} form, with its finish reason.
        var answer = Assert.Single(GenAiAssert.Messages(next, "gen_ai.output.messages").EnumerateArray());
        Assert.Equal("stop", answer.GetProperty("finish_reason").GetString());
        Assert.Equal("Contoso (CTSO) trades at $212.40, up 3.1% today.", answer.GetProperty("parts")[0].GetProperty("content").GetString());
        Assert.Equal(201, next.Attributes.GetInt64("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public void Flat_runs_link_by_parent_run_id_and_take_the_root_run_id_as_trace_id()
    {
        var trace = Fixture.Load("langsmith", "flat-runs-tool-rate-limited.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", trace.TraceId);
        Assert.All(trace.Spans, s => Assert.Equal("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", s.TraceId));
        Assert.Equal(
            ["research-agent", "research-agent/OpenAI[1]", "research-agent/tavily_search_results_json", "research-agent/OpenAI[2]"],
            trace.Spans.Select(s => s.Path));
    }

    [Fact]
    public void A_run_error_is_status_error_with_an_exception_event()
    {
        var tool = Fixture.Load("langsmith", "flat-runs-tool-rate-limited.json").Select("tavily_search_results_json");

        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("HTTPError('429 Client Error: Too Many Requests for url: https://api.tavily.com/search')", tool.Status.Message);
        var exception = Assert.Single(tool.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("HTTPError", exception.Attributes.GetString("exception.type"));
        Assert.Equal(tool.Status.Message, exception.Attributes.GetString("exception.message"));
        Assert.Contains("raise_for_status()", exception.Attributes.GetString("exception.stacktrace"));
        Assert.Equal(new DateTimeOffset(2026, 5, 22, 18, 3, 12, 87, TimeSpan.Zero).AddTicks(5540), exception.Timestamp);

        Assert.Equal("execute_tool", GenAiAssert.Operation(tool));
        Assert.Equal("call_Tv1", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{\"query\": \"EU AI Act enforcement date general purpose models\"}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.False(tool.Attributes.ContainsKey("gen_ai.tool.call.result"));
    }

    [Fact]
    public void A_completion_run_maps_prompts_generations_and_token_usage()
    {
        var llm = Fixture.Load("langsmith", "flat-runs-tool-rate-limited.json").Select("OpenAI[2]");

        Assert.Equal("chat", GenAiAssert.Operation(llm));
        Assert.Equal("gpt-3.5-turbo-instruct", llm.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal(44, llm.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal(12, llm.Attributes.GetInt64("gen_ai.usage.output_tokens"));
        Assert.Equal(0.7, llm.Attributes.GetDouble("gen_ai.request.temperature"));
        var prompt = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(llm, "gen_ai.input.messages"), "text"));
        Assert.Equal("user", prompt.Role);
        Assert.Contains("rate limited", prompt.Part.GetProperty("content").GetString());
        var output = Assert.Single(GenAiAssert.Messages(llm, "gen_ai.output.messages").EnumerateArray());
        Assert.Equal("They start to apply on 1 January 2027.", output.GetProperty("parts")[0].GetProperty("content").GetString());
        Assert.Equal("stop", output.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void Reads_the_runs_wrapper_with_epoch_millisecond_times_from_the_js_sdk()
    {
        var trace = Fixture.Load("langsmith", "runs-wrapper-js-sdk.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal(["support-bot", "support-bot/faq-retriever", "support-bot/ChatAnthropic"], trace.Spans.Select(s => s.Path));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1779523200000), trace.Roots[0].StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(3250), trace.Roots[0].Duration);
        // Runs without trace_id take it from dotted_order's root.
        Assert.All(trace.Spans, s => Assert.Equal("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", s.TraceId));
        Assert.Null(GenAiAssert.Operation(trace.Select("faq-retriever")));
    }

    [Fact]
    public void Maps_openai_style_messages_with_content_blocks_and_usage_metadata()
    {
        var llm = Fixture.Load("langsmith", "runs-wrapper-js-sdk.json").Select("ChatAnthropic");

        Assert.Equal("anthropic", llm.Attributes.GetString("gen_ai.provider.name"));
        Assert.Equal("claude-3-5-haiku-latest", llm.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal(57, llm.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal(16, llm.Attributes.GetInt64("gen_ai.usage.output_tokens"));
        Assert.Equal(1024, llm.Attributes.GetInt64("gen_ai.request.max_tokens"));
        var input = GenAiAssert.Messages(llm, "gen_ai.input.messages");
        Assert.Equal(3, GenAiAssert.Parts(input, "text").Count);
        var output = Assert.Single(GenAiAssert.Messages(llm, "gen_ai.output.messages").EnumerateArray());
        Assert.Equal("end_turn", output.GetProperty("finish_reason").GetString());
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("end_turn")]), llm.Attributes["gen_ai.response.finish_reasons"]);
    }

    [Fact]
    public void A_tool_message_with_status_error_fails_the_tool_span()
    {
        var trace = Fixture.Load("langsmith", "langgraph-tool-error-message.json");

        Assert.Equal(["LangGraph", "LangGraph/tools", "LangGraph/tools/read_config"], trace.Spans.Select(s => s.Path));
        var tool = trace.Select("read_config");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("Error: FileNotFoundError(2, 'No such file or directory')", tool.Status.Message);
        Assert.Equal("success", tool.Attributes.GetString("langsmith.status"));
        var exception = Assert.Single(tool.Events);
        Assert.Equal("Error: FileNotFoundError(2, 'No such file or directory')", exception.Attributes.GetString("exception.message"));
        Assert.Equal("toolu_01Cfg", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{\"path\":\"config/staging.yaml\"}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.StartsWith("Error: FileNotFoundError", tool.Attributes.GetString("gen_ai.tool.call.result"));
        // The graph's own chain runs are not gen-ai operations.
        Assert.Null(GenAiAssert.Operation(trace.Select("tools")));
    }

    [Fact]
    public void Child_runs_nested_deeper_than_the_limit_fail_with_a_position()
    {
        var json = new StringBuilder();
        const int levels = 200;
        for (var i = 0; i < levels; i++)
        {
            json.Append("{\"id\":\"run-").Append(i).Append("\",\"name\":\"step\",\"run_type\":\"chain\",\"start_time\":\"2026-05-24T10:00:00\",\"child_runs\":[\n");
        }

        for (var i = 0; i < levels; i++) json.Append("]}");

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(json.ToString()), "deep-runs.json"));

        Assert.Equal("deep-runs.json", e.Source);
        Assert.Equal(129, e.Line); // each run adds two JSON levels (object, child_runs array): run 129 would open level 257
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void A_nested_child_naming_another_parent_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", "child-parent-mismatch.json"));

        Assert.Equal(12, e.Line);
        Assert.Equal(24, e.Column);
        Assert.Contains("child_runs", e.Reason);
    }

    [Fact]
    public void A_start_time_of_the_wrong_type_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", "start-time-wrong-type.json"));

        Assert.Equal(6, e.Line);
        Assert.Equal(19, e.Column);
        Assert.Contains("start_time", e.Reason);
    }

    [Fact]
    public void A_run_without_an_id_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", "missing-id.json"));

        Assert.Equal(3, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("\"id\"", e.Reason);
    }

    [Fact]
    public void Malformed_json_names_the_line_and_column()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", "malformed.json"));

        Assert.Equal(6, e.Line);
        Assert.Equal(24, e.Column);
        Assert.Contains("malformed JSON", e.Reason);
    }

    [Fact]
    public void A_truncated_file_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langsmith", "truncated.json"));

        Assert.Equal(43, e.Line);
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void Reads_the_batch_ingest_body_merging_each_created_run_with_its_completion()
    {
        var trace = AgentTrace.Parse(File.ReadAllBytes(Fixture.Path("langsmith", "batch-ingest-post-patch.json")), "body.json");

        Assert.Equal(TraceFormat.LangSmith, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal(
            ["research_agent", "research_agent/ChatOpenAI", "research_agent/tavily_search", "research_agent/format_answer"],
            trace.Spans.Select(s => s.Path));
        var root = trace.Roots.Single();
        // Start from the post, end from the patch.
        Assert.Equal(new DateTimeOffset(2026, 4, 8, 14, 2, 11, 503, TimeSpan.Zero).AddTicks(2110), root.StartTime);
        Assert.Equal(TimeSpan.FromTicks(16_982_460), root.Duration);
        Assert.Contains("couldn't look that up", root.Attributes.GetString("langsmith.outputs"));

        var llm = trace.Select("ChatOpenAI");
        Assert.Equal("chat", GenAiAssert.Operation(llm));
        Assert.Equal(AttributeValue.FromInt(87), llm.Attributes["gen_ai.usage.input_tokens"]);
        var call = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(llm, "gen_ai.output.messages"), "tool_call")).Part;
        Assert.Equal("tavily_search", call.GetProperty("name").GetString());
        Assert.Equal(2, llm.Events.Count);

        // A run only in the patch starts where its dotted order says.
        var format = trace.Select("format_answer");
        Assert.Equal(new DateTimeOffset(2026, 4, 8, 14, 2, 13, 171, TimeSpan.Zero).AddTicks(8800), format.StartTime);
    }

    [Fact]
    public void A_run_patched_with_an_error_is_a_failed_span_the_attribution_quotes()
    {
        var trace = Fixture.Load("langsmith", "batch-ingest-post-patch.json");
        var tool = trace.Select("tavily_search");

        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("HTTPError('432 Client Error:  for url: https://api.tavily.com/search')", tool.Status.Message);

        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(tool.SpanId, attribution.Cited?.SpanId);
        Assert.Contains(attribution.Evidence, e => e.Quote == "HTTPError('432 Client Error:  for url: https://api.tavily.com/search')");
    }
}
