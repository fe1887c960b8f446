using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-ninth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse
/// and a LangSmith AgentExecutor) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the
/// engine was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error
/// signal; two carry a retried 503 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 4/12, span and category 2/12. After changes on principle (each below, with a case
/// where it must not fire): span 10/12, span and category 10/12. The misses are pinned with what is cited instead and why
/// no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut29Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind29";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.otlp.json", null },
        { "run02.otlp.json", null },
        { "run03.otlp.json", null },
        { "run04.otlp.json", null },
        { "run05.otlp.json", "invocation/invoke_agent rapidflow_dispatcher/call_llm[5] | Tool Output Misinterpretation: a running toilet booked as a blocked one is a diagnosis against the customer's words (\"flushes fine and nothing's backing up\") no rule weighs against a catalogue's job types; the answer's origin is inferred" },
        { "run06.otlp.jsonl", "AgentExecutor.workflow/RunnableSequence.task[3]/ChatOpenAI.chat | Poor Information Retrieval: chunks about penalty challenges and fleet invoices returned for a duplicate toll charge share words with the query, so no rule reads them as off the question; a call that left a figure of the task out is cited" },
        { "run07.spans.json", null },
        { "run08.jaeger.json", null },
        { "run09.zipkin.json", null },
        { "run10.phoenix.json", null },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", null },
    };

    [Fact]
    public void Stock_on_an_order_that_arrives_after_the_delivery_date_counted_as_there_misreads_the_stock_result()
    {
        const string file = "run02.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((IncomingStockDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"eta\":\"2025-05-14\"");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("67 pink peony stems available", StringComparison.Ordinal));

        // The order arrives before the delivery date: counting it is right.
        var early = Fixture.Edited(Folder, file, ("2025-05-14", "2025-05-08"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(early), f => f.Detector == IncomingStockDetector.DetectorId);

        // A total that leaves the incoming stems out is no misreading.
        var onHand = Fixture.Edited(Folder, file, ("there are 67 pink peony stems available (7 on hand plus 60 on PO-3381)", "there are 4 usable pink peony stems, with 60 more on PO-3381"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(onHand), f => f.Detector == IncomingStockDetector.DetectorId);
    }

    [Fact]
    public void A_text_message_that_says_an_appointment_was_moved_with_the_reschedule_tool_never_called_claims_an_action()
    {
        const string file = "run01.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Miso - dental check moved to Thu 12 Jun 11:40", StringComparison.Ordinal));

        // A message that says the check stays where it is claims nothing.
        var kept = Fixture.Edited(Folder, file, ("Miso - dental check moved to", "Miso - dental check stays on"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "unsupported-fact" && f.Summary.StartsWith("The model's tool call says", StringComparison.Ordinal));
    }

    [Fact]
    public void Months_sent_as_words_where_the_tools_description_asks_for_year_and_month_digits_are_a_formatting_error()
    {
        const string file = "run04.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ArgumentFormatDetector.DetectorId, "Formatting Errors"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("YYYY-MM", StringComparison.Ordinal));

        // The months in the form asked for.
        var digits = Fixture.Edited(Folder, file, ("July 2025, August 2025", "2025-07,2025-08"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(digits), f => f.Detector == ArgumentFormatDetector.DetectorId);
    }

    [Theory]
    [InlineData("months: comma-separated list of months in YYYY-MM format, e.g. '2025-07,2025-08'.", "months", "July 2025, August 2025", true)]
    [InlineData("months: comma-separated list of months in YYYY-MM format, e.g. '2025-07,2025-08'.", "months", "2025-07, 2025-08", false)]
    [InlineData("start: the time as HH:MM, 24-hour clock.", "start", "3pm", true)]
    [InlineData("start: the time as HH:MM, 24-hour clock.", "start", "15:00", false)]
    [InlineData("note: free text for the crew.", "note", "Leave at the back door by 09:00", false)]
    public void A_form_written_in_placeholders_is_checked_item_by_item(string description, string parameter, string value, bool broken)
    {
        var said = ArgumentFormatDetector.ParameterSaid(description, parameter);
        Assert.NotNull(said);
        Assert.Equal(broken, ArgumentFormatDetector.BreaksForm(value, said!));
    }

    [Fact]
    public void A_move_asked_for_and_done_by_cancelling_and_booking_again_passed_over_the_reschedule_tool()
    {
        const string file = "run09.zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category.L4));
        Assert.Contains("cancel_booking instead of StudioBookings-reschedule_booking", a.Summary, StringComparison.Ordinal);

        // A customer who asks to cancel asked for the cancellation.
        var cancel = Fixture.Edited(Folder, file, ("can we move it to Saturday 28 June, ideally the same time?", "please cancel it, we will book another date later."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(cancel), f => f.Detector == WrongToolDetector.DetectorId && f.Summary.Contains("cancel_booking instead", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pensioner_concession_no_policy_gives_is_invented_though_the_user_asked_whether_there_is_one()
    {
        const string file = "run10.phoenix.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((InventedWaiverDetector.DetectorId, "Language-only hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains("pensioner concession", a.Summary, StringComparison.Ordinal);

        // A policy that gives pensioners the reduction: which applies is a question of reading it.
        var given = Fixture.Edited(Folder, file, ("Residents who receive Council Tax Reduction (CTR) pay 50%", "Pensioners and residents who receive Council Tax Reduction (CTR) pay 50%"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(given), f => f.Detector == InventedWaiverDetector.DetectorId && f.Summary.Contains("pensioner", StringComparison.Ordinal));
    }

    [Fact]
    public void A_booking_sent_to_the_accounts_address_after_a_quote_for_the_venue_the_customer_named_replaced_the_place()
    {
        const string file = "run07.spans.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ReplacedUserValueDetector.DetectorId, "Context Handling Failures"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "BA2 8RP");

        // A venue in the home's postcode: nothing was replaced.
        var same = Fixture.Edited(Folder, file, ("BA2 8RP", "BA1 4PQ"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == ReplacedUserValueDetector.DetectorId);
    }

    [Fact]
    public void A_pickup_booked_beside_the_transfer_order_with_a_placeholder_for_its_number_needed_the_number_first()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ParallelDependencyDetector.DetectorId, "Task Orchestration"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "TO-58812");

        // A real reference, however it was come by, is no placeholder.
        var real = Fixture.Edited(Folder, file, ("TO-PENDING", "TO-58811"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(real), f => f.Detector == ParallelDependencyDetector.DetectorId && f.Summary.Contains("placeholder", StringComparison.Ordinal));
    }

    [Fact]
    public void An_extra_the_instructions_list_as_optional_added_after_the_extension_asked_for_is_the_runs_own_goal()
    {
        const string file = "run12.langsmith.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnaskedActionDetector.DetectorId, "Goal Deviation"), (a.Detector, a.Category.L4));

        // Asked for by the customer, the waiver is part of the work.
        var asked = Fixture.Edited(Folder, file, ("another two weeks please.", "another two weeks please, and add the damage waiver."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UnaskedActionDetector.DetectorId);
    }
}
