using System.Text;
using System.Text.Json;
using TraceRegress.Formats;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

/// <summary>
/// What agent frameworks' own instrumentations write, read into the gen-ai view whatever format carries the spans:
/// Pydantic AI / Logfire, Strands Agents, Google ADK, Semantic Kernel, OpenLLMetry and OpenLIT; and MLflow's trace JSON,
/// a format of its own. Each shape is read, spans that only look alike are not, and broken files fail at their position.
/// (The failures these shapes carry are attributed in the attribution tests' ExportedFailureTests.)
/// </summary>
public class InstrumentationShapeReaderTests
{
    private static AgentTrace Parse(string json, string name = "trace.json") => AgentTrace.Parse(Encoding.UTF8.GetBytes(json), name);

    private static string Str(string text) => JsonSerializer.Serialize(text);

    /// <summary>One flat span (the seed's format) with attributes and events given as JSON.</summary>
    private static string Span(string id, string? parent, string name, int second, string attributes, string events = "[]") =>
        $$"""{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"{{id}}",{{(parent is null ? "" : $"\"parentSpanId\":\"{parent}\",")}}"operationName":"{{name}}","startTime":"2026-05-19T09:00:0{{second}}.000Z","duration":500,"status":{"code":"OK"},"attributes":{{attributes}},"events":{{events}}}""";

    /// <summary>Events as JSON: each a name and its attributes, the values given as JSON.</summary>
    private static string Events(params (string Name, (string Key, string Json)[] Attributes)[] events) =>
        "[" + string.Join(",", events.Select(e => "{\"name\":\"" + e.Name + "\",\"attributes\":{" + string.Join(",", e.Attributes.Select(a => "\"" + a.Key + "\":" + a.Json)) + "}}")) + "]";

    private static TraceView View(params string[] spans) => TraceView.Of(Parse("{\"spans\":[" + string.Join(",", spans) + "]}"));

    private static GenAiSpan Named(TraceView view, string name) => view.Spans.Single(g => g.Span.Name == name);

    [Fact]
    public void Pydantic_ai_events_attribute_gives_the_chat_span_its_messages_and_the_tool_span_its_call()
    {
        var events = """[{"content":"Be brief.","role":"system","gen_ai.system":"openai"},{"content":"Balance of ACC-7?","role":"user","gen_ai.message.index":0},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_balance","arguments":"{\"account\":\"ACC-7\"}"}}],"gen_ai.message.index":1},{"content":{"balance":1240.5},"role":"tool","id":"call_1","name":"get_balance","gen_ai.message.index":2},{"index":0,"message":{"role":"assistant","content":[{"kind":"thinking","text":"look at it"},{"kind":"text","text":"It is 1240.50."}]},"gen_ai.system":"openai"}]""";
        var view = View(
            Span("0000000000000001", null, "agent run", 0, $$"""{"agent_name":"bank_agent","model_name":"gpt-4o","all_messages_events":{{Str("""[{"content":"Be brief.","role":"system"},{"content":"Balance of ACC-7?","role":"user"},{"role":"assistant","content":"It is 1240.50."}]""")}},"final_result":"It is 1240.50."}"""),
            Span("0000000000000002", "0000000000000001", "chat gpt-4o", 1, $$"""{"gen_ai.operation.name":"chat","gen_ai.system":"openai","gen_ai.request.model":"gpt-4o","events":{{Str(events)}},"model_request_parameters":{{Str("""{"function_tools":[{"name":"get_balance","description":null,"parameters_json_schema":{"type":"object","properties":{"account":{"type":"string"}},"required":["account"]},"kind":"function"}],"output_mode":"text","output_tools":[],"allow_text_output":true}""")}}}"""),
            Span("0000000000000003", "0000000000000001", "running tool", 2, """{"gen_ai.tool.name":"get_balance","gen_ai.tool.call.id":"call_1","tool_arguments":"{\"account\":\"ACC-7\"}","tool_response":"{\"balance\": 1240.5}","logfire.msg":"running tool: get_balance"}"""));

        var chat = Named(view, "chat gpt-4o");
        Assert.True(chat.IsModelCall);
        Assert.Equal(["system", "user", "assistant", "tool"], chat.InputMessages.Select(m => m.Role));
        var call = Assert.Single(chat.InputMessages[2].Parts);
        Assert.Equal((PartKind.ToolCall, "get_balance", "call_1"), (call.Kind, call.Name, call.Id));
        var result = Assert.Single(chat.InputMessages[3].Parts);
        Assert.Equal((PartKind.ToolCallResponse, "call_1"), (result.Kind, result.Id));
        Assert.Contains("1240.5", result.Content);
        // The choice is the output; a thinking part is not part of the answer.
        Assert.Equal("It is 1240.50.", chat.OutputText);
        Assert.True(chat.ToolDefinitionsKnown);
        Assert.Equal(["account"], Assert.Single(chat.ToolDefinitions).RequiredParameters);
        Assert.Equal("attributes[\"events\"] $[4].message.content[1]", Assert.Single(chat.OutputParts).Source);

        var tool = Named(view, "running tool");
        Assert.True(tool.IsToolExecution);
        Assert.Equal("get_balance", tool.ToolName);
        Assert.Equal("attributes[\"tool_arguments\"]", tool.ToolCallArguments!.Source);
        Assert.Equal("attributes[\"tool_response\"]", tool.ToolCallResult!.Source);

        // The agent run was given the system prompt and the question; it answered the final result.
        var agent = Named(view, "agent run");
        Assert.Equal(GenAiOperation.InvokeAgent, agent.Operation);
        Assert.Equal(["system", "user"], agent.InputMessages.Select(m => m.Role));
        Assert.Equal("It is 1240.50.", agent.OutputText);
        Assert.Equal("bank_agent", CitedSpan.OwnAgent(agent.Span));
    }

