using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// The export shapes of <see cref="ExportedFailureTests"/>'s last rows, read span by span: pages and per-line files as
/// Langfuse, LangSmith and Phoenix write them, and Jaeger's FOLLOWS_FROM references. Each test checks the tree (names,
/// parents), the statuses and the gen-ai content the engine reads, so a reader change that loses one shows here before
/// it moves an attribution.
/// </summary>
public class RealExportShapeTests
{
    private static JsonElement Json(Span span, string key)
    {
        var text = span.Attributes.GetString(key);
        Assert.False(text is null, $"{span.Path} has no {key}");
        using var document = JsonDocument.Parse(text!);
        return document.RootElement.Clone();
    }

    private static string[] Paths(AgentTrace trace) => trace.Spans.Select(s => s.Path).ToArray();

    [Fact]
    public void Langfuse_observations_api_page_is_rooted_at_its_top_level_observation()
    {
        var trace = Fixture.Load("exported", "langfuse-observations-api-refund-order-not-found.json");

        Assert.Equal(TraceFormat.Langfuse, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal("6c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", trace.TraceId);
        // The page lists the newest observation first; the tree is in time order.
        Assert.Equal(["returns-agent", "returns-agent/ChatOpenAI[1]", "returns-agent/lookup_order", "returns-agent/ChatOpenAI[2]"], Paths(trace));

        var agent = trace.Select("returns-agent");
        Assert.Equal("invoke_agent", agent.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("returns-agent", agent.Attributes.GetString("gen_ai.agent.name"));

        var plan = trace.Select("returns-agent/ChatOpenAI[1]");
        Assert.Equal("chat", plan.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("gpt-4o-2024-08-06", plan.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal(298, plan.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal(0.000955, plan.Attributes.GetDouble("langfuse.cost.total"));
        Assert.Equal("lookup_order", Json(plan, "gen_ai.output.messages")[0].GetProperty("parts")[0].GetProperty("name").GetString());
        Assert.Equal(2, Json(plan, "gen_ai.tool.definitions").GetArrayLength());

        var tool = trace.Select("returns-agent/lookup_order");
        Assert.Equal("execute_tool", tool.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("call_Qk3rT9", tool.Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Contains("order_not_found", tool.Attributes.GetString("gen_ai.tool.call.result"));
        // Status codes lie: the observation's level is DEFAULT, the failure is in its output.
        Assert.NotEqual(SpanStatusCode.Error, tool.Status.Code);

        var answer = trace.Select("returns-agent/ChatOpenAI[2]");
        Assert.Equal(["system", "user", "assistant", "tool"], Json(answer, "gen_ai.input.messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public void Langfuse_observations_json_lines_get_the_trace_as_root_when_steps_hang_on_it()
    {
        var trace = Fixture.Load("exported", "langfuse-observations-export-fx-rate-limited.jsonl");

        Assert.Equal(TraceFormat.Langfuse, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal(["trace", "trace/fx-assistant-plan", "trace/get_fx_rate", "trace/fx-assistant-answer"], Paths(trace));
        var root = trace.Roots.Single();
        Assert.Equal("clx7q2m0p0000a8b3fx01tr9", root.SpanId);
        Assert.Equal(TimeSpan.FromMilliseconds(2030), root.Duration);

        // Each span knows the line it came from.
        Assert.Equal([2, 3], trace.Spans.Where(s => s.Name is "get_fx_rate" or "fx-assistant-answer").Select(s => s.SourceLine!.Value));

        var tool = trace.Select("trace/get_fx_rate");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.StartsWith("HTTP 429 Too Many Requests", tool.Status.Message);
        Assert.Equal("execute_tool", tool.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("call_fx71", tool.Attributes.GetString("gen_ai.tool.call.id"));

        var answer = trace.Select("trace/fx-assistant-answer");
        Assert.Equal("gpt-4o-mini", answer.Attributes.GetString("gen_ai.request.model"));
        Assert.Contains("2,300.00 euros", Json(answer, "gen_ai.output.messages")[0].GetProperty("parts")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Langfuse_generation_holding_an_anthropic_message_gives_its_stop_reason()
    {
        var trace = Fixture.Load("exported", "langfuse-anthropic-translation-cut-at-max-tokens.json");

        Assert.Empty(trace.Warnings);
        var translate = trace.Select("support-reply/translate-reply");
        Assert.Equal(128, translate.Attributes.GetInt64("gen_ai.request.max_tokens"));
        Assert.Equal(128, translate.Attributes.GetInt64("gen_ai.usage.output_tokens"));
        var output = Json(translate, "gen_ai.output.messages")[0];
        Assert.Equal("max_tokens", output.GetProperty("finish_reason").GetString());
        Assert.StartsWith("Hallo Jonas", output.GetProperty("parts")[0].GetProperty("content").GetString());
        Assert.Equal("end_turn", Json(trace.Select("support-reply/draft-reply"), "gen_ai.output.messages")[0].GetProperty("finish_reason").GetString());

        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("support-reply/translate-reply", a.Cited?.Path);
        Assert.Equal("Resource Exhaustion", a.Category?.L4);
    }

    [Fact]
    public void Langfuse_observe_generation_reads_the_messages_and_tools_it_was_called_with()
    {
        var trace = Fixture.Load("exported", "langfuse-observe-anthropic-books-full-hotel.json");

        Assert.Empty(trace.Warnings);
        var plan = trace.Select("itinerary-bot/call_claude[1]");
        Assert.Equal("get_hotel_availability", Json(plan, "gen_ai.tool.definitions")[0].GetProperty("name").GetString());
        Assert.Equal("tool_use", Json(plan, "gen_ai.output.messages")[0].GetProperty("finish_reason").GetString());

        var answer = trace.Select("itinerary-bot/call_claude[2]");
        var input = Json(answer, "gen_ai.input.messages");
        Assert.Equal(3, input.GetArrayLength());
        var result = input[2].GetProperty("parts")[0];
        Assert.Equal("tool_call_response", result.GetProperty("type").GetString());
        Assert.Equal("toolu_01Q7hZ", result.GetProperty("id").GetString());
        Assert.Contains("fully booked", result.GetProperty("response").ToString());
        // The SPAN the model's call asked for is its execute_tool.
        Assert.Equal("execute_tool", trace.Select("itinerary-bot/get_hotel_availability").Attributes.GetString("gen_ai.operation.name"));
    }

    [Fact]
    public void LangSmith_list_runs_json_lines_rebuild_the_run_tree()
    {
        var trace = Fixture.Load("exported", "langsmith-list-runs-crm-401.jsonl");

        Assert.Equal(TraceFormat.LangSmith, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal("1e5b7c9d-2f4a-4b6c-8d0e-3a5c7e9b1d2f", trace.TraceId);
        Assert.Equal(
            ["LangGraph", "LangGraph/agent[1]", "LangGraph/agent[1]/ChatOpenAI", "LangGraph/tools", "LangGraph/tools/search_contacts", "LangGraph/agent[2]", "LangGraph/agent[2]/ChatOpenAI"],
            Paths(trace));
        // Python's str(datetime): "2026-05-21 16:40:01.310000", no zone, read as UTC.
        var tool = trace.Select("LangGraph/tools/search_contacts");
        Assert.Equal(new DateTimeOffset(2026, 5, 21, 16, 40, 1, 310, TimeSpan.Zero), tool.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(580), tool.Duration);
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Contains("401 Client Error: Unauthorized", tool.Status.Message);
        Assert.Equal("call_crm4", tool.Attributes.GetString("gen_ai.tool.call.id"));

        // Serialized LangChain messages, one list per prompt, become gen-ai messages with the tool call and its error result.
        var answer = trace.Select("LangGraph/agent[2]/ChatOpenAI");
        var input = Json(answer, "gen_ai.input.messages");
        Assert.Equal(["system", "user", "assistant", "tool"], input.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("401 Client Error", input[3].GetProperty("parts")[0].GetProperty("response").ToString());
        Assert.Equal(171, answer.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal("openai", answer.Attributes.GetString("gen_ai.provider.name"));
    }

    [Fact]
    public void LangSmith_wrap_openai_run_reads_the_request_body_and_the_chat_completion()
    {
        var trace = Fixture.Load("exported", "langsmith-wrap-openai-summary-cut-at-max-tokens.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal(["summarise_contract", "summarise_contract/ChatOpenAI", "summarise_contract/parse_summary"], Paths(trace));
        var llm = trace.Select("summarise_contract/ChatOpenAI");
        Assert.Equal("chat", llm.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("gpt-4o-mini", llm.Attributes.GetString("gen_ai.request.model"));
        Assert.Equal("gpt-4o-mini-2024-07-18", llm.Attributes.GetString("gen_ai.response.model"));
        Assert.Equal(60, llm.Attributes.GetInt64("gen_ai.usage.output_tokens"));
        Assert.Equal(60, llm.Attributes.GetInt64("gen_ai.request.max_tokens"));
        var output = Json(llm, "gen_ai.output.messages")[0];
        Assert.Equal("length", output.GetProperty("finish_reason").GetString());
        Assert.StartsWith("{\"term\"", output.GetProperty("parts")[0].GetProperty("content").GetString());
        Assert.Equal(["system", "user"], Json(llm, "gen_ai.input.messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(SpanStatusCode.Error, trace.Select("summarise_contract/parse_summary").Status.Code);
    }

    [Fact]
    public void LangSmith_responses_api_items_become_tool_calls_and_results()
    {
        var trace = Fixture.Load("exported", "langsmith-responses-api-refund-misread.json");

        Assert.Empty(trace.Warnings);
        var plan = trace.Select("refund_assistant/ChatOpenAI[1]");
        var call = Json(plan, "gen_ai.output.messages")[0].GetProperty("parts")[0];
        Assert.Equal("tool_call", call.GetProperty("type").GetString());
        Assert.Equal("call_Rf82kd", call.GetProperty("id").GetString());
        Assert.Equal("get_refund", call.GetProperty("name").GetString());
        Assert.Equal("gpt-4.1-mini-2025-04-14", plan.Attributes.GetString("gen_ai.response.model"));
        Assert.Equal(96, plan.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        Assert.Equal("get_refund", Json(plan, "gen_ai.tool.definitions")[0].GetProperty("name").GetString());

        var answer = trace.Select("refund_assistant/ChatOpenAI[2]");
        var input = Json(answer, "gen_ai.input.messages");
        // instructions, the question, the call item and its output item.
        Assert.Equal(["system", "user", "assistant", "tool"], input.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("48.90", input[3].GetProperty("parts")[0].GetProperty("response").ToString());
        Assert.Contains("€489.00", Json(answer, "gen_ai.output.messages")[0].GetProperty("parts")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Phoenix_spans_dataframe_records_read_their_attribute_columns()
    {
        var trace = Fixture.Load("exported", "openinference-spans-dataframe-eta-timeout.jsonl");

        Assert.Equal(TraceFormat.OpenInference, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal(["delivery_agent", "delivery_agent/ChatCompletion[1]", "delivery_agent/get_shipment_eta", "delivery_agent/ChatCompletion[2]"], Paths(trace));

        var plan = trace.Select("delivery_agent/ChatCompletion[1]");
        // "attributes.llm.input_messages": [{"message.role": ...}] is read as llm.input_messages.0.message.role ...
        Assert.Equal("system", plan.Attributes.GetString("llm.input_messages.0.message.role"));
        Assert.Null(plan.Attributes.GetString("attributes.llm.model_name"));
        Assert.Equal("gpt-4o-mini-2024-07-18", plan.Attributes.GetString("llm.model_name"));
        var call = Json(plan, "gen_ai.output.messages")[0].GetProperty("parts")[0];
        Assert.Equal("get_shipment_eta", call.GetProperty("name").GetString());
        Assert.Equal("call_eta1", call.GetProperty("id").GetString());
        Assert.Equal(131, plan.Attributes.GetInt64("gen_ai.usage.input_tokens"));
        // ... and a column the span does not have (null in the record) is no attribute at all.
        Assert.DoesNotContain(plan.Attributes, a => a.Key.StartsWith("tool.", StringComparison.Ordinal));

        var tool = trace.Select("delivery_agent/get_shipment_eta");
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("execute_tool", tool.Attributes.GetString("gen_ai.operation.name"));
        Assert.Equal("get_shipment_eta", tool.Attributes.GetString("gen_ai.tool.name"));
        Assert.Equal("requests.exceptions.ReadTimeout", Assert.Single(tool.Events).Attributes.GetString("exception.type"));
    }

    [Fact]
    public void Otlp_log_records_in_the_same_file_become_events_of_the_spans_they_name()
    {
        var trace = Fixture.Load("exported", "otlp-python-openai-v2-logs-balance-misread.jsonl");

        Assert.Equal(TraceFormat.Otlp, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal([@"POST \/ask", @"POST \/ask/chat gpt-4o-mini[1]", @"POST \/ask/chat gpt-4o-mini[2]"], Paths(trace));

        var plan = trace.Select(@"POST \/ask/chat gpt-4o-mini[1]");
        Assert.Equal(["gen_ai.system.message", "gen_ai.user.message", "gen_ai.choice"], plan.Events.Select(e => e.Name));
        Assert.Contains("get_account_balance", plan.Events[2].Attributes.GetString("body"));

        var answer = trace.Select(@"POST \/ask/chat gpt-4o-mini[2]");
        Assert.Equal(5, answer.Events.Count);
        var tool = answer.Events.Single(e => e.Name == "gen_ai.tool.message");
        Assert.Contains("1240.50", tool.Attributes.GetString("body"));
        Assert.Equal(new DateTimeOffset(2025, 5, 23, 10, 0, 1, 420, TimeSpan.Zero), tool.Timestamp);
        // The access log names no span: it is not part of the trace.
        Assert.Empty(trace.Select(@"POST \/ask").Events);
    }

    [Fact]
    public void Python_console_exporter_output_reads_span_after_span_with_plain_hex_ids()
    {
        var trace = Fixture.Load("exported", "otel-python-console-translation-cut.json");

        Assert.Empty(trace.Warnings);
        Assert.Equal("7a3f9c1e5b2d4a6f8e0c2b4d6f8a1c3e", trace.TraceId);
        Assert.Equal(["translate_ticket", "translate_ticket/chat gpt-4o-mini", "translate_ticket/chat gpt-4o-mini/POST"], Paths(trace));
        var chat = trace.Select("id:4c1d7e9a2b3f5a62");
        Assert.Equal("4c1d7e9a2b3f5a61", chat.ParentSpanId);
        Assert.Equal(SpanKindCode.Client, chat.Kind);
        Assert.Equal(120, chat.Attributes.GetInt64("gen_ai.request.max_tokens"));
        var root = trace.Select("translate_ticket");
        Assert.Equal(SpanStatusCode.Error, root.Status.Code);
        Assert.Equal("ticket-translator", root.Resource.ServiceName);
        Assert.Equal("json.decoder.JSONDecodeError", Assert.Single(root.Events).Attributes.GetString("exception.type"));
    }

    [Fact]
    public void Tempo_batches_with_base64_ids_read_as_otlp()
    {
        var trace = Fixture.Load("exported", "tempo-dotnet-timetable-timeout.json");

        Assert.Equal(TraceFormat.Otlp, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal("4d1c8e2fa7b34c9e8f0a1b2c3d4e5f60", trace.TraceId);
        var http = trace.FindById("aa11bb22cc33dd04")!;
        Assert.Equal("aa11bb22cc33dd03", http.ParentSpanId);
        Assert.Equal(SpanKindCode.Client, http.Kind);
        Assert.Equal(SpanStatusCode.Error, http.Status.Code);
        Assert.Equal("TripPlanner.Api", http.Resource.ServiceName);
        Assert.Equal("System.Net.Http", http.ScopeName);
        var tool = trace.FindById("aa11bb22cc33dd03")!;
        Assert.Equal(TimeSpan.FromMilliseconds(30020), tool.Duration);
        Assert.Equal("exception", Assert.Single(tool.Events).Name);
    }

    [Fact]
    public void Jaeger_follows_from_reference_makes_the_worker_span_a_child_not_a_second_root()
    {
        var trace = Fixture.Load("exported", "jaeger-celery-follows-from-billing-503.json");

        Assert.Equal(TraceFormat.Jaeger, trace.Format);
        Assert.Empty(trace.Warnings);
        var worker = trace.FindById("e1f2a3b4c5d60744")!;
        Assert.Equal("d1e2f3a4b5c60733", worker.ParentSpanId);
        Assert.Equal("FOLLOWS_FROM", worker.Attributes.GetString("jaeger.parent_ref_type"));
        Assert.Empty(worker.Links);
        Assert.Equal("billing-worker", worker.Resource.ServiceName);
        Assert.Equal(SpanStatusCode.Error, worker.Status.Code);
        // The log with event=error is the worker's exception.
        var log = Assert.Single(worker.Events);
        Assert.Equal("exception", log.Name);
        Assert.Contains(log.Attributes, a => a.Value.ToString().Contains("503 Server Error", StringComparison.Ordinal));
        Assert.Single(trace.Roots);
    }
}
