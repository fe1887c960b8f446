namespace TraceRegress.AttributionTests;

/// <summary>
/// A fifteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, AWS Strands, Google ADK, Pydantic AI as JSON Lines, flat spans, Semantic Kernel in Jaeger,
/// Spring AI in Zipkin, OpenInference, Langfuse and LangSmith), labelled (span, TRAIL leaf, why) and committed before the
/// engine was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error
/// signal; two carry a retried 503 or 429 that is not the cause; in one a 429 is the cause. The writer's paths counted
/// same-name siblings from 0; they were rewritten to the product's notation from each label's span id.
/// <para>
/// Measured on arrival (with every rule of the fourteenth set already in, and the Zipkin, check-after-action and
/// mixed-currency rules of this session): span right 6/12, span and category 2/12. After changes on principle, each with
/// the case where it must not fire (below): a check made a condition of going ahead by the action's own description
/// ("must be packed and ready when the courier arrives") that came back short (3.5 kg on hand for the 12 kg another call
/// gives); UTC times read as local clock times; a call the instructions require before an action ("you MUST call
/// verify_skipper_qualification") never made; a date asked for as ISO 8601 written day-first; a summariser that drops a
/// restriction is Context Handling Failures even where it was told to keep it, as most held-out labels read it; a tool
/// named for the means the task asks for ("by phone", register_telephone_bidder) passed over for another of its kind;
/// "I've added" claimed where only an add tool could; a preference ("ideally under £1,800") and a value a tool declares no
/// field for are no dropped terms: span 11/12, span and category 10/12. Then a turnaround in working days ("usually
/// within 5–7 working days") that no passage states is a fact the answer invented: 11/12 and 11/12. The miss is pinned
/// with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class BlindHeldOut15Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind15";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "art-auction-otlp-strands.json", null },
        { "bike-share-flat.json", "agent.run/chat gpt-4o-mini[2] | Goal Deviation: a failed return framed as a question about the fare is a reading of the problem no rule makes; the credit issued later, which nobody asked for, is cited" },
        { "boat-charter-zipkin.json", null },
        { "coworking-desks-langfuse.json", null },
        { "farm-equipment-rental-otlp-vercel.json", null },
        { "lab-sample-logistics-otlp-openllmetry.json", null },
        { "language-exam-booking-otlp-pydanticai.jsonl", null },
        { "rehearsal-rooms-jaeger.json", null },
        { "ski-school-otlp-meai.json", null },
        { "tutoring-marketplace-phoenix.json", null },
        { "wedding-planning-otlp-adk.json", null },
        { "wine-shipping-langsmith.json", null },
    };

    [Fact]
    public void A_turnaround_in_working_days_no_passage_states_is_invented()
    {
        const string file = "tutoring-marketplace-phoenix.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "7 working days");

        // The passage states the turnaround: the answer repeats it.
        var stated = Fixture.Edited(Folder, file, ("is not paid back to your card.", "is not paid back to your card. Credit arrives within 5-7 working days."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(stated), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote.Contains("working days", StringComparison.Ordinal)));
    }

    [Fact]
    public void Times_a_tool_gave_in_utc_read_as_local_clock_times_are_misinterpreted()
    {
        const string file = "ski-school-otlp-meai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("utc-read-as-local", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"resort_timezone\": \"Europe/Zurich\"");

        // A resort on UTC in February: the readings are the local times.
        var london = Fixture.Edited(Folder, file, ("\\\"resort_timezone\\\": \\\"Europe/Zurich\\\"", "\\\"resort_timezone\\\": \\\"Europe/London\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(london), f => f.Detector == "utc-read-as-local");
    }

    [Fact]
    public void An_action_taken_without_the_call_the_instructions_require_before_it_breaks_them()
    {
        const string file = "boat-charter-zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("required-call-skipped", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        // Spring AI's prompt list ("system: ...", "user: ...") is read as messages of their roles, and "Saturday 12 July"
        // said without a year is the coming 12 July: the dates the model resolved are not invented.
        Assert.Contains(a.Evidence, e => e.Source.StartsWith("attributes[\"gen_ai.prompt\"] $[0]", StringComparison.Ordinal));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Evidence.Any(e => e.Quote == "2025-07-12"));

        // A skippered charter: the rule is for bareboat holds only.
        var skippered = Fixture.Edited(Folder, file,
            ("\\\"charter_type\\\": \\\"bareboat\\\"", "\\\"charter_type\\\": \\\"skippered\\\""),
            ("\\\\\\\"charter_type\\\\\\\": \\\\\\\"bareboat\\\\\\\"", "\\\\\\\"charter_type\\\\\\\": \\\\\\\"skippered\\\\\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(skippered), f => f.Detector == "required-call-skipped");
    }

    [Fact]
    public void A_check_the_actions_description_depends_on_that_came_back_short_after_the_action_is_task_orchestration()
    {
        const string file = "lab-sample-logistics-otlp-openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("check-after-action", "Task Orchestration", "sample_dispatch.workflow/plan_shipment.task/openai.chat"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"on_hand_kg\": 3.5");
        // "LBR-P-10231–10254" is the task's range of ids written short, not an invented figure.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Evidence.Any(e => e.Quote == "10254"));

        // Enough dry ice on hand: the late check stood against nothing.
        var enough = Fixture.Edited(Folder, file, ("\\\"on_hand_kg\\\": 3.5", "\\\"on_hand_kg\\\": 14.0"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(enough), f => f.Detector == "check-after-action");
    }

    [Fact]
    public void A_date_asked_for_as_iso_8601_and_written_day_first_is_a_formatting_error()
    {
        const string file = "farm-equipment-rental-otlp-vercel.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("argument-format", "Formatting Errors"), (a.Detector, a.Category?.L4));
        // The search takes a category and a depot only: "from Tuesday" and the account number are no terms of it.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector is "dropped-qualifier" or "dropped-constraint");

        var iso = Fixture.Edited(Folder, file, ("\\\"start_date\\\": \\\"04/03/2025\\\"", "\\\"start_date\\\": \\\"2025-03-04\\\""),
            ("\\\\\\\"start_date\\\\\\\": \\\\\\\"04/03/2025\\\\\\\"", "\\\\\\\"start_date\\\\\\\": \\\\\\\"2025-03-04\\\\\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(iso), f => f.Detector == "argument-format");
    }

    [Fact]
    public void A_tool_named_for_the_means_the_task_asks_for_passed_over_is_the_wrong_tool()
    {
        const string file = "art-auction-otlp-strands.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "register_telephone_bidder");

        // The client names no means: an absentee bid is as good a way to bid as any.
        var any = Fixture.Edited(Folder, file, ("to bid on it by phone?", "to bid on it?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(any), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void An_answer_that_says_it_added_what_only_an_add_tool_could_is_a_tool_related_hallucination()
    {
        const string file = "rehearsal-rooms-jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("RoomBooking-AddEquipment was never called", a.Summary, StringComparison.Ordinal);

        var offered = Fixture.Edited(Folder, file, ("I've added the 4-channel PA", "I can add the 4-channel PA"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offered), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void A_preference_widened_by_a_search_is_no_dropped_constraint()
    {
        const string file = "wedding-planning-otlp-adk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "dropped-constraint");

        // A hard budget the search then widens is a constraint it dropped.
        var hard = Fixture.Edited(Folder, file, ("Ideally under £1,800.", "It must be under £1,800."));
        Assert.Contains(AttributionEngine.Default.Detect(hard), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_summariser_told_to_keep_restrictions_that_dropped_one_lost_the_context()
    {
        var a = Fixture.Attribute(Folder, "coworking-desks-langfuse.json");
        Assert.Equal(("context-lost", "Context Handling Failures"), (a.Detector, a.Category?.L4));
    }
}
