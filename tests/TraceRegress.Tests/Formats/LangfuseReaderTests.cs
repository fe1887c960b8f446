using TraceRegress.Formats;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

public class LangfuseReaderTests
{
    [Theory]
    [InlineData("rag-hallucination.json")]
    [InlineData("agent-tool-rate-limited.json")]
    [InlineData("manual-spans-orphan-cycle.json")]
    public void Detects_a_langfuse_trace_export(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("langfuse", file)), file);

        Assert.IsType<LangfuseReader>(TraceReaders.Detect(input, out _));
        Assert.Equal(TraceFormat.Langfuse, Fixture.Load("langfuse", file).Format);
    }

    [Fact]
    public void The_trace_is_the_root_span_and_observations_hang_under_their_parents()
    {
        var trace = Fixture.Load("langfuse", "rag-hallucination.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("b3c1f9e2-5a7d-4c8e-9f10-2a3b4c5d6e7f", trace.TraceId);
        // The generation is listed before its parent in the file; the tree does not care.
        Assert.Equal(
            ["support-answer", "support-answer/rag-pipeline", "support-answer/rag-pipeline/policy-search", "support-answer/rag-pipeline/answer"],
            trace.Spans.Select(s => s.Path));
        var root = trace.Roots.Single();
        Assert.Equal("b3c1f9e2-5a7d-4c8e-9f10-2a3b4c5d6e7f", root.SpanId);
        Assert.Equal(TimeSpan.FromMilliseconds(2410), root.Duration);
        Assert.Equal("user-8812", root.Attributes.GetString("langfuse.user.id"));
        Assert.Equal("sess-0519-114", root.Attributes.GetString("langfuse.session.id"));
        Assert.Equal("{\"question\":\"What is the refund window for annual plans?\"}", root.Attributes.GetString("langfuse.input"));
        Assert.Contains("faithfulness", root.Attributes.GetString("langfuse.scores"));
    }

    [Fact]
    public void A_generation_maps_to_gen_ai_chat()
    {
        var answer = Fixture.Load("langfuse", "rag-hallucination.json").Select("answer");

        Assert.Equal("chat", GenAiAssert.Operation(answer));
        Assert.Equal("gpt-4o-mini", answer.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal("openai", answer.Attributes.GetString("gen_ai.provider.name"));
        Assert.Equal(AttributeValue.FromInt(88), answer.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromInt(14), answer.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal(0.1, answer.Attributes.GetDouble("gen_ai.request.temperature"));
        Assert.Equal(400, answer.Attributes.GetInt64("gen_ai.request.max_tokens"));
        Assert.Equal("2026-05-19T09:41:02.9100000+00:00", answer.Attributes.GetString("langfuse.completion_start_time"));

        var input = GenAiAssert.Messages(answer, "gen_ai.input.messages");
        Assert.Equal(["system", "user"], GenAiAssert.Roles(input));
        Assert.Contains("30 days", GenAiAssert.Parts(input, "text")[1].Part.GetProperty("content").GetString());
        var output = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(answer, "gen_ai.output.messages"), "text"));
        Assert.Equal("assistant", output.Role);
        Assert.Equal("Annual plans can be refunded within 90 days of purchase.", output.Part.GetProperty("content").GetString());
    }

    [Fact]
    public void Reads_the_data_wrapper_and_maps_tool_calls_end_to_end()
    {
        var trace = Fixture.Load("langfuse", "agent-tool-rate-limited.json");

        Assert.Equal(
            [
                "weather-agent",
                "weather-agent/weather-agent",
                "weather-agent/weather-agent/plan",
                "weather-agent/weather-agent/get_forecast",
                "weather-agent/weather-agent/fallback-to-cache",
                "weather-agent/weather-agent/answer",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.Equal("invoke_agent", GenAiAssert.Operation(trace.Select("weather-agent/weather-agent")));

        var plan = trace.Select("plan");
        var call = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(plan, "gen_ai.output.messages"), "tool_call")).Part;
        Assert.Equal("call_wx_1", call.GetProperty("id").GetString());
        Assert.Equal("Berlin", call.GetProperty("arguments").GetProperty("city").GetString());
        Assert.Contains("\"name\":\"get_forecast\"", plan.Attributes.GetString("gen_ai.tool.definitions"));
        Assert.Equal(0, plan.Attributes.GetInt64("gen_ai.request.temperature"));

        var tool = trace.Select("get_forecast");
        Assert.Equal("execute_tool", GenAiAssert.Operation(tool));
        Assert.Equal("get_forecast", tool.Attributes.GetString("gen_ai.tool.name"));
        Assert.Equal("call_wx_1", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{\"city\":\"Berlin\",\"date\":\"2026-05-21\"}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.Contains("daily quota", tool.Attributes.GetString("gen_ai.tool.call.result"));

        var answer = trace.Select("answer");
        var response = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(answer, "gen_ai.input.messages"), "tool_call_response"));
        Assert.Equal("call_wx_1", response.Part.GetProperty("id").GetString());
        Assert.Equal(530, answer.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal(21, answer.Attributes.GetInt64("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public void Level_error_fails_the_span_and_warning_only_records_the_level()
    {
        var trace = Fixture.Load("langfuse", "agent-tool-rate-limited.json");

        var tool = trace.Select("get_forecast");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("RateLimitError: 429 Too Many Requests", tool.Status.Message);
        var exception = Assert.Single(tool.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("RateLimitError", exception.Attributes.GetString("exception.type"));
        Assert.Equal("RateLimitError: 429 Too Many Requests", exception.Attributes.GetString("exception.message"));

        var fallback = trace.Select("fallback-to-cache");
        Assert.Equal(SpanStatusCode.Unset, fallback.Status.Code);
        Assert.Equal("WARNING", fallback.Attributes.GetString("langfuse.level"));
        Assert.Equal("using a stale cached forecast", fallback.Attributes.GetString("langfuse.status_message"));
        Assert.Empty(fallback.Events);
    }

    [Fact]
    public void Event_observations_are_zero_duration_spans()
    {
        var fallback = Fixture.Load("langfuse", "agent-tool-rate-limited.json").Select("fallback-to-cache");

        Assert.Equal(TimeSpan.Zero, fallback.Duration);
        Assert.Equal(new DateTimeOffset(2026, 5, 20, 12, 0, 1, 620, TimeSpan.Zero), fallback.StartTime);
        Assert.Equal("EVENT", fallback.Attributes.GetString("langfuse.observation.type"));
        Assert.Equal("{\"cached_forecast_age_hours\":52}", fallback.Attributes.GetString("langfuse.output"));
    }

    [Fact]
    public void A_span_that_wraps_a_tool_call_maps_to_execute_tool()
    {
        var trace = Fixture.Load("langfuse", "manual-spans-orphan-cycle.json");

        var sql = trace.Select("sql-analyst/run-sql");
        Assert.Equal("execute_tool", GenAiAssert.Operation(sql));
        Assert.Equal("sql_query", sql.Attributes.GetString("gen_ai.tool.name"));
        Assert.Equal("call_sql_7", sql.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Equal("{\"query\":\"SELECT count(*) FROM orders WHERE shipped_at > due_at AND week = 20\"}", sql.Attributes.GetString("gen_ai.tool.call.arguments"));
        Assert.Equal("{\"rows\":[[137]]}", sql.Attributes.GetString("gen_ai.tool.call.result"));
        // A plain span stays unmapped.
        Assert.Null(GenAiAssert.Operation(trace.Select("format-answer")));
    }

    [Fact]
    public void Orphans_and_cycles_are_kept_and_reported()
    {
        var trace = Fixture.Load("langfuse", "manual-spans-orphan-cycle.json");

        Assert.Equal(5, trace.Spans.Count);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.OrphanSpan && w.SpanId == "obs-format" && w.Line == 20);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.Cycle);
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MultipleRoots);
        Assert.Contains(trace.Roots, r => r.Name == "format-answer");
    }

    [Fact]
    public void Observations_that_are_not_an_array_are_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "observations-not-array.json"));

        Assert.Equal(5, e.Line);
        Assert.Equal(19, e.Column);
        Assert.Contains("array", e.Reason);
    }

    [Fact]
    public void An_export_with_observation_ids_only_says_what_to_export_instead()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "observation-ids-only.json"));

        Assert.Equal(7, e.Line);
        Assert.Equal(24, e.Column);
        Assert.Contains("ids only", e.Reason);
    }

    [Fact]
    public void A_number_where_an_iso_time_is_required_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "start-time-number.json"));

        Assert.Equal(11, e.Line);
        Assert.Equal(20, e.Column);
        Assert.Contains("startTime", e.Reason);
    }

    [Fact]
    public void An_observation_without_an_id_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "missing-observation-id.json"));

        Assert.Equal(6, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("\"id\"", e.Reason);
    }

    [Fact]
    public void Malformed_json_names_the_line_and_column()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "malformed.json"));

        Assert.Equal(5, e.Line);
        Assert.True(e.Column > 80, $"column {e.Column}");
        Assert.Contains("malformed JSON", e.Reason);
    }

    [Fact]
    public void A_truncated_file_is_a_positioned_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => Fixture.Load("langfuse", "truncated.json"));

        Assert.Equal(38, e.Line);
        Assert.True(e.Column > 0);
    }

    [Theory]
    [InlineData("ui-download-openai-agents-tool-timeout.json")]
    [InlineData("ui-download-langgraph-nested-all-types.json")]
    public void Reads_the_trace_views_download_with_the_trace_one_level_down(string file)
    {
        var input = new TraceInput(File.ReadAllBytes(Fixture.Path("langfuse", file)), "export.json");

        Assert.IsType<LangfuseReader>(TraceReaders.Detect(input, out _));
        var trace = Fixture.Load("langfuse", file);
        Assert.Equal(TraceFormat.Langfuse, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal(trace.TraceId, trace.Roots.Single().SpanId);
    }

    [Fact]
    public void Observations_beside_the_trace_hang_under_it_with_usage_and_cost()
    {
        var trace = Fixture.Load("langfuse", "ui-download-openai-agents-tool-timeout.json");

        Assert.Equal(
            [
                "Agent workflow",
                "Agent workflow/FX Assistant",
                "Agent workflow/FX Assistant/response[1]",
                "Agent workflow/FX Assistant/convert_currency",
                "Agent workflow/FX Assistant/response[2]",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.Equal(TimeSpan.FromMilliseconds(16482), trace.Roots.Single().Duration);
        Assert.Equal("invoke_agent", GenAiAssert.Operation(trace.Select("FX Assistant")));

        var first = trace.Select("response[1]");
        Assert.Equal("chat", GenAiAssert.Operation(first));
        Assert.Equal(AttributeValue.FromInt(212), first.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal(AttributeValue.FromInt(27), first.Attributes["gen_ai.usage.output_tokens"]);
        Assert.Equal(0.000128, first.Attributes.GetDouble("langfuse.cost.total"));
        Assert.Equal(0.0000432, first.Attributes["langfuse.cost_details"].Entries.Single(e => e.Key == "output").Value.AsDouble);
        var call = Assert.Single(GenAiAssert.Parts(GenAiAssert.Messages(first, "gen_ai.output.messages"), "tool_call")).Part;
        Assert.Equal("convert_currency", call.GetProperty("name").GetString());

        // The tool's input is JSON text in the download; its arguments are read from inside it.
        var tool = trace.Select("convert_currency");
        Assert.Equal("execute_tool", GenAiAssert.Operation(tool));
        Assert.Equal("{\"amount\":250,\"from\":\"EUR\",\"to\":\"JPY\"}", tool.Attributes.GetString("gen_ai.tool.call.arguments"));
    }

    [Fact]
    public void Level_ERROR_with_a_status_message_is_a_failed_span_the_attribution_quotes()
    {
        var trace = Fixture.Load("langfuse", "ui-download-openai-agents-tool-timeout.json");
        var tool = trace.Select("convert_currency");

        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.StartsWith("ReadTimeout: HTTPSConnectionPool", tool.Status.Message);
        var exception = Assert.Single(tool.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("ReadTimeout", exception.Attributes.GetString("exception.type"));

        var attribution = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("Agent workflow/FX Assistant/convert_currency", attribution.Cited?.Path);
        Assert.Equal("Timeout Issues", attribution.Category?.L4);
        Assert.Contains(attribution.Evidence, e => e.SpanId == tool.SpanId && e.Quote.Contains("Read timed out. (read timeout=10)", StringComparison.Ordinal));
    }

    [Fact]
    public void Observations_under_and_beside_the_trace_are_read_once_with_every_type_mapped()
    {
        var trace = Fixture.Load("langfuse", "ui-download-langgraph-nested-all-types.json");

        Assert.Equal(
            [
                "support-graph",
                "support-graph/LangGraph",
                "support-graph/LangGraph/pii-check",
                "support-graph/LangGraph/policy_retriever",
                "support-graph/LangGraph/policy_retriever/cache-miss",
                "support-graph/LangGraph/policy_retriever/OpenAIEmbeddings",
                "support-graph/LangGraph/ChatAnthropic",
                "support-graph/LangGraph/groundedness",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.Equal(
            ["CHAIN", "GUARDRAIL", "RETRIEVER", "EVENT", "EMBEDDING", "GENERATION", "EVALUATOR"],
            trace.Spans.Skip(1).Select(s => s.Attributes.GetString("langfuse.observation.type")));
        Assert.Equal(TimeSpan.Zero, trace.Select("cache-miss").Duration);
        Assert.Equal("embeddings", GenAiAssert.Operation(trace.Select("OpenAIEmbeddings")));
        Assert.Equal(AttributeValue.FromInt(14), trace.Select("OpenAIEmbeddings").Attributes["gen_ai.usage.input_tokens"]);
        var answer = trace.Select("ChatAnthropic");
        Assert.Equal("anthropic", answer.Attributes.GetString("gen_ai.provider.name"));
        Assert.Equal(0.2, answer.Attributes.GetDouble("gen_ai.request.temperature"));
        Assert.Null(GenAiAssert.Operation(trace.Select("policy_retriever")));

        // A warning is not a failure: the level and its message stay on the span.
        var guard = trace.Select("pii-check");
        Assert.Equal(SpanStatusCode.Unset, guard.Status.Code);
        Assert.Equal("WARNING", guard.Attributes.GetString("langfuse.level"));
        Assert.Equal("input mentions a purchase date; no PII found", guard.Attributes.GetString("langfuse.status_message"));

        // A run that went well gives the engine nothing to cite.
        Assert.Empty(AttributionEngine.Default.Detect(trace));
    }

    [Fact]
    public void A_download_whose_trace_lists_only_observation_ids_reads_the_observations_beside_it()
    {
        var json = """
            {"trace": {"id": "t-1", "name": "qa", "timestamp": "2026-01-05T10:00:00Z", "observations": ["o-1"]},
             "observations": [{"id": "o-1", "traceId": "t-1", "type": "SPAN", "name": "step", "startTime": "2026-01-05T10:00:00.100Z", "endTime": "2026-01-05T10:00:00.300Z"}]}
            """;
        var trace = AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(json), "ids.json");

        Assert.Equal(["qa", "qa/step"], trace.Spans.Select(s => s.Path));
    }
}
