namespace TraceRegress.AttributionTests;

/// <summary>
/// A sixteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, OpenTelemetry's Python instrumentation with events, Pydantic AI as Collector JSON Lines, flat
/// spans, Spring AI in Jaeger, a Go service in Zipkin, OpenInference, Langfuse, LangSmith and Google ADK), labelled
/// (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read neither the
/// engine nor its documentation. Nine carry no error signal; two carry a retried 503 or timeout that is not the cause; in
/// one a 500 the tool hid is the cause.
/// <para>
/// Measured on arrival (with the rules of this session's first changes in): span right 6/12, span and category 3/12. The
/// misses are pinned with what is cited instead and why no rule reaches them; they are the honest measure of how a fresh
/// set fares.
/// </para>
/// </summary>
public class BlindHeldOut16Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind16";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "boiler_service_openllmetry.json", "POST \\/api\\/chat/handle_customer_message.workflow/openai.chat[4] | Language-only hallucination: a tool description that says DD/MM/YYYY where the service reads MM/DD shows only in a booked date the reply never restates; a \"30 minutes\" the final reply states from nothing upstream is cited" },
        { "container_demurrage_openai_v2.json", null },
        { "festival_accreditation_vercel.json", "POST \\/api\\/accreditation\\/chat/executing api route (app) \\/api\\/accreditation\\/chat/ai.generateText/ai.generateText.doGenerate[3] | Goal Deviation: the right span; an application created after a deadline the instructions forbid \"under any circumstances\" is read as an action nobody asked for, not as the instruction it breaks" },
        { "gift_aid_bereavement_phoenix.json", "AgentRunner.chat/FunctionCallingAgentWorker.run_step[3]/OpenAI.chat | Poor Information Retrieval: cancelling the signed-in daughter's own direct debit for her late mother's is a reading of whose record is meant that no rule makes; the later policy search, whose query leaves out the £25, is cited" },
        { "lost_property_zipkin.json", null },
        { "marina_berth_dotnet.json", "POST \\/api\\/berths\\/assistant/orchestrate_tools/chat gpt-4o[2] | Goal Deviation: the right span; a rate per metre per night read as a flat nightly price is a unit of a rate no rule reads, and the hold is read as an action nobody asked for" },
        { "orthodontics_finance_adk.json", null },
        { "pension_transfer_langsmith.json", "LangGraph/agent[3]/ChatOpenAI | Language-only hallucination: the right span; an e-mail claimed where no declared tool sends one is read as the invented reference it quotes, not as a claimed action" },
        { "piano_tuning_jaeger.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/chat gpt-4o[1] | Language-only hallucination: booking anew where a reschedule tool was declared is a choice between two tools no rule compares with the request; a phone number the first reply writes, read as an unsupported figure, is cited" },
        { "scooter_refund_pydanticai.jsonl", "POST \\/support\\/chat/agent run/chat gpt-4o[3] | Incorrect Problem Identification: a summariser recorded as a plain chat span, whose summary drops \"refund back on my card, not as credit\", is not known as a summariser; the answer is traced to the call that wrote it" },
        { "self_storage_transfer_langfuse.json", "handle_message/handle_message/OpenAI-generation[5] | Context Handling Failures: ending a rental before creating the one it transfers to is an order the tool descriptions imply and no rule reads; a price the reply takes from the first of two records of the unit is cited" },
        { "tennis_club_freeze_flat.json", "agent.run/llm.chat[3] | Tool Output Misinterpretation: a search that returned only junior and court-booking passages for an adult's question is a mismatch of audience no rule reads; the answer is traced to the call that wrote it" },
    };
}