    [Fact]
    public void An_events_attribute_that_is_not_an_event_list_leaves_the_span_as_it_was()
    {
        var view = View(
            Span("0000000000000001", null, "chat gpt-4o", 0, """{"gen_ai.operation.name":"chat","gen_ai.request.model":"gpt-4o","events":"{\"broken\": [1, 2"}"""),
            Span("0000000000000002", null, "agent run", 1, """{"agent_name":"a"}"""));

        var chat = Named(view, "chat gpt-4o");
        Assert.Empty(chat.InputMessages);
        Assert.Empty(chat.OutputMessages);
        Assert.Equal("{\"broken\": [1, 2", chat.Span.Attributes.GetString("events"));
        // An agent name alone does not make a step an agent run.
        Assert.Equal(GenAiOperation.Other, Named(view, "agent run").Operation);
    }

    [Fact]
    public void Strands_converse_blocks_are_read_and_its_tool_span_events_are_the_call_not_a_conversation()
    {
        var use = """{"toolUseId":"tooluse_1","name":"get_stock","input":{"sku":"B-12"}}""";
        var answer = "[{\"text\":\"Checking.\"},{\"toolUse\":" + use + "}]";
        var view = View(
            Span("0000000000000001", null, "execute_event_loop_cycle", 0, """{"event_loop.cycle_id":"c1"}""",
                Events(("gen_ai.choice", [("message", Str(answer))]))),
            Span("0000000000000002", "0000000000000001", "chat", 1, """{"gen_ai.operation.name":"chat","gen_ai.system":"strands-agents"}""",
                Events(("gen_ai.user.message", [("content", Str("""[{"text":"Is B-12 in stock?"}]"""))]),
                       ("gen_ai.choice", [("finish_reason", "\"tool_use\""), ("message", Str(answer))]))),
            Span("0000000000000003", "0000000000000001", "execute_tool get_stock", 2, """{"gen_ai.operation.name":"execute_tool","gen_ai.tool.name":"get_stock","gen_ai.tool.call.id":"tooluse_1"}""",
                Events(("gen_ai.tool.message", [("role", "\"tool\""), ("content", Str("{\"sku\": \"B-12\"}")), ("id", "\"tooluse_1\"")]),
                       ("gen_ai.choice", [("message", Str("""[{"text":"{\"sku\": \"B-12\", \"in_stock\": 0}"}]""")), ("id", "\"tooluse_1\"")]))),
            Span("0000000000000004", null, "chat", 3, """{"gen_ai.operation.name":"chat"}""",
                Events(("gen_ai.tool.message", [("content", Str("""[{"toolResult":{"toolUseId":"tooluse_1","status":"success","content":[{"text":"{\"in_stock\": 0}"}]}}]"""))]))));

        var chat = view.Spans.First(g => g.Span.Name == "chat");
        Assert.Equal("Is B-12 in stock?", chat.InputMessages.Single().Parts.Single().Content);
        Assert.Equal("events[0] content $[0].text", chat.InputMessages.Single().Parts.Single().Source);
        var asked = chat.OutputParts.Single(p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("get_stock", "tooluse_1", "{\"sku\":\"B-12\"}"), (asked.Name, asked.Id, asked.Arguments));
        Assert.Equal("tool_use", chat.OutputMessages.Single().FinishReason);

        var tool = Named(view, "execute_tool get_stock");
        Assert.Empty(tool.InputMessages);
        Assert.Empty(tool.OutputMessages);
        Assert.Equal("{\"sku\": \"B-12\"}", tool.ToolCallArguments!.Text);
        Assert.Equal("{\"sku\": \"B-12\", \"in_stock\": 0}", tool.ToolCallResult!.Text);
        Assert.Equal("events[1] message $[0].text", tool.ToolCallResult.Source);

        // The cycle repeats its model call's answer: it is no model call of its own.
        Assert.Equal(GenAiOperation.Other, Named(view, "execute_event_loop_cycle").Operation);

        var reply = view.Spans.Last(g => g.Span.Name == "chat");
        var response = Assert.Single(Assert.Single(reply.InputMessages).Parts);
        Assert.Equal("tool", reply.InputMessages[0].Role);
        Assert.Equal((PartKind.ToolCallResponse, "tooluse_1", "{\"in_stock\": 0}"), (response.Kind, response.Id, response.Content));
    }

