using System.ComponentModel;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using TraceRegress.Capture;
using TraceRegress.TestSupport;

namespace TraceRegress.LiveAgentsTests;

/// <summary>Failures with no error signal, recorded from Microsoft Agent Framework's own instrumentation.</summary>
public class AgentFrameworkTests
{
    [Fact]
    public void An_answer_that_misstates_the_tool_figure_is_cited_at_the_model_call_that_wrote_it()
    {
        var trace = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.7 billion.");

        var attribution = AttributionEngine.Current.Attribute(trace);

        Assert.Attributes(trace, "invoke_agent analyst/chat gpt-4o-mini[2]", "Language-only hallucination", agent: "analyst");
        Assert.Equal(AttributionBasis.UngroundedContent, attribution.Basis);
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("$4.7 billion", StringComparison.Ordinal));
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("$4.1 billion", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_that_repeats_the_tool_figure_has_no_ungrounded_content()
    {
        var trace = LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.1 billion, up 6%.");

        var attribution = AttributionEngine.Current.Attribute(trace);

        // A corpus trace is a failure, so something is cited, but nothing rests on content or errors.
        Assert.Equal(AttributionBasis.Inference, attribution.Basis);
        Assert.True(attribution.Confidence < 0.5, $"confidence {attribution.Confidence}");
    }

    [Fact]
    public async Task An_answer_that_books_what_the_tool_said_was_sold_out_is_a_misread_tool_result()
    {
        var check = AIFunctionFactory.Create(
            [Description("Checks a hotel's availability and holds a room.")] (string hotel, int nights) =>
                new { hotel, nights, available = false, status = "SOLD_OUT", message = "No rooms left for these dates." },
            "hold_room");
        var agent = LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_hold", "hold_room", new() { ["hotel"] = "Hotel Bristol", ["nights"] = 2 }),
                ScriptedChatClient.Says("Done! I've booked Hotel Bristol in Oslo for your 2 nights.")),
            "concierge", "You book hotels for guests.", [check]);

        var trace = await LiveAgents.RecordAsync(agent, "Book Hotel Bristol in Oslo for 2 nights from 12 March.");

