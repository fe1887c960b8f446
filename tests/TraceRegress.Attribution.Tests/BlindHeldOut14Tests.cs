namespace TraceRegress.AttributionTests;

/// <summary>
/// A fourteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// Microsoft Agent Framework, the AI SDK, OpenLLMetry, OpenInference, Langfuse, LangSmith, Jaeger, Zipkin, the OpenAI
/// Agents SDK as JSON Lines, flat spans and AWS Strands), labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// the other three carry a retried 503, 429 or read timeout that is not the cause.
/// <para>
/// Measured on arrival (with every rule of the thirteenth set and the sixteenth batch already in): span right 5/12, span
/// and category 2/12. After a change on principle (below): a tool the instructions tell the model to call by its name
/// ("you must call create_listing") is offered, and "your tickets ... are now listed" claims what only it could do: span
/// 5/12, span and category 3/12. Then an argument that breaks the form its parameter's definition requires ("digits
/// only - no spaces" against <c>"memo": "4821 3376"</c>) is a formatting error of the call that wrote it: span 6/12, span
/// and category 4/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut14Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind14";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "airline-baggage-claim-meai-otlp.json", "POST \\/api\\/assistant\\/messages/orchestrate_tools/chat gpt-4o[3] | Tool Output Misinterpretation: a tool whose description misstates what it returns is a definition the rules do not compare with its result; the answer's figure is traced to the last call" },
        { "mobile-phone-plan-agent-framework-otlp.json", null },
        { "grocery-substitution-vercel-ai-otlp.json", "ai.generateText/ai.generateText.doGenerate[3] | Incorrect Problem Identification: the right call, but the substitution rule it broke is stated in a form the restriction reader does not take" },
        { "university-admissions-openllmetry-otlp.json", null },
        { "legal-contract-review-openinference.json", "AgentRunner.chat/FunctionCallingAgentWorker.run_step[1]/QueryEngineTool.call/RetrieverQueryEngine.query/CompactAndRefine.synthesize/OpenAI.chat | Tool Output Misinterpretation: a retriever filter kept only in a custom metadata attribute is no query the rules read" },
        { "hospital-triage-langfuse.json", "triage-turn/triage-turn/physio-booking-agent/booking-agent-llm[3] | Tool Output Misinterpretation: a triage label that misses a red flag is a judgement of symptoms no rule makes" },
        { "customs-declaration-langsmith.json", "LangGraph/agent[4]/ChatOpenAI | Incorrect Problem Identification: the tool passed over is named in no words of the request the rules compare" },
        { "event-ticket-resale-jaeger.json", null },
        { "car-service-booking-zipkin.json", "booking-requests process | Goal Deviation: a plan whose steps run in the wrong order is an order the rules read only where the task states it" },
        { "crypto-withdrawal-openai-agents-otlp.jsonl", null },
        { "recruiting-screen-flat-spans.json", "recruit-screen.run/chat gpt-4o[3] | Poor Information Retrieval: the right call, but a search that went after another goal is read as a query that dropped a constraint" },
        { "municipal-permit-strands-otlp.json", "permit-assistant.turn/invoke_agent permit_assistant/execute_event_loop_cycle[3]/chat | Incorrect Problem Identification: a history summariser that dropped a fact is a helper agent's turn the context rules do not read as a summary" },
    };

    [Fact]
    public void A_tool_the_instructions_name_is_offered_and_a_listing_it_never_made_is_claimed()
    {
        const string file = "event-ticket-resale-jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("create_listing was never called", a.Summary, StringComparison.Ordinal);

        // Instructions that name no listing tool: nothing says which call would have listed the tickets.
        var unnamed = Fixture.Edited(Folder, file, ("To put tickets on sale you must call create_listing; only tell the seller their tickets are live once create_listing has returned a listingId.", "Tell the seller what their tickets can be listed for."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unnamed), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void An_argument_that_breaks_its_parameters_stated_form_is_a_formatting_error()
    {
        const string file = "crypto-withdrawal-openai-agents-otlp.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("argument-format", "Formatting Errors", "Withdrawal desk/invoke_agent Withdrawal Assistant/chat gpt-4.1[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("digits only", StringComparison.Ordinal));

        // The memo sent as digits only, as the definition asks.
        var digits = Fixture.Edited(Folder, file, ("memo\\\":\\\"4821 3376\\\"", "memo\\\":\\\"48213376\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(digits), f => f.Detector == "argument-format");

        // The same rule given as the schema's pattern instead of in words.
        var pattern = Fixture.Edited(Folder, file, ("as digits only - no spaces, dashes or labels - and", "and"),
            ("\\\"memo\\\":{\\\"type\\\"", "\\\"memo\\\":{\\\"pattern\\\":\\\"^[0-9]+$\\\",\\\"type\\\""));
        Assert.Contains(AttributionEngine.Default.Detect(pattern), f => f.Detector == "argument-format" && f.Evidence.Any(e => e.Quote == "^[0-9]+$"));
    }
}