    [Fact]
    public void Spring_ai_messages_are_read_by_their_message_type_text_tool_calls_and_responses()
    {
        var prompt = """[{"messageType":"SYSTEM","text":"Check the tenancy first.","metadata":{}},{"messageType":"USER","text":"When is the deposit due back?"},{"messageType":"ASSISTANT","text":"","toolCalls":[{"id":"call_1","type":"function","name":"get_tenancy","arguments":"{\"address\": \"14 Leith Walk\"}"}]},{"messageType":"TOOL","responses":[{"id":"call_1","name":"get_tenancy","responseData":"{\"jurisdiction\": \"scotland\"}"}]}]""";
        var completion = """[{"messageType":"ASSISTANT","text":"Within 30 working days.","toolCalls":[]}]""";
        var view = View(Span("0000000000000001", null, "chat gpt-4o", 0,
            "{\"gen_ai.operation.name\":\"chat\",\"gen_ai.prompt\":" + Str(prompt) + ",\"gen_ai.completion\":" + Str(completion) + "}"));

        var chat = Named(view, "chat gpt-4o");
        Assert.Equal(["system", "user", "assistant", "tool"], chat.InputMessages.Select(m => m.Role));
        Assert.Equal("When is the deposit due back?", chat.InputMessages[1].Text);
        var asked = chat.InputMessages[2].Parts.Single(p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("get_tenancy", "call_1"), (asked.Name, asked.Id));
        var answered = chat.InputMessages[3].Parts.Single();
        Assert.Equal((PartKind.ToolCallResponse, "call_1", "{\"jurisdiction\": \"scotland\"}"), (answered.Kind, answered.Id, answered.Content));
        Assert.Equal("Within 30 working days.", chat.OutputText);
    }

    [Fact]
    public void A_prompt_list_of_role_prefixed_strings_is_read_as_messages_of_their_roles()
    {
        var prompt = """["system: Always check availability first.", "user: Hold Kittiwake for 12-19 July.", "tool: {\"available\": true}"]""";
        var view = View(Span("0000000000000001", null, "chat gpt-4o", 0, "{\"gen_ai.operation.name\":\"chat\",\"gen_ai.prompt\":" + Str(prompt) + "}"));

        var chat = Named(view, "chat gpt-4o");
        Assert.Equal(["system", "user", "tool"], chat.InputMessages.Select(m => m.Role));
        Assert.Equal("Always check availability first.", chat.InputMessages[0].Text);
        Assert.Equal(PartKind.ToolCallResponse, chat.InputMessages[2].Parts.Single().Kind);

        // One string without a role: the list is a list of user texts, as it was.
        var plain = View(Span("0000000000000001", null, "chat gpt-4o", 0, "{\"gen_ai.operation.name\":\"chat\",\"gen_ai.prompt\":" + Str("""["system: Be brief.", "What is due?"]""") + "}"));
        Assert.Equal(["user", "user"], Named(plain, "chat gpt-4o").InputMessages.Select(m => m.Role));
    }

