using System.Text;
using System.Text.Json;
using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class OpenInferenceReaderTests
{
    [Theory]
    [InlineData("rag-hallucination.json")]
    [InlineData("agent-tool-error-payload.json")]
    [InlineData("nested-tool-rate-limited.json")]
    public void Detects_phoenix_span_json(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("openinference", file)), file);

        Assert.IsType<OpenInferenceReader>(TraceReaders.Detect(input, out _));
        Assert.Equal(TraceFormat.OpenInference, Fixture.Load("openinference", file).Format);
    }

    [Fact]
    public void Reads_a_rag_trace_from_the_data_wrapper_whatever_the_span_order()
    {
        var trace = Fixture.Load("openinference", "rag-hallucination.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("6f1c2b7a9d3e4f5081a2b3c4d5e6f708", trace.TraceId);
        Assert.Equal(["rag.query", "rag.query/retrieve", "rag.query/ChatCompletion"], trace.Spans.Select(s => s.Path));
        var retrieve = trace.Select("retrieve");
        Assert.Equal("Contoso reported Q3 2025 revenue of $4.2 billion, up 7% year over year.", retrieve.Attributes.GetString("retrieval.documents.0.document.content"));
        Assert.Null(GenAiAssert.Operation(retrieve));
        Assert.Equal(TimeSpan.FromMilliseconds(268), retrieve.Duration);
    }

    [Fact]
    public void Maps_an_llm_span_to_gen_ai_chat_keeping_the_openinference_attributes()
    {
        var llm = Fixture.Load("openinference", "rag-hallucination.json").Select("rag.query/ChatCompletion");

        Assert.Equal("chat", GenAiAssert.Operation(llm));
        Assert.Equal("openai", llm.Attributes.GetString("gen_ai.provider.name"));
        Assert.Equal("openai", llm.Attributes.GetString("gen_ai.system"));
        Assert.Equal("gpt-4o", llm.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal("gpt-4o-2024-08-06", llm.Attributes.GetString("gen_ai.response.model"));
        Assert.Equal(AttributeValue.FromInt(96), llm.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromInt(21), llm.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal(0.2, llm.Attributes.GetDouble("gen_ai.request.temperature"));
        Assert.Equal(512, llm.Attributes.GetInt64("gen_ai.request.max_tokens"));
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("stop")]), llm.Attributes["gen_ai.response.finish_reasons"]);
        // Nothing lost: the source attributes stay beside the mapped ones.
        Assert.Equal(117, llm.Attributes.GetInt64("llm.token_count.total"));
        Assert.Equal("LLM", llm.Attributes.GetString("openinference.span.kind"));

        var input = GenAiAssert.Messages(llm, "gen_ai.input.messages");
        Assert.Equal(["system", "user"], GenAiAssert.Roles(input));
        Assert.Contains("$4.2 billion", GenAiAssert.Parts(input, "text")[1].Part.GetProperty("content").GetString());
        var output = GenAiAssert.Messages(llm, "gen_ai.output.messages");
        var answer = Assert.Single(output.EnumerateArray());
        Assert.Equal("assistant", answer.GetProperty("role").GetString());
        Assert.Equal("stop", answer.GetProperty("finish_reason").GetString());
        Assert.Equal("Contoso's Q3 2025 revenue was $5.1 billion, up 19% year over year.", answer.GetProperty("parts")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Flattens_nested_attributes_to_dotted_keys()
    {
        var trace = Fixture.Load("openinference", "agent-tool-error-payload.json");

        var agent = trace.Roots.Single();
        Assert.Equal("AGENT", agent.Attributes.GetString("openinference.span.kind"));
        Assert.Equal("invoke_agent", GenAiAssert.Operation(agent));
        Assert.Equal("code-review-agent", agent.Attributes.GetString("gen_ai.agent.name"));
        var first = trace.Select("code-review-agent/ChatCompletion[1]");
        Assert.Equal("user", first.Attributes.GetString("llm.input_messages.1.message.role"));
        Assert.Equal(1204, first.Attributes.GetInt64("llm.token_count.prompt"));
        Assert.Equal(1204, first.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal("anthropic", first.Attributes.GetString("gen_ai.provider.name"));
    }

    [Fact]
    public void Links_a_tool_call_across_the_chat_output_the_tool_span_and_the_next_chat_input()
    {
        var trace = Fixture.Load("openinference", "agent-tool-error-payload.json");

        Assert.Equal(
            ["code-review-agent", "code-review-agent/ChatCompletion[1]", "code-review-agent/list_pr_files", "code-review-agent/ChatCompletion[2]"],
            trace.Spans.Select(s => s.Path));
        var call = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(trace.Select("ChatCompletion[1]"), "gen_ai.output.messages"), "tool_call")).Part;
        Assert.Equal("toolu_01A9", call.GetProperty("id").GetString());
        Assert.Equal("list_pr_files", call.GetProperty("name").GetString());
        Assert.Equal(482, call.GetProperty("arguments").GetProperty("pr").GetInt32());

        // The tool span carries no tool_call.id in the source: it is linked to the call that caused it.
        var tool = trace.Select("list_pr_files");
        Assert.Equal("execute_tool", GenAiAssert.Operation(tool));
        Assert.Equal("list_pr_files", tool.Attributes.GetString("gen_ai.tool.name"));
        Assert.Equal("toolu_01A9", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{\"repo\": \"contoso/api\", \"pr\": 482}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.Equal("{\"files\": [], \"error\": \"index out of range\"}", tool.Attributes.GetString("gen_ai.tool.call.result"));
        Assert.Equal("List the files changed by a pull request", tool.Attributes.GetString("gen_ai.tool.description"));
        // Status codes lie: the error is in the payload, the status says OK.
        Assert.Equal(SpanStatusCode.Ok, tool.Status.Code);

        var response = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(trace.Select("ChatCompletion[2]"), "gen_ai.input.messages"), "tool_call_response"));
        Assert.Equal("tool", response.Role);
        Assert.Equal("toolu_01A9", response.Part.GetProperty("id").GetString());
        Assert.Equal("{\"files\": [], \"error\": \"index out of range\"}", response.Part.GetProperty("response").GetString());
    }

    [Fact]
    public void Lists_the_tools_offered_to_the_model_in_semconv_shape()
    {
        var llm = Fixture.Load("openinference", "agent-tool-error-payload.json").Select("ChatCompletion[1]");

        using var definitions = JsonDocument.Parse(llm.Attributes.GetString("gen_ai.tool.definitions")!);
        var tool = Assert.Single(definitions.RootElement.EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("list_pr_files", tool.GetProperty("name").GetString());
        Assert.Equal("object", tool.GetProperty("parameters").GetProperty("type").GetString());
    }

    [Fact]
    public void Nested_child_spans_three_levels_deep_take_their_enclosing_span_as_parent()
    {
        var trace = Fixture.Load("openinference", "nested-tool-rate-limited.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal(
            [
                "travel-planner",
                "travel-planner/plan.itinerary",
                "travel-planner/plan.itinerary/ChatCompletion",
                "travel-planner/plan.itinerary/search_flights",
                "travel-planner/plan.itinerary/search_flights/http.post",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.All(trace.Spans, s => Assert.Equal("3c9e1f0a7b2d4e6f8a1b2c3d4e5f6071", s.TraceId));
        Assert.Equal(3, trace.Select("http.post").Depth);
        Assert.Equal("7a00000000000004", trace.Select("http.post").ParentSpanId);
        // The nested metadata object is JSON text, as OpenInference defines it.
        Assert.Equal("{\"tenant\":\"acme\",\"plan\":\"pro\"}", trace.Roots[0].Attributes.GetString("metadata"));
    }

    [Fact]
    public void A_tool_failing_with_429_is_an_error_with_its_exception_event()
    {
        var trace = Fixture.Load("openinference", "nested-tool-rate-limited.json");

        var tool = trace.Select("search_flights");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.StartsWith("HTTPStatusError: Client error '429 Too Many Requests'", tool.Status.Message);
        var exception = Assert.Single(tool.Events, e => e.Name == "exception");
        Assert.Equal("httpx.HTTPStatusError", exception.Attributes.GetString("exception.type"));
        Assert.Equal(429, tool.Attributes.GetInt64("http.response.status_code"));
        Assert.Equal("call_Fl1ght", tool.Attributes.GetString("gen_ai.tool.call.id"));

        // A failed span without an exception event gets one from its status message.
        var http = trace.Select("http.post");
        Assert.Equal(SpanStatusCode.Error, http.Status.Code);
        Assert.Equal("429 Too Many Requests", Assert.Single(http.Events).Attributes.GetString("exception.message"));
        Assert.Equal(AttributeValue.FromArray([AttributeValue.FromString("30")]), http.Attributes["http.response.header.retry-after"]);
        Assert.Null(GenAiAssert.Operation(http));
    }

    [Fact]
    public void Reads_multi_part_content_of_flattened_messages()
    {
        var llm = Fixture.Load("openinference", "nested-tool-rate-limited.json").Select("ChatCompletion");

        var text = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(llm, "gen_ai.input.messages"), "text"));
        Assert.Equal("user", text.Role);
        Assert.StartsWith("Find me a flight", text.Part.GetProperty("content").GetString());
        Assert.Equal("gpt-4o-mini", llm.Attributes.GetString("gen_ai.request.model"));
    }

    [Fact]
    public void Malformed_json_names_the_line_and_column()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "malformed.json"));

        Assert.Equal(5, e.Line);
        Assert.Equal(5, e.Column);
        Assert.EndsWith("malformed.json", e.Source);
    }

    [Fact]
    public void A_truncated_file_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "truncated.json"));

        Assert.Equal(20, e.Line);
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void A_number_where_an_iso_time_is_required_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "start-time-number.json"));

        Assert.Equal(5, e.Line);
        Assert.Equal(17, e.Column);
        Assert.Contains("ISO 8601", e.Reason);
        Assert.Contains("start_time", e.Reason);
    }

    [Fact]
    public void A_span_without_an_id_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "missing-span-id.json"));

        Assert.Equal(10, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("span_id", e.Reason);
    }

    [Fact]
    public void A_nested_child_naming_another_parent_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("openinference", "child-parent-mismatch.json"));

        Assert.Equal(12, e.Line);
        Assert.Equal(20, e.Column);
        Assert.Contains("7a00000000000009", e.Reason);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_fails_with_a_position_not_a_stack_overflow()
    {
        var json = new StringBuilder();
        const int levels = 300;
        for (var i = 0; i < levels; i++)
        {
            json.Append("{\"name\":\"s").Append(i).Append("\",\"context\":{\"trace_id\":\"t1\",\"span_id\":\"s").Append(i)
                .Append("\"},\"span_kind\":\"CHAIN\",\"start_time\":\"2026-05-20T08:00:00Z\",\"child_spans\":[\n");
        }

        json.Append(new string(']', 0));
        for (var i = 0; i < levels; i++) json.Append("]}");

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Encoding.UTF8.GetBytes(json.ToString()), "deep.json"));

        Assert.Equal("deep.json", e.Source);
        Assert.True(e.Line > 100, $"line {e.Line}");
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void Nesting_within_the_limit_is_read_completely()
    {
        var json = new StringBuilder();
        const int levels = 100;
        for (var i = 0; i < levels; i++)
        {
            json.Append("{\"name\":\"s").Append(i).Append("\",\"context\":{\"trace_id\":\"t1\",\"span_id\":\"s").Append(i)
                .Append("\"},\"span_kind\":\"CHAIN\",\"start_time\":\"2026-05-20T08:00:00Z\",\"child_spans\":[");
        }

        for (var i = 0; i < levels; i++) json.Append("]}");

        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(json.ToString()), "deep.json");

        Assert.Equal(levels, trace.Spans.Count);
        Assert.Equal(levels - 1, trace.Spans[^1].Depth);
    }

    [Theory]
    [InlineData("js-readable-spans-tool-error.json", 3)]
    [InlineData("js-sdk2-span-parent-context.json", 1)]
    public void Reads_spans_as_the_JS_SDK_serialises_them(string file, int count)
    {
        var trace = AgentTrace.Parse(File.ReadAllBytes(Fixture.Path("openinference", file)), "spans.json");

        Assert.Equal(TraceFormat.OpenInference, trace.Format);
        Assert.Equal(count, trace.Spans.Count);
    }

    [Fact]
    public void A_readable_span_gives_its_ids_parent_hrtimes_status_events_and_resource()
    {
        var trace = Fixture.Load("openinference", "js-readable-spans-tool-error.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("c3f0a1b2d4e5f60718293a4b5c6d7e8f", trace.TraceId);
        Assert.Equal(["AgentExecutor", "AgentExecutor/ChatOpenAI", "AgentExecutor/book_table"], trace.Spans.Select(s => s.Path));
        var root = trace.Roots.Single();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767877197120), root.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(3861), root.Duration);
        Assert.Equal(SpanStatusCode.Ok, root.Status.Code);
        Assert.Equal(SpanKindCode.Internal, root.Kind);
        Assert.Equal("reservations-agent", root.Resource.ServiceName);
        Assert.Equal("@arizeai/openinference-instrumentation-langchain", root.ScopeName);
        // The SDK's private fields are not attributes.
        Assert.DoesNotContain(root.Attributes, a => a.Key.StartsWith('_') || a.Key is "links" or "kind");

        var llm = trace.Select("ChatOpenAI");
        Assert.Equal("chat", GenAiAssert.Operation(llm));
        Assert.Equal(AttributeValue.FromInt(142), llm.Attributes["gen_ai.usage.input_tokens"]);

        var tool = trace.Select("book_table");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        var exception = Assert.Single(tool.Events);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767877199097), exception.Timestamp);

        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(tool.SpanId, attribution.Cited?.SpanId);
        Assert.Equal("Authentication Errors", attribution.Category?.L4);
        Assert.Contains(attribution.Evidence, e => e.Quote == "OpenTable API 401: invalid or expired partner token");
    }

    [Fact]
    public void A_version_2_span_names_its_parent_by_context_and_its_resource_by_raw_attributes()
    {
        var span = Fixture.Load("openinference", "js-sdk2-span-parent-context.json").Spans.Single();

        Assert.Equal("f1e2d3c4b5a69788", span.SpanId);
        Assert.Equal("0011223344556677", span.ParentSpanId);
        Assert.Equal(SpanKindCode.Client, span.Kind);
        Assert.Equal(SpanStatusCode.Unset, span.Status.Code);
        Assert.Equal(TimeSpan.FromTicks(7_955_000), span.Duration);
        Assert.Equal("docs-qa", span.Resource.ServiceName);
        Assert.Equal("@arizeai/openinference-instrumentation-openai", span.ScopeName);
        Assert.Equal("gpt-4.1-nano-2025-04-14", span.Attributes.GetString("gen_ai.response.model"));
    }

    [Fact]
    public void Tool_schemas_that_cannot_be_read_do_not_make_every_call_undeclared()
    {
        // Phoenix writes "{}" for a tool schema it could not serialise: the model had tools, their names are lost.
        var trace = Fixture.Load("openinference", "phoenix-subagent-unreadable-tool-schemas.json");

        Assert.Empty(AttributionEngine.Default.Detect(trace));
    }

    [Fact]
    public void Readable_tool_schemas_still_catch_a_call_to_a_tool_that_was_never_given()
    {
        var text = File.ReadAllText(Fixture.Path("openinference", "phoenix-subagent-unreadable-tool-schemas.json"))
            .Replace("\"llm.tools.0.tool.json_schema\": \"{}\"", "\"llm.tools.0.tool.json_schema\": \"{\\\"type\\\":\\\"function\\\",\\\"function\\\":{\\\"name\\\":\\\"search_docs\\\"}}\"", StringComparison.Ordinal)
            .Replace("\"llm.tools.1.tool.json_schema\": \"{}\"", "\"llm.tools.1.tool.json_schema\": \"{\\\"type\\\":\\\"function\\\",\\\"function\\\":{\\\"name\\\":\\\"fetch_page\\\"}}\"", StringComparison.Ordinal);
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), "readable-schemas.json");

        var finding = Assert.Single(AttributionEngine.Default.Detect(trace));
        Assert.Equal("undeclared-tool", finding.Detector);
        Assert.Contains("summarize", finding.Summary, StringComparison.Ordinal);
    }
}
