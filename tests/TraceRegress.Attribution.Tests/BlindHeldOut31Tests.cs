using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-first blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 503 that is not the cause; in one a real 429 is the cause.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for blind30 and multiagent-blind32 already in): span
/// right 8/12, span and category 5/12. After changes on principle (each below, with a case where it must not fire): span
/// 10/12, span and category 8/12; then, with an amount left worked out from two of a record's figures where the record
/// gives its own, 10/12 and 9/12. A later session's rule on a length declared in metres that the service reads in feet
/// takes run05: 11/12 and 10/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut31Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind31";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.otlp.json", null },
        { "run02.otlp.json", null },
        { "run03.otlp.json", null },
        { "run04.otlp.json", null },
        { "run05.otlp.json", null },
        { "run06.jsonl", null },
        { "run07.json", null },
        { "run08.jaeger.json", "http post \\/api\\/broker\\/assist/spring_ai chat_client/chat gpt-4o[4] | Tool Output Misinterpretation: blaming an active rate lock for a term the offer changed is a diagnosis no rule weighs against the records it contradicts; the right call is cited as the answer's inferred origin" },
        { "run09.zipkin.json", null },
        { "run10.phoenix.json", "FunctionAgent.run/FunctionAgent.run_agent_step[3]/OpenAI.astream_chat | Language-only hallucination: chunks of another product's data sheet returned for the product the query names carry no metadata the rules read; the answer's figure is cited as unsupported" },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", null },
    };

    [Fact]
    public void Home_delivery_chosen_for_an_amount_outside_the_range_the_instructions_allow_it_for_breaks_them()
    {
        const string file = "run04.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((InstructionLimitDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"sterling_total\":2747.25");

        // Within the range the option is allowed.
        var allowed = Fixture.Edited(Folder, file, ("ONLY available for orders worth £100 to £2,500", "ONLY available for orders worth £100 to £3,000"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(allowed), f => f.Detector == InstructionLimitDetector.DetectorId);
    }

    [Fact]
    public void A_new_reservation_made_where_the_user_asked_to_switch_theirs_passes_over_the_change_tool_the_agent_declares()
    {
        const string file = "run09.zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category.L4));
        Assert.Contains("BoothPlugin-change_reservation_booth", a.Summary, StringComparison.Ordinal);

        // A user who asks for a second stand asks for what the reservation tool does.
        var second = Fixture.Edited(Folder, file, ("Can you switch us over?", "Can you book us a second stand as well?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(second), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Fact]
    public void An_email_that_says_the_delivery_was_moved_when_only_the_options_were_listed_claims_an_action()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains("only reschedule_delivery could do", a.Summary, StringComparison.Ordinal);

        // Listing the options (list_reschedule_options) moves nothing; had the delivery been moved, the claim would stand on it.
        var moved = Fixture.Edited(Folder, file, ("Your ClearSpring delivery has been moved to Thursday 17 April", "Your ClearSpring delivery options for Thursday 17 April"),
            ("we've moved this week's delivery", "we can move this week's delivery"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(moved), f => f.Summary.Contains("only reschedule_delivery could do", StringComparison.Ordinal));
    }

    [Fact]
    public void An_amount_left_worked_out_from_the_cap_and_the_spend_where_the_record_gives_its_own_misreads_the_record()
    {
        const string file = "run01.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((AvailableAmountDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"available_minor\":5750");

        // The record's own figure stated: no finding.
        var right = Fixture.Edited(Folder, file, ("£185.50", "£57.50"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == AvailableAmountDetector.DetectorId);
    }

    [Fact]
    public void A_length_declared_in_metres_that_the_service_reads_in_feet_is_the_declarations_fault()
    {
        var a = Fixture.Attribute(Folder, "run05.otlp.json");
        Assert.Equal((DeclaredUnitDetector.DetectorId, "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "length: Total length of the fence run in metres");

        // A service that reads metres, as declared, gives the length back in metres.
        var metres = Fixture.Edited(Folder, "run05.otlp.json", ("24 ft", "24 m"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(metres), f => f.Detector == DeclaredUnitDetector.DetectorId);
    }
}
