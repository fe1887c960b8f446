namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// Semantic Kernel, the AI SDK, OpenLLMetry, OpenInference, Langfuse, LangSmith, Jaeger, Zipkin, Pydantic AI as JSON
/// Lines, flat spans and Google ADK), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of
/// them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; the other three
/// carry a retried 503, 429 or 504 that is not the cause.
/// <para>
/// Measured on arrival (with every rule of the twelfth set already in): span right 5/12, span and category 4/12. After
/// changes on principle, each with the case where it must not fire (below): a required quality the list itself states
/// in a field ("transmission": "automatic" beside the pick's "manual") is broken by the pick, and an answer that then
/// gives the pick that quality misread it; a change asked in other words ("could you push it back to 8:15?") passed over
/// for a tool that makes a new booking is the wrong tool; an amount in whole units written into a field of minor units
/// is a formatting error; a flag named for a required quality and what it is of ("step_free_access": false) breaks it,
/// and a summary that dropped that quality is cited over a year it wrote: span 8/12, span and category 8/12. Then a
/// classifier that gave a label whose definition the user ruled out ("refund_request: wants their money back" beside "I
/// don't want my money back"): span 9/12, span and category 9/12. Then, in a later session, a tool that adds amounts
/// which earlier results state in two currencies, converted only after the sum: span 10/12, span and category 10/12
/// (the Zipkin run's messages, written by the Python exporter as JSON-object annotations, are read too). The misses are pinned with what is cited instead and
/// why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut13Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind13";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "car-rental-meai-otlp.json", null },
        { "pharmacy-refill-semantic-kernel-otlp.json", null },
        { "restaurant-reservation-vercel-ai-otlp.json", null },
        { "insurance-claim-openllmetry-otlp.json", "fnol_claim_assessment.workflow/assess_coverage.task/openai.chat | Incorrect Problem Identification: a query writer's filter to one kind of document (\"doc_type\": \"base_form\") leaves out the endorsement only by what the endorsement would have said, which the run never shows" },
        { "clinical-trial-eligibility-openinference.json", null },
        { "parcel-tracking-langfuse.json", null },
        { "school-enrollment-langsmith.json", null },
        { "train-rebooking-jaeger.json", null },
        { "cloud-cost-report-zipkin.json", null },
        { "bank-transfer-limits-pydantic-ai.jsonl", null },
        { "library-loans-flat-spans.json", null },
        { "real-estate-listing-google-adk-otlp.json", "invocation/invoke_agent listing_assistant/call_llm[4] | Language-only hallucination: a rewrite asked for and a pricing review done instead is a change of goal no tool's name shows (the comps and market tools read, and the save tool is never called)" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_quality_the_list_states_in_a_field_is_broken_by_the_pick_that_lacks_it()
    {
        const string file = "car-rental-meai-otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("option-against-task", "Tool Output Misinterpretation", "chat gpt-4o-mini"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        Assert.Contains(a.Evidence, e => e.Quote == "\"transmission\":\"manual\"");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("automatic, 5 seats", StringComparison.Ordinal));

        // The answer does not call the car automatic: the pick broke the instruction, and nothing says it was misread.
        var plain = Fixture.Edited(Folder, file, ("— automatic, 5 seats", "— 5 seats"));
        var instructed = AttributionEngine.Default.Attribute(plain);
        Assert.Equal(("option-against-task", "Instruction Non-compliance"), (instructed.Detector, instructed.Category?.L4));

        // No option states the quality in a field: the list does not say where "automatic" would be.
        var unstated = Fixture.Edited(Folder, file, ("transmission\\\":\\\"automatic\\\"", "transmission\\\":\\\"auto\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unstated), f => f.Detector == "option-against-task");
    }

    [Fact]
    public void A_change_asked_in_other_words_passed_over_for_a_new_booking_is_the_wrong_tool()
    {
        const string file = "restaurant-reservation-vercel-ai-otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Could you push it back to 8:15?");
        Assert.Contains(a.Evidence, e => e.Quote == "modifyReservation");

        // A second table asked for: making a new booking is what was asked.
        var another = Fixture.Edited(Folder, file, ("Could you push it back to 8:15?", "Could you get us another one at 8:15?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(another), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void An_amount_in_whole_units_in_a_field_of_minor_units_is_a_formatting_error()
    {
        const string file = "bank-transfer-limits-pydantic-ai.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("minor-units", "Formatting Errors", "POST \\/transfers\\/plan/agent run/chat gpt-4o[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "$12,400.00");

        // The total written in cents, as the field asks: nothing stated in dollars was put there.
        var cents = Fixture.Edited(Folder, file, ("total_minor\\\": 12400", "total_minor\\\": 1240000"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(cents), f => f.Detector == "minor-units");
    }

    [Fact]
    public void A_summary_that_dropped_a_required_quality_is_cited_over_a_year_it_wrote()
    {
        const string file = "school-enrollment-langsmith.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("context-lost", "Context Handling Failures", "LangGraph/summarize_history/ChatOpenAI"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.OtherFindings, f => f.Detector == "unsupported-fact" && f.Span.SpanId == a.Cited!.SpanId);

        // Step-free access wished for, not required: nothing was dropped that a pick breaks.
        var wished = Fixture.Edited(Folder, file, ("has to be fully step-free", "would ideally be step-free"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(wished), f => f.Detector == "context-lost");
    }

    [Fact]
    public void A_label_whose_definition_the_user_ruled_out_is_the_wrong_problem()
    {
        const string file = "train-rebooking-jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misrouted-intent", "Incorrect Problem Identification", "POST \\/v1\\/assist/intent_router/chat gpt-4o-mini"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("wants their money back", StringComparison.Ordinal));
        // The refund specialist it routed to invents a turnaround ("3–5 working days"): a symptom of serving the wrong request.
        Assert.Contains(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "5 working days"));

        // The user does want the money back: the label is what was asked.
        var refund = Fixture.Edited(Folder, file, ("I don't want my money back", "I just want my money back"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(refund), f => f.Detector == "misrouted-intent");
    }

    [Fact]
    public void Amounts_of_two_currencies_added_before_the_conversion_are_task_orchestration()
    {
        const string file = "cloud-cost-report-zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("mixed-currency-sum", "Task Orchestration", "run_cost_report/plan/chat claude-3-5-sonnet-20241022"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"billing_currency\": \"EUR\"");

        // Never converted at all: the currency the source stated was passed over.
        var unconverted = Fixture.Edited(Folder, file, ("convert_currency", "format_currency_line"));
        Assert.Contains(AttributionEngine.Default.Detect(unconverted), f => f.Detector == "mixed-currency-sum" && f.Category.L4 == "Tool Output Misinterpretation");

        // Both bills in dollars: adding them is right.
        var dollars = Fixture.Edited(Folder, file, ("\\\"billing_currency\\\": \\\"EUR\\\"", "\\\"billing_currency\\\": \\\"USD\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(dollars), f => f.Detector == "mixed-currency-sum");
    }
}