    [Fact]
    public void A_prompt_list_of_message_texts_with_spring_ai_assistant_turns_is_read_message_by_message()
    {
        var prompt = """["Check the tenancy first.", "When is the deposit due back?", "AssistantMessage [messageType=ASSISTANT, toolCalls=[ToolCall[id=call_1, type=function, name=get_tenancy, arguments={\"address\":\"14 Leith Walk [flat 2]\"}]], textContent=, metadata={role=ASSISTANT}]", "{\"jurisdiction\": \"scotland\"}"]""";
        var completion = """["AssistantMessage [messageType=ASSISTANT, toolCalls=[ToolCall[id=call_2, type=function, name=get_deposit, arguments={\"tenancy\":\"T-1\"}]], textContent=Checking the deposit., metadata={}]"]""";
        var view = View(Span("0000000000000001", null, "chat gpt-4o", 0,
            "{\"gen_ai.operation.name\":\"chat\",\"gen_ai.prompt\":" + Str(prompt) + ",\"gen_ai.completion\":" + Str(completion) + "}"));

        var chat = Named(view, "chat gpt-4o");
        Assert.Equal(["system", "user", "assistant", "tool"], chat.InputMessages.Select(m => m.Role));
        var asked = chat.InputMessages[2].Parts.Single(p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("get_tenancy", "call_1", "{\"address\":\"14 Leith Walk [flat 2]\"}"), (asked.Name, asked.Id, asked.Arguments));
        Assert.Equal((PartKind.ToolCallResponse, "call_1"), (chat.InputMessages[3].Parts[0].Kind, chat.InputMessages[3].Parts[0].Id));
        Assert.Equal("Checking the deposit.", chat.OutputText);
        Assert.Contains(chat.OutputParts, p => p.Kind == PartKind.ToolCall && p.Name == "get_deposit" && p.Arguments == "{\"tenancy\":\"T-1\"}");

        // Plain strings on a span that is not Spring AI's: user texts, as before.
        var plain = View(Span("0000000000000001", null, "chat gpt-4o", 0, "{\"gen_ai.operation.name\":\"chat\",\"gen_ai.prompt\":" + Str("""["Be brief.", "What is due?"]""") + "}"));
        Assert.Equal(["user", "user"], Named(plain, "chat gpt-4o").InputMessages.Select(m => m.Role));
    }

    [Fact]
    public void Google_adk_llm_request_and_response_are_the_call_llm_span_messages_and_tools()
    {
        var request = """{"model":"gemini-2.0-flash","config":{"system_instruction":"Answer from get_weather.","tools":[{"function_declarations":[{"name":"get_weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}},"required":["city"]}}]}]},"contents":[{"role":"user","parts":[{"text":"Weather in Oslo?"}]},{"role":"model","parts":[{"function_call":{"id":"adk-1","name":"get_weather","args":{"city":"Oslo"}}}]},{"role":"user","parts":[{"function_response":{"id":"adk-1","name":"get_weather","response":{"temp_c":14}}}]}]}""";
        var response = """{"content":{"role":"model","parts":[{"text":"It is 41 degrees."}]},"finish_reason":"STOP"}""";
        var view = View(
            Span("0000000000000001", null, "call_llm", 0, $$"""{"gen_ai.system":"gcp.vertex.agent","gen_ai.request.model":"gemini-2.0-flash","gcp.vertex.agent.llm_request":{{Str(request)}},"gcp.vertex.agent.llm_response":{{Str(response)}}}"""),
            Span("0000000000000002", null, "execute_tool get_weather", 1, """{"gen_ai.operation.name":"execute_tool","gen_ai.tool.name":"get_weather","gen_ai.tool.call.id":"adk-1","gcp.vertex.agent.tool_call_args":"{\"city\": \"Oslo\"}","gcp.vertex.agent.tool_response":"{\"temp_c\": 14}","gcp.vertex.agent.llm_request":"{}","gcp.vertex.agent.llm_response":"{}"}"""));

        var llm = Named(view, "call_llm");
        Assert.True(llm.IsModelCall);
        Assert.Equal(["system", "user", "assistant", "tool"], llm.InputMessages.Select(m => m.Role));
        var answer = Assert.Single(llm.InputMessages[3].Parts);
        Assert.Equal((PartKind.ToolCallResponse, "adk-1", "{\"temp_c\":14}"), (answer.Kind, answer.Id, answer.Content));
        Assert.Equal("It is 41 degrees.", llm.OutputText);
        Assert.Equal("STOP", llm.OutputMessages.Single().FinishReason);
        Assert.True(llm.ToolDefinitionsKnown);
        Assert.Equal(["city"], Assert.Single(llm.ToolDefinitions).RequiredParameters);

        var tool = Named(view, "execute_tool get_weather");
        Assert.Empty(tool.InputMessages);
        Assert.Equal("attributes[\"gcp.vertex.agent.tool_call_args\"]", tool.ToolCallArguments!.Source);
        Assert.Equal("{\"temp_c\": 14}", tool.ToolCallResult!.Text);
    }

