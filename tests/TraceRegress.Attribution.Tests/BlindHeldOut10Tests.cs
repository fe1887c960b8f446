namespace TraceRegress.AttributionTests;

/// <summary>
/// A tenth blind measurement: twelve failing single-agent runs in twelve export shapes (LangChain through LangSmith,
/// Microsoft.Extensions.AI, Langfuse, the AI SDK, the Python openai-v2 instrumentation over Jaeger, OpenLLMetry, Spring
/// AI over Zipkin, Agent Framework, Pydantic AI as JSON Lines, LlamaIndex through OpenInference, a hand-rolled flat
/// layout and Semantic Kernel), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them,
/// by a writer who had read neither the engine nor its documentation. Nine carry no error signal; three hide it in an OK
/// tool span's payload (a search that timed out, an availability search answered from a stale cache with no requests
/// left, a payment taken in test mode).
/// <para>
/// Measured on arrival (with every rule of the ninth set and the twelfth and thirteenth batches already in): span right
/// 1/12, span and category 1/12, the lowest arrival of any set. After changes on principle, each with the case where it
/// must not fire (below): a response that says no requests remain and when the limit resets, or that its quota is
/// exhausted, was throttled; a model or embedding call that failed and was retried under the same parent with success
/// is recovered; a cap on a percentage that names its tool ("at most 10% ... using apply_discount") broken by the
/// call's argument is Instruction Non-compliance: span 3/12, span and category 3/12. The misses are pinned with what is
/// cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut10Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind10";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "langsmith-langchain-hotel-ev-charging.json", "HotelConciergeChain/route_question/ChatOpenAI | Language-only hallucination: a router's label is read as the answer's claims; the answering call's invented charging bays are not reached first" },
        { "otlp-meai-auto-claim-payout.json", null },
        { "langfuse-openai-catering-headcount.json", "catering-assistant/agent-loop/agent-llm[3] | Tool Output Misinterpretation: a count the user's later message replaced (55 guests for 40) sent as the earlier one is a superseded request no rule compares with a call's arguments" },
        { "otlp-vercel-ai-telecom-extra-line.json", "POST \\/api\\/chat/executing api route (app) \\/api\\/chat/ai.generateText/ai.generateText.doGenerate[4] | Language-only hallucination: the user's question about the price of adding a line names the verb of the tool that added it, so the request is not read as asking only to be told" },
        { "jaeger-openai-v2-car-rental-discount.json", null },
        { "otlp-openllmetry-card-lock.json", "card_support_agent.workflow/openai.chat[4] | Tool Output Misinterpretation: a reversible lock asked for and a permanent report chosen is a difference of consequence between two offered tools the rules do not weigh" },
        { "zipkin-spring-ai-interview-scheduling.json", "http post \\/api\\/scheduling\\/inbound-email/spring_ai chat_client[2]/chat gpt-4o[4] | Tool Output Misinterpretation: a local time sent with a UTC designator where the schema asks for its offset is a time-zone format the rules do not check" },
        { "otlp-agent-framework-broadband-dropouts.json", "POST \\/support\\/sessions\\/{sessionId}\\/turns/invoke_agent BroadbandSupportAgent/chat gpt-4.1[4] | Incorrect Problem Identification: a device fault read as a line fault is a diagnosis no rule compares with the user's account" },
        { "otlp-pydantic-ai-florist-deposit-invoice.jsonl", "POST \\/orders\\/email-intake/invoke_agent order_agent/chat gpt-4o[4] | Tool Output Misinterpretation: two tools called in one turn where the workflow orders one after the other is an order of steps the rules read only from the task's \"then\"" },
        { "openinference-llamaindex-conflict-check.json", "AgentRunner.chat/AgentRunner._run_step[2]/OpenAI.chat | Poor Information Retrieval: the search that timed out is found, but a search for one of several named parties reads as dropping the others' company number, and its query is taken as the cause" },
        { "flat-custom-airline-rebooking.json", null },
        { "otlp-semantic-kernel-sofa-deposit.json", "invoke_agent OrderConcierge/execute_tool Notifications-SendEmail/POST[1] | Service Errors: a payment taken in test mode (livemode false) by a production agent is an environment the rules do not read" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void An_empty_search_with_no_requests_remaining_and_the_quota_exhausted_was_throttled()
    {
        const string file = "flat-custom-airline-rebooking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Rate Limiting"), (a.Detector, a.Category?.L4));

        // Requests left: the quota note alone refuses nothing.
        var left = Fixture.Edited(Folder, file, ("x-ratelimit-remaining\\\":\\\"0\\\"", "x-ratelimit-remaining\\\":\\\"37\\\""), ("x-ratelimit-remaining\": \"0\"", "x-ratelimit-remaining\": \"37\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(left), f => f.Detector == "tool-error-payload" && f.Span.Name == "tool.search_availability");
    }

    [Fact]
    public void A_discount_above_the_percentage_the_instructions_allow_for_the_tool_breaks_them()
    {
        const string file = "jaeger-openai-v2-car-rental-discount.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("instruction-limit", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"percent\":25");

        // Within the cap.
        var within = Fixture.Edited(Folder, file, ("percent\\\\\\\":25", "percent\\\\\\\":8"), ("percent\\\":25", "percent\\\":8"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(within), f => f.Detector == "instruction-limit");
    }

    [Fact]
    public void An_embedding_call_retried_with_success_is_recovered()
    {
        var a = Fixture.Attribute(Folder, "openinference-llamaindex-conflict-check.json");
        Assert.NotEqual("exception", a.Detector);
    }
}
