using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-eighth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export of Anthropic calls, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse
/// and a LangSmith AgentExecutor) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the
/// engine was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error
/// signal; two carry a retried 503 or 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 7/12, span and category 4/12. After changes on principle (each below, with a case
/// where it must not fire): span 10/12, span and category 8/12. The misses are pinned with what is cited instead and why
/// no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut28Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind28";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.otlp.json", "POST api\\/support\\/messages/invoke_agent ChargingSupportAgent/chat gpt-4o-mini[4] | Goal Deviation: a waiver allowance read as available where the record says it was used (\"used_last_12m\": 1 of 1) is a misreading no rule compares; the waiver it then applied is read as an action the user did not ask for, at the span the label names" },
        { "run02.otlp.json", "POST \\/chat/agent run/chat gpt-4o[1] | Poor Information Retrieval: a new patient searched for as a follow-up, against the instructions' rule for a first visit, is a rule no detector reads; a lookup that left out a term of the task is cited one call earlier" },
        { "run03.otlp.json", null },
        { "run04.otlp.json", null },
        { "run05.otlp.json", null },
        { "run06.jsonl", "AgentExecutor.workflow/RunnableSequence.task[1]/ChatOpenAI.chat | Incorrect Problem Identification: a pick list raised at par beside the telemetry call its quantities depend on is an order the instructions state as a formula, which no rule reads; the answer's origin is inferred at the span the label names" },
        { "run07.json", null },
        { "run08.jaeger.json", "http post \\/api\\/rental-chat/spring_ai chat_client/chat gpt-4o[4] | Tool Output Misinterpretation: an availability check for eight days after the customer agreed five, in a history the call was given whole, is a dropped figure of an earlier turn no rule reads; the answer's origin is inferred" },
        { "run09.zipkin.json", null },
        { "run10.phoenix.json", null },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", null },
    };

    [Fact]
    public void A_refund_tool_declared_in_dollars_for_a_service_whose_order_counts_cents_is_a_definition_issue()
    {
        const string file = "run03.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((DeclaredUnitDetector.DetectorId, "Tool Definition Issues"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"amount_total\": 4900");

        // An order that counts in dollars too (4950 cents is no 49 dollars): nothing says the service read cents.
        var dollars = Fixture.Edited(Folder, file, ("\\\"amount_total\\\": 4900", "\\\"amount_total\\\": 4950"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(dollars), f => f.Detector == DeclaredUnitDetector.DetectorId);
    }

    [Fact]
    public void A_machine_read_line_sent_to_a_tool_with_a_date_of_another_shape_than_the_example_is_a_formatting_error()
    {
        const string file = "run04.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((TemplateLineDetector.DetectorId, "Formatting Errors"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("14/03/2025", StringComparison.Ordinal));

        var right = Fixture.Edited(Folder, file, ("RDL|JD0146002188345571|14/03/2025", "RDL|JD0146002188345571|2025-03-14"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == TemplateLineDetector.DetectorId);
    }

    [Fact]
    public void A_discount_texted_to_the_customer_that_no_price_list_or_rule_gives_is_invented()
    {
        const string file = "run07.json";
        // Read by the detector itself: at the span it shares with the invented total (£39.60), the surer finding is kept.
        static List<Finding> Waivers(AgentTrace trace) => new InventedWaiverDetector().Detect(AttributionEngine.Default.CreateContext(trace)).ToList();
        var found = Waivers(Fixture.Load(Folder, file));
        Assert.Contains(found, f => f.Evidence.Any(e => e.Quote.Contains("wedding-party discount", StringComparison.Ordinal)));
        Assert.Equal(("Language-only hallucination", "conversation.turn/agent.step[4]/llm.completion"), (Fixture.Attribute(Folder, file).Category.L4, Fixture.Attribute(Folder, file).Cited!.Path));

        var offered = Fixture.Edited(Folder, file, ("You are the booking assistant for Stitch & Hem Alterations, 22 Station Parade, Harrogate.",
            "You are the booking assistant for Stitch & Hem Alterations, 22 Station Parade, Harrogate. Wedding parties get a discount."));
        Assert.Empty(Waivers(offered));
    }

    [Fact]
    public void Telling_the_user_they_are_booked_with_the_booking_tool_never_called_is_a_tool_related_hallucination()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category.L4));

        var pencilled = Fixture.Edited(Folder, file, ("you're booked", "you're pencilled in"));
        Assert.NotEqual("Tool-related hallucination", AttributionEngine.Default.Attribute(pencilled).Category?.L4);
    }
}
