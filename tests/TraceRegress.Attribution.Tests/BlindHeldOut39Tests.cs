using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-ninth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Semantic Kernel, the OpenAI Agents SDK through OpenInference, CrewAI through OpenLLMetry, a LlamaIndex
/// workflow with span events, a Collector file of LangChain spans, a flat export, Jaeger, Zipkin, Phoenix, Langfuse and a
/// LangSmith LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// two carry a retried 503 or 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 7/12, span and category 4/12. The misses are pinned with what is cited instead.
/// </para>
/// </summary>
public class BlindHeldOut39Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind39";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", "POST \\/api\\/agent\\/messages/invoke_agent PumpOutDesk/chat gpt-4o[1] | Incorrect Problem Identification: arrival" },
        { "run02.json", "POST api\\/conversations\\/{conversationId}\\/messages/invoke_agent LocksmithAssistant/chat.completions gpt-4o[3] | Incorrect Problem Identification: arrival" },
        { "run03.json", "Organ hire enquiry/Organ Hire Desk[2]/response[1] | Goal Deviation: arrival" },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", "AgentExecutor.workflow | Incorrect Problem Identification: arrival" },
        { "run07.json", "POST \\/chat/agent.run/llm.chat[3] | Tool Output Misinterpretation: arrival" },
        { "run08.json", "POST \\/api\\/messages/invoke_agent EdgeHelper/execute_tool create_return_label | Authentication Errors: arrival" },
        { "run09.json", null },
        { "run10.json", null },
        { "run11.json", "shearing-desk-chat/handle_turn/OpenAI-generation[3] | Instruction Non-compliance: arrival" },
        { "run12.json", "LangGraph/agent[2]/ChatOpenAI | Language-only hallucination: arrival" },
    };
}
