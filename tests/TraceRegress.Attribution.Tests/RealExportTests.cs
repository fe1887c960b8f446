using System.Text.Json;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Failures in exactly the shapes other tools write their exports (Fixtures/real-exports; README.md there names where
/// each shape comes from): Phoenix's REST span pages (its own and the otlpv1 one) and its spans dataframe as pandas
/// writes it by default, LangSmith's read_run tree and /runs/query page, Langfuse's v3 trace API and v2 observations
/// API, OTLP in protobuf's JSON mapping, Zipkin v2 from Brave, and Jaeger's UI export of an OpenInference app. Each file
/// is read (format, tree, gen-ai content) and attributed to the span and TRAIL leaf a person would label.
/// </summary>
public class RealExportTests
{
    /// <summary>File, format, span paths in tree order, labelled span path, labelled leaf.</summary>
    public static TheoryData<string, TraceFormat, string[], string, string> Runs() => new()
    {
        // px.Client().get_spans_dataframe().to_json(): pandas' default orient "columns", index = span id, epoch ms times.
        // check_stock answers 403; the model says the drill is in stock.
        {
            "phoenix-spans-dataframe-columns-stock-403.json", TraceFormat.OpenInference,
            ["inventory_agent", "inventory_agent/ChatCompletion[1]", "inventory_agent/check_stock", "inventory_agent/ChatCompletion[2]"],
            "inventory_agent/check_stock", "Authentication Errors"
        },
        // GET /v1/projects/{id}/spans: attributes flattened with list indexes, span_kind beside them, newest first.
        {
            "phoenix-rest-spans-billing-401.json", TraceFormat.OpenInference,
            ["billing_agent", "billing_agent/ChatCompletion[1]", "billing_agent/get_bill", "billing_agent/ChatCompletion[2]"],
            "billing_agent/get_bill", "Authentication Errors"
        },
        // The same run from GET /v1/projects/{id}/spans/otlpv1: snake_case OTLP spans, every AnyValue member written.
        {
            "phoenix-rest-otlpv1-spans-billing-401.json", TraceFormat.Otlp,
            ["billing_agent", "billing_agent/ChatCompletion[1]", "billing_agent/get_bill", "billing_agent/ChatCompletion[2]"],
            "billing_agent/get_bill", "Authentication Errors"
        },
        // client.read_run(id, load_child_runs=True) of a LangGraph agent: get_fare says 319, the answer NOK 391.
        {
            "langsmith-read-run-child-runs-fare-misread.json", TraceFormat.LangSmith,
            ["LangGraph", "LangGraph/agent[1]", "LangGraph/agent[1]/ChatOpenAI", "LangGraph/tools", "LangGraph/tools/get_fare", "LangGraph/agent[2]", "LangGraph/agent[2]/ChatOpenAI"],
            "LangGraph/agent[2]/ChatOpenAI", "Tool Output Misinterpretation"
        },
        // The same run as POST /runs/query lists it: {"runs": [...], "cursors": {...}}, flat, newest first.
        {
            "langsmith-runs-query-fare-misread.json", TraceFormat.LangSmith,
            ["LangGraph", "LangGraph/agent[1]", "LangGraph/agent[1]/ChatOpenAI", "LangGraph/tools", "LangGraph/tools/get_fare", "LangGraph/agent[2]", "LangGraph/agent[2]/ChatOpenAI"],
            "LangGraph/agent[2]/ChatOpenAI", "Tool Output Misinterpretation"
        },
        // GET /api/public/traces/{id} of a v3 SDK trace: AGENT, GUARDRAIL, RETRIEVER, GENERATION, TOOL, EVENT observations.
        // The claim service answers 503; the model says the claim was approved.
        {
            "langfuse-v3-trace-api-claim-service-503.json", TraceFormat.Langfuse,
            ["claims-chat", "claims-chat/claims-agent", "claims-chat/claims-agent/pii-check", "claims-chat/claims-agent/policy-lookup",
             "claims-chat/claims-agent/OpenAI-generation[1]", "claims-chat/claims-agent/get_claim_status", "claims-chat/claims-agent/retry-skipped",
             "claims-chat/claims-agent/OpenAI-generation[2]"],
            "claims-chat/claims-agent/get_claim_status", "Service Errors"
        },
        // GET /api/public/v2/observations: input and output as JSON text, newest first; the generation fails with 429.
        {
            "langfuse-v2-observations-api-translate-429.json", TraceFormat.Langfuse,
            ["support-translate", "support-translate/translate", "support-translate/send-reply"],
            "support-translate/translate", "Rate Limiting"
        },
        // OTLP in protobuf's JSON mapping (Python's MessageToJson): base64 ids, enum names, int64 as strings, flags,
        // traceState, dropped counts, scopes out of order. The summary stops at max_tokens 48; json.loads fails next.
        {
            "otlp-protobuf-json-python-summary-cut-at-max-tokens.json", TraceFormat.Otlp,
            [@"POST \/complaints\/summarise", @"POST \/complaints\/summarise/load_complaint", @"POST \/complaints\/summarise/chat gpt-4o-mini", @"POST \/complaints\/summarise/parse_summary"],
            @"POST \/complaints\/summarise/chat gpt-4o-mini", "Resource Exhaustion"
        },
        // The body @opentelemetry/exporter-trace-otlp-http 0.44.0 sent (times as protobuf.js Longs {"low", "high"}), with
        // OpenLLMetry JS attributes: track_order answers 404; the model says the order is out for delivery.
        {
            "otlp-js-0.44-long-bits-times-order-not-found.json", TraceFormat.Otlp,
            ["order_support.workflow", "order_support.workflow/openai.chat[1]", "order_support.workflow/track_order.tool", "order_support.workflow/openai.chat[2]"],
            "order_support.workflow/track_order.tool", "Resource Not Found"
        },
        // Zipkin v2 from Brave: 128-bit trace id, debug, a shared server half, annotations. The carrier service throws.
        {
            "zipkin-v2-brave-carrier-500.json", TraceFormat.Zipkin,
            [@"post \/api\/quotes", @"post \/api\/quotes/chat gpt-4o[1]", @"post \/api\/quotes/execute_tool get_shipping_rate",
             @"post \/api\/quotes/execute_tool get_shipping_rate/post", @"post \/api\/quotes/execute_tool get_shipping_rate/post/post \/v1\/rates",
             @"post \/api\/quotes/chat gpt-4o[2]"],
            @"post \/api\/quotes/execute_tool get_shipping_rate", "Service Errors"
        },
        // The same trace when the carrier service still propagates 64-bit trace ids: its span reports the low half of the
        // 128-bit id, and Zipkin (not in strict trace id mode) shows it in the same trace, paired with its client half.
        {
            "zipkin-v2-64-and-128-bit-trace-ids-carrier-500.json", TraceFormat.Zipkin,
            [@"post \/api\/quotes", @"post \/api\/quotes/chat gpt-4o[1]", @"post \/api\/quotes/execute_tool get_shipping_rate",
             @"post \/api\/quotes/execute_tool get_shipping_rate/post", @"post \/api\/quotes/execute_tool get_shipping_rate/post/post \/v1\/rates",
             @"post \/api\/quotes/chat gpt-4o[2]"],
            @"post \/api\/quotes/execute_tool get_shipping_rate", "Service Errors"
        },
        // Jaeger's UI export of an OpenInference (LangChain) app: OpenInference attributes as tags, the exception as a log.
        {
            "jaeger-ui-openinference-ferry-timeout.json", TraceFormat.Jaeger,
            ["AgentExecutor", "AgentExecutor/ChatOpenAI[1]", "AgentExecutor/get_departures", "AgentExecutor/ChatOpenAI[2]"],
            "AgentExecutor/get_departures", "Timeout Issues"
        },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Reads_the_tree_and_the_model_content(string file, TraceFormat format, string[] paths, string labelledPath, string leaf)
    {
        _ = labelledPath;
        _ = leaf;
        var trace = Fixture.Load("real-exports", file);

        Assert.Equal(format, trace.Format);
        Assert.True(trace.Warnings.Count == 0, $"{file}: {string.Join("; ", trace.Warnings)}");
        Assert.Equal(paths, trace.Spans.Select(s => s.Path));
        // Every model call reads as one, with what it was asked; every answered call with its answer.
        var calls = trace.View.Spans.Where(g => g.IsModelCall).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, g => Assert.True(g.InputMessages.Count > 0, $"{file}: {g.Span.Path} has no input messages"));
        Assert.All(calls, g => Assert.True(g.OutputMessages.Count > 0 || g.Span.Status.Code == SpanStatusCode.Error, $"{file}: {g.Span.Path} has no answer and did not fail"));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_labelled_span_and_leaf_are_cited(string file, TraceFormat format, string[] paths, string labelledPath, string leaf)
    {
        _ = format;
        _ = paths;
        var trace = Fixture.Load("real-exports", file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.NotNull(a.Cited);
        Assert.True(a.Cited!.Path == labelledPath && a.Category!.L4 == leaf,
            $"{file}: labelled {labelledPath} | {leaf}, cited {a.Cited.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    private static GenAiSpan Gen(AgentTrace trace, string path) => trace.View.Spans.Single(g => g.Span.Path == path);

    [Fact]
    public void Phoenix_dataframe_columns_give_each_span_its_row()
    {
        var trace = Fixture.Load("real-exports", "phoenix-spans-dataframe-columns-stock-403.json");

        Assert.Equal("b51e0a3f9c2d47e8a1f6c3d9e2b7a405", trace.TraceId);
        var plan = Gen(trace, "inventory_agent/ChatCompletion[1]");
        Assert.Equal("gpt-4o-2024-08-06", plan.ResponseModel);
        Assert.Equal(212, plan.InputTokenCount);
        // Read from llm.tools and again from the gen-ai definitions the reader adds beside it: one tool either way.
        Assert.Equal(["check_stock"], plan.ToolDefinitions.Select(t => t.Name).Distinct());
        var call = Assert.Single(plan.OutputMessages.SelectMany(m => m.Parts), p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("call_St0ck1", "check_stock"), (call.Id, call.Name));

        // pandas writes datetimes as epoch milliseconds.
        var tool = trace.Select("inventory_agent/check_stock");
        Assert.Equal(TimeSpan.FromMilliseconds(360), tool.Duration);
        Assert.Equal(SpanStatusCode.Error, tool.Status.Code);
        Assert.Equal("exception", Assert.Single(tool.Events).Name);
        Assert.Equal("execute_tool", tool.Attributes.GetString("gen_ai.operation.name"));
    }

    [Fact]
    public void Phoenix_otlpv1_page_reads_like_its_own_span_page()
    {
        var own = Fixture.Load("real-exports", "phoenix-rest-spans-billing-401.json");
        var otlp = Fixture.Load("real-exports", "phoenix-rest-otlpv1-spans-billing-401.json");

        foreach (var trace in (AgentTrace[])[own, otlp])
        {
            var tool = Gen(trace, "billing_agent/get_bill");
            Assert.Equal(GenAiOperation.ExecuteTool, tool.Operation);
            Assert.Equal("call_B1ll7", tool.ToolCallId);
            Assert.Contains("\"status\": 401", tool.ToolCallResult!.Text);
            Assert.Equal("billing_agent", trace.Select("billing_agent").Attributes.GetString("gen_ai.agent.name"));
            var answer = Gen(trace, "billing_agent/ChatCompletion[2]");
            Assert.Equal(["system", "user", "assistant", "tool"], answer.InputMessages.Select(m => m.Role));
            Assert.Equal(231, answer.InputTokenCount);
        }

        // The int-valued attribute keeps its type although the page writes every AnyValue member, unused ones null.
        Assert.Equal(148, otlp.Select("billing_agent/ChatCompletion[1]").Attributes.GetInt64("llm.token_count.prompt"));
    }

    [Fact]
    public void LangSmith_read_run_and_runs_query_read_the_same_run()
    {
        var tree = Fixture.Load("real-exports", "langsmith-read-run-child-runs-fare-misread.json");
        var page = Fixture.Load("real-exports", "langsmith-runs-query-fare-misread.json");

        foreach (var trace in (AgentTrace[])[tree, page])
        {
            // inputs.messages is a list of lists of serialised LangChain messages; outputs.generations a list of lists.
            var plan = Gen(trace, "LangGraph/agent[1]/ChatOpenAI");
            Assert.Equal(["system", "user"], plan.InputMessages.Select(m => m.Role));
            var call = Assert.Single(plan.OutputMessages.SelectMany(m => m.Parts), p => p.Kind == PartKind.ToolCall);
            Assert.Equal(("call_F4re9", "get_fare"), (call.Id, call.Name));
            Assert.Equal(["get_fare"], plan.ToolDefinitions.Select(t => t.Name));

            var tool = Gen(trace, "LangGraph/tools/get_fare");
            Assert.Equal(GenAiOperation.ExecuteTool, tool.Operation);
            Assert.Contains("\"fare_nok\": 319", tool.ToolCallResult!.Text);
        }
    }

    [Fact]
    public void Langfuse_v3_trace_keeps_the_observation_types_apart()
    {
        var trace = Fixture.Load("real-exports", "langfuse-v3-trace-api-claim-service-503.json");

        Assert.Equal("invoke_agent", trace.Select("claims-chat/claims-agent").Attributes.GetString("gen_ai.operation.name"));
        foreach (var step in (string[])["pii-check", "policy-lookup"])
        {
            Assert.Null(trace.Select("claims-chat/claims-agent/" + step).Attributes.GetString("gen_ai.operation.name"));
        }

        // The EVENT is a point in time, its WARNING level no failure.
        var skipped = trace.Select("claims-chat/claims-agent/retry-skipped");
        Assert.Equal(TimeSpan.Zero, skipped.Duration);
        Assert.NotEqual(SpanStatusCode.Error, skipped.Status.Code);
        Assert.Equal("WARNING", skipped.Attributes.GetString("langfuse.level"));

        var plan = Gen(trace, "claims-chat/claims-agent/OpenAI-generation[1]");
        Assert.Equal(["get_claim_status"], plan.ToolDefinitions.Select(t => t.Name));
        Assert.Equal(212, plan.InputTokenCount);
        Assert.Equal(0.00072, plan.Span.Attributes.GetDouble("langfuse.cost.total"));
        Assert.Equal("claims-system", plan.Span.Attributes.GetString("langfuse.promptName"));

        var tool = Gen(trace, "claims-chat/claims-agent/get_claim_status");
        Assert.Equal("call_Cl41m", tool.ToolCallId);
        Assert.Contains("503", tool.ToolCallResult!.Text);
    }

    [Fact]
    public void Langfuse_v2_observations_page_reads_payloads_given_as_text()
    {
        var trace = Fixture.Load("real-exports", "langfuse-v2-observations-api-translate-429.json");

        var translate = Gen(trace, "support-translate/translate");
        Assert.True(translate.IsModelCall);
        Assert.Equal("gpt-4o-mini", translate.RequestModel);
        Assert.Equal(["system", "user"], translate.InputMessages.Select(m => m.Role));
        Assert.Equal(SpanStatusCode.Error, translate.Span.Status.Code);
        Assert.StartsWith("Error code: 429", translate.Span.Status.Message);
        // An empty statusMessage on a DEFAULT observation is no message.
        Assert.Null(trace.Select("support-translate/send-reply").Status.Message);
    }

    [Fact]
    public void Otlp_protobuf_json_mapping_reads_ids_enums_and_strings_of_int64()
    {
        var trace = Fixture.Load("real-exports", "otlp-protobuf-json-python-summary-cut-at-max-tokens.json");

        Assert.Equal("5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d", trace.TraceId);
        var chat = Gen(trace, @"POST \/complaints\/summarise/chat gpt-4o-mini");
        Assert.Equal("1a2b3c4d5e6f7082", chat.Span.SpanId);
        Assert.Equal(SpanKindCode.Client, chat.Span.Kind);
        Assert.Equal(48, chat.OutputTokenCount);
        Assert.Equal(48, chat.Span.Attributes.GetInt64("gen_ai.request.max_tokens"));
        Assert.Equal(["length"], chat.FinishReasons.Select(f => f.Text));
        Assert.Equal(SpanStatusCode.Error, trace.Select(@"POST \/complaints\/summarise/parse_summary").Status.Code);
    }

    [Fact]
    public void Otlp_times_written_as_low_and_high_halves_read_as_nanoseconds()
    {
        var trace = Fixture.Load("real-exports", "otlp-js-0.44-long-bits-times-order-not-found.json");

        var root = trace.Select("order_support.workflow");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1779206400000), root.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(2900), root.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(320), trace.Select("order_support.workflow/track_order.tool").Duration);
    }

    [Fact]
    public void Jaeger_export_of_an_openinference_app_gets_its_gen_ai_reading()
    {
        var trace = Fixture.Load("real-exports", "jaeger-ui-openinference-ferry-timeout.json");

        Assert.Equal("AgentExecutor", trace.Select("AgentExecutor").Attributes.GetString("gen_ai.agent.name"));
        var answer = Gen(trace, "AgentExecutor/ChatOpenAI[2]");
        Assert.Equal(["system", "user", "assistant", "tool"], answer.InputMessages.Select(m => m.Role));
        var tool = Gen(trace, "AgentExecutor/get_departures");
        Assert.Equal(GenAiOperation.ExecuteTool, tool.Operation);
        Assert.Equal("call_Ferry1", tool.ToolCallId);
    }
}