        Assert.Attributes(trace, "invoke_agent concierge/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", agent: "concierge");
    }

    [Fact]
    public async Task A_delegation_that_drops_the_tasks_year_is_cited_at_the_lead_that_wrote_it()
    {
        var search = AIFunctionFactory.Create([Description("Searches annual reports.")] (string query) =>
            "Contoso annual report, fiscal 2024: revenue $5.2 billion. Fiscal 2023: revenue $4.1 billion.", "search_filings");
        var researcher = LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_s", "search_filings", new() { ["query"] = "Contoso annual revenue" }),
                ScriptedChatClient.Says("Contoso's annual revenue is $5.2 billion, per its latest annual report.")),
            "researcher", "You research company filings.", [search], description: "Finds figures in company filings.");
        var lead = LiveAgents.Agent(new ScriptedChatClient("gpt-4o",
                ScriptedChatClient.Calls("call_r", "researcher", new() { ["query"] = "What is Contoso's annual revenue?" }),
                ScriptedChatClient.Says("Contoso's revenue in fiscal 2023 was $5.2 billion.")),
            "lead", "You answer finance questions. Delegate research to the researcher.", [researcher.AsAIFunction()]);

        var trace = await LiveAgents.RecordAsync(lead, "What was Contoso's revenue in fiscal 2023?");

        Assert.Attributes(trace, "invoke_agent lead/chat gpt-4o[1]", "Poor Information Retrieval", agent: "lead");
        var attribution = AttributionEngine.Current.Attribute(trace);
        Assert.Contains(attribution.Evidence, e => e.Quote.Contains("2023", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_streamed_run_is_read_as_the_same_run()
    {
        var agent = LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_rev", "get_revenue", new() { ["company"] = "Contoso", ["year"] = 2023 }),
                ScriptedChatClient.Says("Contoso's revenue in fiscal 2023 was $4.7 billion.")),
            "analyst", "You are a financial analyst.", [LiveAgents.RevenueTool()]);
        using var capture = TraceCapture.Start(new TraceCaptureOptions { Redact = false });
        await foreach (var _ in agent.RunStreamingAsync("What was Contoso's revenue in fiscal 2023?"))
        {
        }

        capture.Dispose();

        Assert.Attributes(capture.ToTrace(), "invoke_agent analyst/chat gpt-4o-mini[2]", "Language-only hallucination", agent: "analyst");
    }

    [Fact]
    public async Task A_tool_that_throws_is_cited_before_the_answer_made_up_after_it()
    {
        var rate = AIFunctionFactory.Create(
            [Description("Today's exchange rate.")] double (string from, string to) =>
                throw new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable)."),
            "get_rate");
        var agent = LiveAgents.Agent(new ScriptedChatClient("gpt-4o-mini",
                ScriptedChatClient.Calls("call_x", "get_rate", new() { ["from"] = "EUR", ["to"] = "NOK" }),
                ScriptedChatClient.Says("The current rate is 11.72 NOK per euro.")),
            "fx", "You convert currencies with the tools.", [rate]);

        var trace = await LiveAgents.RecordAsync(agent, "How many NOK is one euro today?");

        Assert.Attributes(trace, "invoke_agent fx/execute_tool get_rate", "Service Errors", agent: "fx");
        Assert.Contains(trace.Select("invoke_agent fx/chat gpt-4o-mini[2]").SpanId, AttributionEngine.Current.Attribute(trace).Chain);
    }

    [Fact]
    public async Task A_model_call_refused_with_429_is_cited_as_rate_limiting()
    {
        var calls = 0;
        var model = new ScriptedChatClient("gpt-4o-mini", ScriptedChatClient.Says("Oslo to Bergen is 463 km by road."));
        var flaky = new ChatClientBuilder(model)
            .Use(async (messages, options, next, cancellationToken) =>
            {
                if (calls++ == 0) throw new HttpRequestException("Response status code does not indicate success: 429 (Too Many Requests).", null, System.Net.HttpStatusCode.TooManyRequests);
                await next(messages, options, cancellationToken);
            })
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = true)
            .Build();
        var agent = new Microsoft.Agents.AI.ChatClientAgent(flaky, instructions: "You answer travel questions.", name: "guide")
            .AsBuilder().UseOpenTelemetry(configure: a => a.EnableSensitiveData = true).Build();
        using var capture = TraceCapture.Start(new TraceCaptureOptions { Redact = false });
        await Assert.ThrowsAsync<HttpRequestException>(() => agent.RunAsync("How far is Oslo from Bergen?"));
        await agent.RunAsync("How far is Oslo from Bergen?");
        capture.Dispose();

        Assert.Attributes(capture.ToTrace(), "invoke_agent guide[1]", "Rate Limiting", agent: "guide");
    }

    [Fact]
    public async Task An_answer_cut_at_the_output_token_limit_is_resource_exhaustion()
    {
        var cut = new ChatResponse(new ChatMessage(ChatRole.Assistant, "Here is the itinerary as JSON: {\"days\": [{\"day\": 1, \"city\": \"Oslo\", \"hotel\": \"Hotel Bri"))
        {
            FinishReason = ChatFinishReason.Length,
        };
        var agent = new ChatClientAgent(new ScriptedChatClient("gpt-4o-mini", cut).Instrumented(),
                new ChatClientAgentOptions { Name = "planner", ChatOptions = new ChatOptions { Instructions = "Answer with JSON.", MaxOutputTokens = 40 } })
            .AsBuilder().UseOpenTelemetry(configure: a => a.EnableSensitiveData = true).Build();

        var trace = await LiveAgents.RecordAsync(agent, "Plan three days in Oslo as JSON.");

        Assert.Attributes(trace, "invoke_agent planner/chat gpt-4o-mini", "Resource Exhaustion", agent: "planner");
    }

    [Fact]
    public async Task Tool_arguments_the_client_could_not_parse_are_the_model_calls_formatting_error()
    {
        // The chat client could not parse the arguments the model wrote: the call carries the exception, no arguments.
        var call = new FunctionCallContent("call_m", "book_hotel", null)
        {
            Exception = new System.Text.Json.JsonException("'}' is invalid after a property name. Expected a ':'. LineNumber: 0 | BytePositionInLine: 31."),
        };
        var model = new ScriptedChatClient("gpt-4o-mini",
            new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { FinishReason = ChatFinishReason.ToolCalls },
            ScriptedChatClient.Says("Your room at Hotel Bristol is booked."));
        var book = AIFunctionFactory.Create([Description("Books a hotel.")] (string hotel, int nights) => new { status = "confirmed" }, "book_hotel");

        var trace = await LiveAgents.RecordAsync(LiveAgents.Agent(model, "concierge", "You book hotels.", [book]), "Book Hotel Bristol for 2 nights.");

        Assert.Attributes(trace, "invoke_agent concierge/chat gpt-4o-mini[1]", "Formatting Errors", agent: "concierge");
    }

    [Fact]
    public async Task A_run_recorded_without_message_content_says_how_to_record_it()
    {
        var model = new ScriptedChatClient("gpt-4o-mini",
            ScriptedChatClient.Calls("call_rev", "get_revenue", new() { ["company"] = "Contoso", ["year"] = 2023 }),
            ScriptedChatClient.Says("Contoso's revenue in fiscal 2023 was $4.7 billion."));
        // The instrumentation's defaults: no EnableSensitiveData, so no prompts, answers or tool results are recorded.
        var agent = new ChatClientAgent(new ChatClientBuilder(model).UseOpenTelemetry().Build(), instructions: "You are an analyst.", name: "analyst",
                tools: [LiveAgents.RevenueTool()])
            .AsBuilder().UseOpenTelemetry().Build();

        var attribution = AttributionEngine.Current.Attribute(await LiveAgents.RecordAsync(agent, "What was Contoso's revenue in fiscal 2023?"));

        Assert.Equal(AttributionBasis.Inference, attribution.Basis);
        Assert.Equal("invoke_agent analyst", attribution.Cited!.Path);
        Assert.Contains("Its 2 model calls were recorded without their messages", attribution.Summary, StringComparison.Ordinal);
        Assert.Contains("EnableSensitiveData = true", attribution.Summary, StringComparison.Ordinal);
        Assert.Contains("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true", attribution.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_content_that_nothing_can_trace_gives_no_such_advice()
    {
        var attribution = AttributionEngine.Current.Attribute(LiveAgents.Analyst("Contoso's revenue in fiscal 2023 was $4.1 billion, up 6%."));

        Assert.DoesNotContain("recorded without their messages", attribution.Summary, StringComparison.Ordinal);
    }
}
