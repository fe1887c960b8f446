namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-second blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 503 or 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for blind30 and blind31 already in): span right
/// 7/12, span and category 5/12. No rule was changed for it; the misses are pinned with what is cited instead and why
/// no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut32Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind32";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", null },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", "invocation/invoke_agent mailbox_assistant/call_llm[3] | Goal Deviation: a payment link sent for a fee the customer disputes is read as an action nobody asked for; that it misreads the problem (a dispute, not a balance) is a framing no rule weighs" },
        { "run06.jsonl", "AgentExecutor.workflow/RunnableSequence.task[2]/RunnableAssign<agent_scratchpad>.task | Tool Output Misinterpretation: \"never standard_offsite\" for legal files is a rule on a category of the user's goods (closed client files) that the forbidden-action rule reads only for states a tool result shows; the answer's origin is inferred" },
        { "run07.json", "assistant.turn/llm.chat[4] | Tool Output Misinterpretation: a confirmation e-mail sent before the visit it confirms was moved is an order of steps no declared precondition names; the answer's origin is inferred" },
        { "run08.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/chat gpt-4o[3] | Incorrect Problem Identification: Spring AI's tool spans carry no call id, so the price-list call the model asked for is not tied to the span that ran it and the quote tool passed over is not seen; the answer's origin is inferred" },
        { "run09.json", "POST api\\/spa-assistant | Goal Deviation: a voucher extension policy stated in words (\"can be extended once, free of charge\") carries no figure or id the fact rules check; the root is cited as the inferred origin" },
        { "run10.json", null },
        { "run11.json", "greenstripe-support-chat/chat-turn[2]/OpenAI-generation[3] | Tool Output Misinterpretation: \"the next visit there\" refers to the property of the earlier turn, a reference the rules do not resolve across turns; the answer's origin is inferred" },
        { "run12.json", "LangGraph/agent[3]/RunnableSequence/ChatOpenAI | Language-only hallucination: \"confirmed\" and \"your £30 deposit is in\" against \"status\": \"provisional\", \"deposit_paid\": 0.0 is a misread state the rules see only as an unsupported figure; the right call is cited under the category of an invented fact" },
    };

    [Fact]
    public void Spring_ais_model_request_names_the_tools_the_call_was_offered()
    {
        var trace = Fixture.Load(Folder, "run08.json");
        var chat = trace.View.Spans.First(g => g.IsModelCall);
        Assert.Contains(chat.ToolDefinitions, d => d.Name == "getQuote");
    }
}
