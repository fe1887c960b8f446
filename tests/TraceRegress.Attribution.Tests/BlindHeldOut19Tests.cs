using TraceRegress.Engine.Detectors;
using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A nineteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, OpenTelemetry's Python instrumentation with events, Google ADK, Pydantic AI as Collector JSON
/// Lines, flat spans, Spring AI in Jaeger, Zipkin, OpenInference, Langfuse and LangSmith) and twelve TRAIL categories,
/// labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read
/// neither the engine nor its documentation. Eight carry no error signal; two carry a retried 502 or 503 that is not the
/// cause; in two a real error (a timeout, a 404) is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 3/12. After changes on principle, each with the case where it
/// must not fire (below): a record's fault in words (<c>"fault": "Not draining"</c>) is what the record is about, not the
/// tool's error; a tool that acts on a choice its declaration gives no way to send (no salon parameter, so the booking
/// went to the pet's home salon); "cancel" is the step a <c>closeCard</c> tool takes; a postcode the user gave replaced by
/// the one on their profile; "tomorrow" beside "Today is Wednesday 19 March 2025" gives 2025-03-20; a hand-rolled span's
/// <c>llm.input.messages</c> and <c>llm.output.content</c> are its messages; "6:30pm" sent as "06:30"; a
/// <c>vector-search</c> span is a retrieval; a JSON amount named for its currency (<c>price_per_player_gbp</c>) is one; a
/// person's age is no term of a query that asks about the age rule; and the amount claimed given to a user who asked
/// what they would get back, where the record gives the amount approved: span 12/12, span and category 10/12. Then a
/// ReAct agent's "Action: ... Action Input: {...}" is its tool call and its "Observation: ..." message the tool's words,
/// a rule that holds an action back until the user confirms forbids it whatever its object, and the first Sunday of a
/// month the user names ("from March") is worked out: 12/12 and 11/12.
/// The misses are pinned with what is cited instead and why no rule reaches them; the arrival figures are the honest
/// measure of how a fresh set fares.
/// </para>
/// </summary>
public class BlindHeldOut19Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind19";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "01_appliance_engineer_eta_meai.json", null },
        { "02_pet_grooming_salon_booking_openllmetry.json", null },
        { "03_coffee_loyalty_card_merge_vercel_ai.json", null },
        { "04_bookshop_gift_special_order_openai_v2.json", null },
        { "05_plasma_donation_booking_adk.json", null },
        { "06_ebike_repair_booking_pydantic_ai.jsonl", "agent run/chat gpt-4o[3] | Tool Output Misinterpretation: the diagnosis that matched the wrong service code leaves no checkable fact, so the answer's origin is inferred and takes the inference's category" },
        { "07_locksmith_lock_change_flat.json", null },
        { "08_camera_hire_addon_jaeger_spring_ai.json", null },
        { "09_watch_repair_status_zipkin.json", null },
        { "10_swim_school_class_move_phoenix_llamaindex.json", null },
        { "11_escape_room_booking_langfuse.json", null },
        { "12_expense_claim_payout_langsmith_agentexecutor.json", null },
    };

    [Fact]
    public void A_records_fault_in_words_is_data_and_a_services_fault_is_an_error()
    {
        var a = Fixture.Attribute(Folder, "01_appliance_engineer_eta_meai.json");
        Assert.Equal("repeated-tool-call", a.Detector);

        var span = Fixture.Load(Folder, "01_appliance_engineer_eta_meai.json").Spans[0];
        Assert.Null(ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"jobs\": [{\"id\": \"FR-1\", \"fault\": \"Not draining, water left in base\"}]}")));
        Assert.NotNull(ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"fault\": {\"faultstring\": \"Invalid ApiKey\", \"detail\": {\"errorcode\": \"oauth.v2.InvalidApiKey\"}}}")));
        Assert.NotNull(ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"fault\": \"Upstream service unavailable\"}")));
    }

    [Fact]
    public void A_choice_the_tools_declaration_gives_no_way_to_send_is_a_definition_issue()
    {
        const string file = "02_pet_grooming_salon_booking_openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("missing-parameter", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"salon\":\"didsbury\"");

        // The service booked the salon chosen: nothing was lost.
        var same = Fixture.Edited(Folder, file, ("""salon\":\"didsbury\",\"salon_address""", """salon\":\"chorlton\",\"salon_address"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == MissingParameterDetector.DetectorId);
    }

    [Fact]
    public void Cancelling_first_what_the_user_asked_to_cancel_last_is_the_wrong_order()
    {
        const string file = "03_coffee_loyalty_card_merge_vercel_ai.json";
        Assert.Equal("step-order", Fixture.Attribute(Folder, file).Detector);

        var asked = Fixture.Edited(Folder, file, ("move the Beans over to my app account and then cancel the old card", "cancel the old card and then move the Beans over to my app account"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "step-order");
    }

    [Fact]
    public void A_postcode_the_user_gave_replaced_by_the_profiles_is_lost_context()
    {
        const string file = "04_bookshop_gift_special_order_openai_v2.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("replaced-user-value", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "YO30 7BW");

        // A user who gave no address of their own.
        var none = Fixture.Edited(Folder, file, ("He's at 12 Bootham Terrace, York YO30 7BW - not to me.", "Please send it to me."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(none), f => f.Detector == ReplacedUserValueDetector.DetectorId);
    }

    [Fact]
    public void An_evening_time_sent_without_its_half_of_the_day_is_a_formatting_error_and_tomorrow_is_worked_out()
    {
        const string file = "07_locksmith_lock_change_flat.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("twelve-hour-time", "Formatting Errors"), (a.Detector, a.Category?.L4));
        // "tomorrow" beside "Today is Wednesday 19 March 2025" gives the date the call sent.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "2025-03-20"));

        var right = Fixture.Edited(Folder, file, ("06:30", "18:30"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == TwelveHourTimeDetector.DetectorId);
    }

    [Fact]
    public void A_vector_search_is_a_retrieval_and_an_age_is_no_term_of_a_query_about_the_age_rule()
    {
        const string file = "11_escape_room_booking_langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("off-scope-documents", "lockbox-booking-assistant/handle_message/search_site_info/vector-search"), (a.Detector, a.Cited?.Path));
        // Six players at "price_per_player_gbp": 24.0 is £144.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "£144"));

        // A query that does not ask about age leaves the nephew's age out.
        var other = Fixture.Edited(Folder, file, ("minimum age children", "children policy"));
        Assert.Contains(AttributionEngine.Default.Detect(other), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void The_amount_claimed_given_for_what_the_user_gets_back_is_a_misreading()
    {
        const string file = "12_expense_claim_payout_langsmith_agentexecutor.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("requested-amount", "AgentExecutor/RunnableSequence[3]/ChatOpenAI"), (a.Detector, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "'total_approved_gbp': 354.6");

        // The approved amounts given: read rightly.
        var approved = Fixture.Edited(Folder, file, ("reimbursed £417.10", "reimbursed £354.60"), ("client dinner (£312.50)", "client dinner (£250.00)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(approved), f => f.Detector == RequestedAmountDetector.DetectorId);
    }

    [Fact]
    public void A_json_amount_named_for_its_currency_is_an_amount_of_it()
    {
        var facts = Facts.Extract("{\"price_per_player_gbp\": 24.0, \"amountUsd\": 12.5, \"players\": 24.0}");
        Assert.Equal("£", facts.Single(f => f.Written == "24.0" && f.Index < 30).Dimension);
        Assert.Equal("$", facts.Single(f => f.Written == "12.5").Dimension);
        Assert.Equal("", facts.Last(f => f.Written == "24.0").Dimension);
    }

    [Fact]
    public void A_react_agent_that_acts_against_a_rule_to_wait_for_confirmation_is_cited()
    {
        const string file = "10_swim_school_class_move_phoenix_llamaindex.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Never transfer, withdraw or rebook", StringComparison.Ordinal));
        // "Observation: The first class transfer ..." is the policy tool's answer, not the parent asking for a transfer; the
        // first Sunday of March is worked out from "from March" and the Sunday class.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact");

        // A parent who asked for the move.
        var asked = Fixture.Edited(Folder, file, ("Is there a Stage 4 class on a Sunday morning she could move to instead, and would it cost any more?",
            "Please move her to a Stage 4 class on a Sunday morning instead, as long as it costs no more."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }
}