    [Theory]
    [InlineData("chat.completions", GenAiOperation.Chat)]
    [InlineData("text.completions", GenAiOperation.TextCompletion)]
    public void Semantic_kernel_operation_names_are_model_calls(string operation, string expected)
    {
        var choice = """{"index": 0, "message": {"role": "Assistant", "content": "{\"category\": \"Bill"}, "tool_calls": [], "finish_reason": "Length"}""";
        var view = View(Span("0000000000000001", null, operation + " gpt-4o-mini", 0, "{\"gen_ai.operation.name\":\"" + operation + "\",\"gen_ai.system\":\"openai\"}",
            Events(("gen_ai.choice", [("gen_ai.event.content", Str(choice))]))));

        var g = view.Spans.Single();
        Assert.Equal(expected, g.Operation);
        Assert.True(g.IsModelCall);
        Assert.Equal("assistant", g.OutputMessages.Single().Role);
        Assert.Equal("Length", Assert.Single(g.FinishReasons).Text);
    }

    [Fact]
    public void OpenLLMetry_tool_and_agent_spans_are_a_tool_execution_and_an_agent_run()
    {
        var view = View(
            Span("0000000000000001", null, "support.agent", 0, """{"traceloop.span.kind":"agent","traceloop.entity.name":"support"}"""),
            Span("0000000000000002", "0000000000000001", "lookup_refund.tool", 1, """{"traceloop.span.kind":"tool","traceloop.entity.name":"lookup_refund","traceloop.entity.input":"{\"args\": [], \"kwargs\": {\"order_id\": \"88213\"}}","traceloop.entity.output":"{\"status\": \"error\"}"}"""),
            Span("0000000000000003", "0000000000000001", "refund.workflow", 2, """{"traceloop.span.kind":"workflow","traceloop.entity.name":"refund","traceloop.entity.output":"\"done\""}"""));

        var tool = Named(view, "lookup_refund.tool");
        Assert.True(tool.IsToolExecution);
        Assert.Equal("lookup_refund", tool.ToolName);
        Assert.Equal("attributes[\"traceloop.entity.input\"]", tool.ToolCallArguments!.Source);
        Assert.Equal("{\"status\": \"error\"}", tool.ToolCallResult!.Text);
        Assert.Equal(GenAiOperation.InvokeAgent, Named(view, "support.agent").Operation);
        Assert.Equal("support", CitedSpan.OwnAgent(Named(view, "support.agent").Span));
        // A workflow is a plain step.
        Assert.Equal(GenAiOperation.Other, Named(view, "refund.workflow").Operation);
        Assert.Null(Named(view, "refund.workflow").ToolCallResult);
    }

    [Fact]
    public void OpenLIT_role_lines_are_split_into_messages_and_the_requested_call_is_the_output()
    {
        var prompt = "system: Quote fares exactly.\nuser: Fare Zurich to Milan?\nIt is for Friday.\nassistant: None\ntool: {\"fare_chf\":64.8}";
        var view = View(
            Span("0000000000000001", null, "chat gpt-4o-mini", 0, $$"""{"gen_ai.operation.name":"chat","gen_ai.request.model":"gpt-4o-mini","gen_ai.prompt":{{Str(prompt)}},"gen_ai.completion":"CHF 46.80.","gen_ai.tool.name":"get_fare","gen_ai.tool.call.id":"call_9","gen_ai.tool.args":"{\"class\":\"2nd\"}"}"""),
            Span("0000000000000002", null, "chat gpt-4o", 1, """{"gen_ai.operation.name":"chat","gen_ai.request.model":"gpt-4o"}""",
                """[{"name":"gen_ai.content.prompt","attributes":{"gen_ai.prompt":"What is the fare: 64.80?"}}]"""));

        var g = Named(view, "chat gpt-4o-mini");
        Assert.Equal(["system", "user", "tool"], g.InputMessages.Select(m => m.Role));
        Assert.Equal("Fare Zurich to Milan?\nIt is for Friday.", g.InputMessages[1].Parts.Single().Content);
        Assert.Equal(PartKind.ToolCallResponse, g.InputMessages[2].Parts.Single().Kind);
        Assert.Equal("CHF 46.80.", g.OutputText);
        var call = g.OutputParts.Single(p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("get_fare", "call_9"), (call.Name, call.Id));

        // A prompt that is not written as role lines is one user message, as it was.
        var plain = Named(view, "chat gpt-4o");
        Assert.Equal("What is the fare: 64.80?", Assert.Single(Assert.Single(plain.InputMessages).Parts).Content);
    }

