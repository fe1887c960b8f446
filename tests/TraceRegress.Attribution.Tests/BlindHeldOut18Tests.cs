using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// An eighteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, OpenTelemetry's Python instrumentation with events, Google ADK, Pydantic AI as Collector JSON
/// Lines, flat spans, Spring AI in Jaeger, Zipkin, OpenInference, Langfuse and LangSmith) and twelve TRAIL categories,
/// labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read
/// neither the engine nor its documentation. Eight carry no error signal; two carry a retried 503 or timeout that is not
/// the cause; in two a real error (a 401, a 429) is the cause.
/// <para>
/// Measured on arrival: span right 5/12, span and category 3/12. After changes on principle, each with the case where it
/// must not fire (below): what the user said something must be free of ("completely nut-free - no almonds"), broken by
/// the record a later call chose (<c>"nut_free": false</c>); a tool declared to end what the user wants to keep ("Ends
/// any subscriber or loyalty rate" for "Don't want to lose my subscriber rate"), chosen over one declared to keep it;
/// a second action, after the one asked for was done, on a thing the user never named; "Can someone come and sort it
/// out" asks for something to be done; a rule that forbids an action when the user mentions something ("If the customer
/// mentions cats ..."), broken after the user did; and a hand-rolled span's <c>llm.input</c>, <c>llm.output</c>,
/// <c>llm.output.tool_calls</c>, <c>tool.args</c> and <c>tool.result</c> are read: span 9/12, span and category 7/12.
/// Then "I've applied your code" claims what only the never-called apply_promo_code could do, and a length declared in
/// hours that the service gives back as the same number of minutes is a misdeclared unit: 9/12 and 9/12. Then a
/// measure the task gives ("about 3 cm") is no term of a lookup whose declared fields take no measure: 10/12 and 10/12.
/// Then an order placed with the values of the record marked superseded, beside the one marked current: 11/12 and
/// 11/12.
/// The misses are pinned with what is cited instead and why no rule reaches them; the arrival figures are the honest
/// measure of how a fresh set fares.
/// </para>
/// </summary>
public class BlindHeldOut18Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind18";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "01_optician_lens_reorder_meai.json", null },
        { "02_pest_control_booking_traceloop.json", null },
        { "03_tailoring_alterations_vercel_ai.json", null },
        { "04_home_cleaning_reschedule_openai_v2.json", null },
        { "05_campsite_pitch_booking_adk.json", null },
        { "06_physio_initial_assessment_pydantic_ai.jsonl", null },
        { "07_bakery_birthday_cake_flat.json", null },
        { "08_office_stationery_reorder_jaeger_spring_ai.json", null },
        { "09_newspaper_holiday_stop_zipkin.json", null },
        { "10_bowling_group_night_phoenix_llamaindex.json", null },
        { "11_pool_green_recovery_langfuse.json", null },
        { "12_photobook_reorder_langsmith_langgraph.json", null },
    };

    [Fact]
    public void A_record_that_breaks_what_the_user_required_it_to_be_free_of_is_a_lost_requirement()
    {
        const string file = "07_bakery_birthday_cake_flat.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unmet-requirement", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("nut_free", StringComparison.Ordinal));

        // The nut-free raspberry cake chosen: the requirement was kept.
        var kept = Fixture.Edited(Folder, file, (""""cake_code\":\"RASP-FRANG\"""", """"cake_code\":\"RASP-RIPPLE\""""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "unmet-requirement");
    }

    [Fact]
    public void A_tool_declared_to_end_what_the_user_wants_to_keep_is_the_wrong_tool()
    {
        const string file = "09_newspaper_holiday_stop_zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Don't want to lose my subscriber rate");

        // Nothing the user wants kept: stopping the subscription may be what they meant.
        var leaving = Fixture.Edited(Folder, file, ("Don't want to lose my subscriber rate!", "We may not renew after that."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(leaving), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void A_second_action_on_what_the_user_never_named_is_the_runs_own_goal()
    {
        const string file = "04_home_cleaning_reschedule_openai_v2.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains("update_recurring_plan", a.Summary, StringComparison.Ordinal);

        // The user asked for the plan to change too.
        var asked = Fixture.Edited(Folder, file, ("And is it still Marta coming?", "And can you switch our recurring plan to Fridays too?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }

    [Fact]
    public void Someone_asked_to_come_and_sort_it_out_is_a_request_for_action()
    {
        Assert.True(Requests.AsksAction("Can someone come and sort it out this week - Thursday ideally?"));
        Assert.False(Requests.AsksAction("Can someone tell me when the pool will be ready?"));
        var a = Fixture.Attribute(Folder, "11_pool_green_recovery_langfuse.json");
        Assert.Equal(("unsupported-fact", "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "£157.25");
    }

    [Fact]
    public void An_action_forbidden_when_the_user_mentions_pets_is_broken_after_they_do()
    {
        const string file = "02_pest_control_booking_traceloop.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("forbidden-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("We've got two cats", StringComparison.Ordinal));

        // The user says there are none: the rule's condition is not met.
        var none = Fixture.Edited(Folder, file, ("We've got two cats who have the run of the house, so bear that in mind.", "We haven't got any pets or small children, if that matters."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(none), f => f.Detector == "forbidden-action");
    }

    [Fact]
    public void Applying_a_code_no_tool_applied_is_a_tool_related_hallucination()
    {
        const string file = "05_campsite_pitch_booking_adk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("apply_promo_code was never called", a.Summary, StringComparison.Ordinal);

        // Saying the code can be applied claims nothing done.
        var offered = Fixture.Edited(Folder, file, ("I've applied your BECK10 code", "Your BECK10 code can be applied at the desk"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offered), f => f.Summary.Contains("apply_promo_code was never called", StringComparison.Ordinal));
    }

    [Fact]
    public void A_length_declared_in_hours_that_the_service_reads_as_minutes_is_a_misdeclared_unit()
    {
        const string file = "06_physio_initial_assessment_pydantic_ai.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misdeclared-format", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"length_minutes\":1");

        // The service gives back 60 minutes: it read the hour as declared.
        var read = Fixture.Edited(Folder, file, ("""length_minutes\":1,""", """length_minutes\":60,"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == "misdeclared-format");
    }

    [Fact]
    public void A_measure_is_no_term_of_a_lookup_with_no_field_for_one()
    {
        const string file = "03_tailoring_alterations_vercel_ai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("argument-format", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint");

        // A lookup that declares a field for the measure is asked without it.
        var measured = Fixture.Edited(Folder, file, ("""order_number\":{\"type\":\"string\"}},\"required\":[\"order_number\"]""", """order_number\":{\"type\":\"string\"},\"length_cm\":{\"type\":\"number\"}},\"required\":[\"order_number\"]"""));
        Assert.Contains(AttributionEngine.Default.Detect(measured), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void Values_taken_from_the_superseded_of_two_records_misread_the_result()
    {
        const string file = "01_optician_lens_reorder_meai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("superseded-record", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\":\"superseded\"");

        // The statuses the other way round: the order used the record in force.
        var swapped = Fixture.Edited(Folder, file, ("""status\":\"superseded\",""", """status\":\"was-superseded\","""),
            ("""status\":\"current\",""", """status\":\"superseded\","""), ("""status\":\"was-superseded\",""", """status\":\"current\","""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(swapped), f => f.Detector == "superseded-record");
    }
}
