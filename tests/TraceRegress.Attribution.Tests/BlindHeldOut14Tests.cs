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
/// and category 4/12. Then the Zipkin run's messages, which the Python exporter writes as JSON-object annotations, are
/// read, and a check whose description makes it a condition of going ahead ("can only go ahead once all parts are on
/// site"), run after the booking and coming back against it, is Task Orchestration at the planner: span 6/12, span and
/// category 5/12 (the recruiting run's right span was lost with it: its search dropped only the requisition id an
/// earlier call had looked up, which is no dropped constraint). Then a ceiling relative to the original ("must not
/// exceed the original item's shelf price by more than 10%") broken by the pick: span 6/12, span and category 6/12. The
/// misses are pinned with what is cited instead and why no rule reaches them.
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
        { "grocery-substitution-vercel-ai-otlp.json", null },
        { "university-admissions-openllmetry-otlp.json", null },
        { "legal-contract-review-openinference.json", "AgentRunner.chat/FunctionCallingAgentWorker.run_step[1]/QueryEngineTool.call/RetrieverQueryEngine.query/CompactAndRefine.synthesize/OpenAI.chat | Tool Output Misinterpretation: a retriever filter kept only in a custom metadata attribute is no query the rules read" },
        { "hospital-triage-langfuse.json", "triage-turn/triage-turn/physio-booking-agent/booking-agent-llm[3] | Tool Output Misinterpretation: a triage label that misses a red flag is a judgement of symptoms no rule makes" },
        { "customs-declaration-langsmith.json", "LangGraph/agent[4]/ChatOpenAI | Incorrect Problem Identification: the tool passed over is named in no words of the request the rules compare" },
        { "event-ticket-resale-jaeger.json", null },
        { "car-service-booking-zipkin.json", null },
        { "crypto-withdrawal-openai-agents-otlp.jsonl", null },
        { "recruiting-screen-flat-spans.json", "recruit-screen.run/chat gpt-4o[4] | Language-only hallucination: a search that went after another goal than the shortlist asked for is no step the rules judge against the request; the outreach message the next call wrote proposes \"a 20-minute call\", a length nothing upstream gives, and is cited as invented" },
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

    [Fact]
    public void A_check_the_instructions_make_a_condition_of_going_ahead_run_after_the_booking_is_task_orchestration()
    {
        const string file = "car-service-booking-zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("check-after-action", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("only go ahead once all parts are on site", StringComparison.Ordinal));
        // The messages are read from the Python exporter's annotations, and the registration written "LK19 XRA" by the
        // customer is the plan's "LK19XRA": nothing in the plan's lookup reads as invented.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Evidence.Any(e => e.Quote == "LK19XRA"));

        // The parts in stock: the check, though late, did not stand against the booking.
        var inStock = Fixture.Edited(Folder, file, ("\\\"inStock\\\": false", "\\\"inStock\\\": true"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(inStock), f => f.Detector == "check-after-action");
    }

    [Fact]
    public void A_pick_above_a_ceiling_relative_to_the_original_breaks_the_instructions()
    {
        const string file = "grocery-substitution-vercel-ai-otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("instruction-limit", "Instruction Non-compliance", "ai.generateText/ai.generateText.doGenerate[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains("GEN-GF-SDB-535 at 3.85", a.Summary, StringComparison.Ordinal);
        // The oat drink picked at 2.30 against 2.10 is within 10%, so only the loaf breaks the ceiling; a loaf at 3.50 would not.
        var within = Fixture.Edited(Folder, file, ("\\\"shelfPrice\\\":3.85", "\\\"shelfPrice\\\":3.5"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(within), f => f.Detector == "instruction-limit");
    }
}