    [Fact]
    public void Semantic_Kernels_whole_history_in_one_prompt_event_keeps_each_messages_role()
    {
        var history = """[{"role":"system","content":"You renew loans with Library-RenewLoan."},{"role":"user","content":"Can you renew them?"},{"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"Library-ListLoans","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":"{\"items_out\":[]}"}]""";
        var completion = """[{"role":"assistant","content":"Done."}]""";
        var view = View(
            Span("0000000000000001", null, "chat.completions gpt-4o-mini", 0, """{"gen_ai.operation.name":"chat.completions","gen_ai.request.model":"gpt-4o-mini"}""",
                "[{\"name\":\"gen_ai.content.prompt\",\"attributes\":{\"gen_ai.prompt\":" + Str(history) + "}},{\"name\":\"gen_ai.content.completion\",\"attributes\":{\"gen_ai.completion\":" + Str(completion) + "}}]"));

        var g = Named(view, "chat.completions gpt-4o-mini");
        Assert.Equal(["system", "user", "assistant", "tool"], g.InputMessages.Select(m => m.Role));
        Assert.Equal("Can you renew them?", g.InputMessages[1].Parts.Single().Content);
        Assert.Equal("events[0] gen_ai.prompt $[1]", g.InputMessages[1].Source);
        Assert.Equal(PartKind.ToolCallResponse, g.InputMessages[3].Parts.Single(p => p.Kind != PartKind.Text || p.Content is { Length: > 0 }).Kind);
        Assert.Equal("Done.", g.OutputText);

        // An array that is not of messages stays one message, as it was.
        var plain = View(Span("0000000000000001", null, "chat", 0, """{"gen_ai.operation.name":"chat"}""",
            """[{"name":"gen_ai.content.prompt","attributes":{"gen_ai.prompt":"[1, 2, 3]"}}]"""));
        Assert.Equal("[1, 2, 3]", Assert.Single(Assert.Single(Named(plain, "chat").InputMessages).Parts).Content);
    }

    [Fact]
    public void Semantic_Kernels_chat_history_serialized_as_it_is_is_read_item_by_item()
    {
        var history = """[{"Role":"user","Items":[{"$type":"TextContent","Text":"Renew my loans, please."}]},{"Role":"assistant","Items":[{"$type":"FunctionCallContent","Id":"call_1","PluginName":"Library","FunctionName":"ListLoans","Arguments":{"card":"C-118"}}]},{"Role":{"Label":"tool"},"Items":[{"$type":"FunctionResultContent","CallId":"call_1","PluginName":"Library","FunctionName":"ListLoans","Result":{"items_out":2}}]}]""";
        var completion = """[{"Role":"assistant","Items":[{"$type":"FunctionCallContent","Id":"call_2","PluginName":"Library","FunctionName":"RenewLoan","Arguments":{"loan":"L-7"}}]}]""";
        var view = View(
            Span("0000000000000001", null, "chat.completions gpt-4o", 0, """{"gen_ai.operation.name":"chat.completions","gen_ai.request.model":"gpt-4o"}""",
                "[{\"name\":\"gen_ai.content.prompt\",\"attributes\":{\"gen_ai.prompt\":" + Str(history) + "}},{\"name\":\"gen_ai.content.completion\",\"attributes\":{\"gen_ai.completion\":" + Str(completion) + "}}]"));

        var g = Named(view, "chat.completions gpt-4o");
        Assert.Equal(["user", "assistant", "tool"], g.InputMessages.Select(m => m.Role));
        Assert.Equal("Renew my loans, please.", g.InputMessages[0].Parts.Single().Content);
        Assert.Equal((PartKind.ToolCall, "Library-ListLoans", "call_1"), (g.InputMessages[1].Parts.Single().Kind, g.InputMessages[1].Parts.Single().Name, g.InputMessages[1].Parts.Single().Id));
        Assert.Equal((PartKind.ToolCallResponse, "call_1"), (g.InputMessages[2].Parts.Single().Kind, g.InputMessages[2].Parts.Single().Id));
        var call = g.OutputParts.Single(p => p.Kind == PartKind.ToolCall);
        Assert.Equal(("Library-RenewLoan", "call_2", "{\"loan\":\"L-7\"}"), (call.Name, call.Id, call.Arguments));
    }

    [Theory]
    [InlineData("user: hi", new[] { "user" })]
    [InlineData("system: a\nuser: b\nassistant: c", new[] { "system", "user", "assistant" })]
    [InlineData("Summarise this: user: x", null)]
    [InlineData("", null)]
    public void Role_lines_start_with_a_role(string text, string[]? roles)
    {
        var messages = GenAiSpanReader.RoleLines(text);
        if (roles is null) Assert.Null(messages);
        else Assert.Equal(roles, messages!.Select(m => m.Role));
    }

    private const string TraceIdB64 = "XH6aGz1fR6mxw9Xn+aGzxQ==";

