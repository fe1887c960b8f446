namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-eighth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Semantic Kernel, the OpenAI Agents SDK through OpenInference, CrewAI through OpenLLMetry, a LlamaIndex
/// workflow with span events, a Collector file of LangGraph spans, a flat export, Jaeger, Zipkin, Phoenix, Langfuse and a
/// LangSmith LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// two carry a retried 429 or timeout that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 3/12. The misses are pinned with what is cited instead and why
/// no rule reaches them yet.
/// </para>
/// </summary>
public class BlindHeldOut38Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind38";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", "POST \\/api\\/helper\\/messages/HelperChat.Reply/chat.completions gpt-4o[2] | Tool Output Misinterpretation: arrival" },
        { "run03.json", null },
        { "run04.json", "crewai.workflow/Reply to the customer email below about their rent-to-own account. Look up the account in the rental system and use its figures.\n\nCustomer email:\nHi, my daughter Isla rents a 3\\/4 violin from you (account VR-30912). She\u0027s growing fast and will probably need a full size by the autumn, but not yet - for now I\u0027d just like to know how much we\u0027ve paid towards owning the 3\\/4 so far, and what it would cost to buy it outright today. Thanks, Claire Moffat.task/Rental Account Advisor.agent/gpt-4o.llm[2]/openai.chat | Language-only hallucination: arrival" },
        { "run05.json", "POST \\/chat | Goal Deviation: arrival" },
        { "run06.jsonl", "POST \\/hire\\/chat/LangGraph.workflow/agent.task[2] | Tool Output Misinterpretation: arrival" },
        { "run07.json", null },
        { "run08.json", "POST \\/chat/agent run/chat gpt-4o[1] | Goal Deviation: arrival" },
        { "run09.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/tool_call create_payment_link | Authentication Errors: arrival" },
        { "run10.json", "chat_turn/ChatCompletion[2] | Tool Output Misinterpretation: arrival" },
        { "run11.json", "wholesale-reorder-chat/wholesale-assistant/OpenAI-generation[4] | Tool Output Misinterpretation: arrival" },
        { "run12.json", "LangGraph/agent[3]/ChatAnthropic | Incorrect Problem Identification: arrival" },
    };
}