    private static string MlflowV3Span(string spanB64, string parentB64, string name, long start, string type, string inputs, string? outputs, string status = "STATUS_CODE_OK") =>
        $$"""{"trace_id":"{{TraceIdB64}}","span_id":"{{spanB64}}","trace_state":"","parent_span_id":"{{parentB64}}","name":"{{name}}","start_time_unix_nano":"{{start}}","end_time_unix_nano":"{{start + 1_000_000}}","attributes":{"mlflow.traceRequestId":"\"tr-5c7e9a1b3d5f47a9b1c3d5e7f9a1b3c5\"","mlflow.spanType":"\"{{type}}\"","mlflow.spanInputs":{{Str(inputs)}}{{(outputs is null ? "" : ",\"mlflow.spanOutputs\":" + Str(outputs))}}},"status":{"message":"","code":"{{status}}"},"events":[]}""";

    [Fact]
    public void Mlflow_3_trace_json_is_read_with_its_types_messages_and_base64_ids()
    {
        var json = "{\"info\":{\"trace_id\":\"tr-5c7e9a1b3d5f47a9b1c3d5e7f9a1b3c5\",\"state\":\"OK\"},\"data\":{\"spans\":[" + string.Join(",",
            MlflowV3Span("ehw+W50vSmA=", "", "agent", 1_749_629_643_117_000_000, "AGENT", """{"q":"250 USD in JPY?"}""", "\"about 37,800 JPY\""),
            MlflowV3Span("iy1Pahw+W3E=", "ehw+W50vSmA=", "Completions", 1_749_629_643_118_000_000, "CHAT_MODEL",
                """{"messages":[{"role":"user","content":"250 USD in JPY?"}],"model":"gpt-4o-mini"}""",
                """{"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_rate","arguments":"{\"quote\":\"JPY\"}"}}]}}]}"""),
            MlflowV3Span("nD5aey1PbII=", "ehw+W50vSmA=", "get_rate", 1_749_629_643_119_000_000, "TOOL", """{"quote":"JPY"}""", """{"rate":144.37}""")) + "]}}";

        var reader = TraceReaders.Detect(new TraceInput(Encoding.UTF8.GetBytes(json), "trace.json"), out _);
        Assert.IsType<MlflowReader>(reader);
        var trace = Parse(json);
        Assert.Equal(TraceFormat.Mlflow, trace.Format);
        Assert.Empty(trace.Warnings);
        Assert.Equal("5c7e9a1b3d5f47a9b1c3d5e7f9a1b3c5", trace.TraceId);
        Assert.Equal(["agent", "agent/Completions", "agent/get_rate"], trace.Spans.Select(s => s.Path));
        Assert.Equal("7a1c3e5b9d2f4a60", trace.Spans[0].SpanId);
        // Attribute values are JSON-decoded once: the type is a string, the inputs stay JSON text.
        Assert.Equal("AGENT", trace.Spans[0].Attributes.GetString("mlflow.spanType"));

        var view = TraceView.Of(trace);
        Assert.Equal(GenAiOperation.InvokeAgent, view[trace.Spans[0]].Operation);
        var chat = view[trace.Select("Completions")];
        Assert.True(chat.IsModelCall);
        Assert.Equal("250 USD in JPY?", chat.InputMessages.Single().Parts.Single().Content);
        Assert.Equal("get_rate", chat.OutputParts.Single().Name);
        var tool = view[trace.Select("get_rate")];
        Assert.True(tool.IsToolExecution);
        Assert.Equal("{\"rate\":144.37}", tool.ToolCallResult!.Text);
        // The tool span is linked to the call that asked for it.
        Assert.Equal("call_1", tool.ToolCallId);
    }

    [Fact]
    public void Mlflow_2_span_dicts_with_context_and_status_code_are_read()
    {
        var json = """
            {"info":{"request_id":"tr-0af7651916cd43dd8448eb211c80319c","status":"ERROR"},"data":{"request":"{}","response":null,"spans":[
              {"name":"search","context":{"span_id":"0x51d8d3c5a2b4e6f7","trace_id":"0x0af7651916cd43dd8448eb211c80319c"},"parent_id":null,
               "start_time":1749629643117000000,"end_time":1749629643517000000,"status_code":"ERROR","status_message":"TimeoutError: search timed out",
               "attributes":{"mlflow.traceRequestId":"\"tr-0af7651916cd43dd8448eb211c80319c\"","mlflow.spanType":"\"TOOL\"","mlflow.spanInputs":"{\"q\": \"x\"}","mlflow.spanOutputs":"null"},
               "events":[{"name":"exception","timestamp":1749629643517000000,"attributes":{"exception.type":"TimeoutError","exception.message":"search timed out"}}]}
            ]}}
            """;

        var trace = Parse(json);

        var span = Assert.Single(trace.Spans);
        Assert.Equal(TraceFormat.Mlflow, trace.Format);
        Assert.Equal("51d8d3c5a2b4e6f7", span.SpanId);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", trace.TraceId);
        Assert.Equal(SpanStatusCode.Error, span.Status.Code);
        Assert.Equal("TimeoutError: search timed out", span.Status.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(400), span.Duration);
        Assert.Equal("exception", Assert.Single(span.Events).Name);
        var g = TraceView.Of(trace)[span];
        Assert.True(g.IsToolExecution);
        Assert.Equal("{\"q\":\"x\"}", g.ToolCallArguments!.Text);
    }

    [Fact]
    public void Mlflow_spans_need_an_mlflow_attribute_jaeger_and_flat_spans_keep_their_readers()
    {
        Assert.IsType<JaegerReader>(TraceReaders.Detect(new TraceInput(Encoding.UTF8.GetBytes(
            """{"data":[{"traceID":"a","spans":[{"traceID":"a","spanID":"b","operationName":"x","references":[],"startTime":1,"duration":1,"tags":[],"processID":"p1"}],"processes":{"p1":{"serviceName":"s"}}}]}"""), "t.json"), out _));
        Assert.IsType<FlatSpanReader>(TraceReaders.Detect(new TraceInput(Encoding.UTF8.GetBytes(
            """{"spans":[{"traceId":"a","spanId":"b","operationName":"x","startTime":"2026-05-19T09:00:00Z","attributes":{"span_id":"c"}}]}"""), "t.json"), out _));
    }

    [Theory]
    // A span without an id, a span without a start, a non-integer start, attributes that are not an object, data that is not an object.
    [InlineData("""{"info":{},"data":{"spans":[{"name":"a","start_time_unix_nano":"1","attributes":{"mlflow.spanType":"\"TOOL\""}}]}}""", 1, 29, "non-empty \"span_id\"")]
    [InlineData("""{"info":{},"data":{"spans":[{"span_id":"0000000000000001","name":"a","attributes":{"mlflow.spanType":"\"TOOL\""}}]}}""", 1, 29, "expected \"start_time_unix_nano\"")]
    [InlineData("{\"info\":{},\"data\":{\"spans\":[\n{\"span_id\":\"0000000000000001\",\"start_time_unix_nano\":\"soon\",\"attributes\":{\"mlflow.spanType\":\"\\\"TOOL\\\"\"}}]}}", 2, 54, "expected an integer for \"start_time_unix_nano\"")]
    [InlineData("""{"info":{},"data":{"spans":[{"span_id":"0000000000000001","start_time_unix_nano":1,"attributes":{"mlflow.spanType":"\"AGENT\""}},{"span_id":"0000000000000002","start_time_unix_nano":2,"attributes":["mlflow.spanType"]}]}}""", 1, 198, "an object of attributes")]
    [InlineData("""{"info":{},"data":[],"spans":[{"attributes":{"mlflow.spanType":"\"TOOL\""}}]}""", 1, 19, "an object {\"spans\": [...]} for \"data\"")]
    public void Broken_mlflow_traces_fail_at_their_position(string json, int line, int column, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "mlflow-trace.json"));

        Assert.Equal("mlflow-trace.json", e.Source);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(expected, e.Reason);
    }

    [Fact]
    public void A_truncated_mlflow_trace_fails_where_it_ends()
    {
        var json = """{"info":{"trace_id":"tr-1"},"data":{"spans":[{"span_id":"0000000000000001","name":"a","start_time_unix_nano":1,"attributes":{"mlflow.spanType":"\"TOOL\"","mlflow.spanInputs":"{\"q\": 1""";

        var e = Assert.Throws<TraceFormatException>(() => Parse(json, "cut.json"));

        Assert.Equal(1, e.Line);
        Assert.True(e.Column > 100, e.Message);
    }

    [Fact]
    public void Every_mlflow_span_of_the_file_is_kept_even_without_an_mlflow_type()
    {
        var json = "{\"info\":{\"trace_id\":\"tr-0af7651916cd43dd8448eb211c80319c\"},\"data\":{\"spans\":["
                   + MlflowV3Span("ehw+W50vSmA=", "", "root", 1_000_000_000, "CHAIN", "{}", null) + ","
                   + """{"span_id":"iy1Pahw+W3E=","parent_span_id":"ehw+W50vSmA=","name":"plain","start_time_unix_nano":"1001000000","attributes":{}},"""
                   + """{"span_id":"nD5aey1PbII=","parent_span_id":"AAAAAAAAAAE=","name":"orphan","start_time_unix_nano":"1002000000"}]}}""";

        var trace = Parse(json);

        Assert.Equal(["root", "root/plain", "orphan"], trace.Spans.Select(s => s.Path));
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.OrphanSpan);
    }
}
