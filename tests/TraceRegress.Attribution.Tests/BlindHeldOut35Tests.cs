using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-fifth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 429 or 503 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 5/12, span and category 4/12. After changes on principle (below, each with a case
/// where it must not fire): run01, run03, run05, run06, run09, run10, run11 and run12 right (span 12/12, span and category
/// 12/12).
/// </para>
/// </summary>
public class BlindHeldOut35Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind35";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", null },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", null },
        { "run07.json", null },
        { "run08.json", null },
        { "run09.json", null },
        { "run10.json", null },
        { "run11.json", null },
        { "run12.json", null },
    };

    [Fact]
    public void A_quote_line_that_prices_metre_lengths_at_the_rate_per_metre_each_reads_the_rate_as_per_piece()
    {
        const string file = "run01.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((RateBasisDetector.DetectorId, "Tool Output Misinterpretation", "abca7999d540c3d5"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "12 x 47x150mm C24 treated carcassing, 4.8m (C24-47150-T): 12 @ £3.42 = £41.04");

        // A price per length is a price per piece.
        var perPiece = Fixture.Edited(Folder, file, ("per_linear_metre", "per_length"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(perPiece), f => f.Detector == RateBasisDetector.DetectorId);
    }

    [Fact]
    public void A_withdrawal_made_where_the_runner_asked_to_defer_passes_over_the_deferral_tool()
    {
        const string file = "run03.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors", "6632889dd56bfc4e"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "Your FAQ says I can defer to next year - can you sort that for me please?");

        // A runner who asks to withdraw is served by the withdrawal tool.
        var withdraw = Fixture.Edited(Folder, file, ("Your FAQ says I can defer to next year", "Your FAQ says I can withdraw this year"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(withdraw), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Theory]
    [InlineData("Your FAQ says I can defer to next year", "defer", true)]
    [InlineData("I'd like to change the booking", "booking", false)]
    [InlineData("Please check an order for me", "order", false)]
    public void A_verb_after_can_is_said_while_a_noun_after_an_article_is_not(string text, string verb, bool said) =>
        Assert.Equal(said, TraceRegress.Engine.Text.Requests.Says(text, verb) >= 0);

    [Fact]
    public void Slots_and_an_order_for_the_address_record_the_customer_turned_away_from_lose_the_workshop_they_named()
    {
        const string file = "run05.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((NamedRecordDetector.DetectorId, "Context Handling Failures", "5c99bc235a7fa49d"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "\"line1\":\"Unit 4, Hollins Trading Estate\"");

        // A customer who names the house is served by its record.
        var house = Fixture.Edited(Folder, file, ("deliver them to our workshop - Unit 4, Hollins Trading Estate - rather than the house address on the account", "deliver them to the house at 27 Moor End Lane as usual"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(house), f => f.Detector == NamedRecordDetector.DetectorId);
    }

    [Fact]
    public void A_badge_written_into_an_appeal_told_to_use_only_the_facts_provided_is_made_up()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((FactsOnlyDetector.DetectorId, "Language-only hallucination", "137e0bdf5224f903"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "Use only the facts provided");

        // An account that mentions the badge grounds it.
        var told = Fixture.Edited(Folder, file, ("to unload her wheelchair and her weekly shopping and carry them", "to unload her wheelchair and her weekly shopping (her Blue Badge was on the dashboard) and carry them"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(told), f => f.Detector == FactsOnlyDetector.DetectorId);

        // Without the instruction, a drafting call may add what it knows.
        var free = Fixture.Edited(Folder, file, (" Use only the facts provided.", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(free), f => f.Detector == FactsOnlyDetector.DetectorId);
    }

    [Fact]
    public void A_service_booked_while_the_record_shows_the_recall_status_the_rule_forbids_booking_with_breaks_it()
    {
        const string file = "run09.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ForbiddenActionDetector.DetectorId, "Instruction Non-compliance", "0fafb43823685edc"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\":\"outstanding\"");

        // The record was read before booking: the plugin's prefix names the same function the rule does.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == RequiredCallSkippedDetector.DetectorId);

        // A recall already done forbids nothing.
        var done = Fixture.Edited(Folder, file, (@":\\\\\\\""outstanding", @":\\\\\\\""completed"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(done), f => f.Detector == ForbiddenActionDetector.DetectorId);
    }

    [Fact]
    public void A_retrieval_whose_section_sends_the_customer_s_instrument_to_a_section_never_returned_missed_the_answer()
    {
        const string file = "run10.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OffScopeDocumentsDetector.DetectorId, "Poor Information Retrieval", "2a2fad679e96f407"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "12-string, baritone, bass and extended-range setups are listed under Specialist setups.");

        // A six-string is the standard section's own case.
        var six = Fixture.Edited(Folder, file, ("I've got a Taylor 254ce 12-string", "I've got a Taylor 214ce six-string"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(six), f => f.Detector == OffScopeDocumentsDetector.DetectorId);
    }

    [Fact]
    public void Players_added_with_the_whole_group_moved_to_a_dearer_package_nobody_asked_for_is_a_goal_of_the_run_s_own()
    {
        const string file = "run11.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnaskedChangeDetector.DetectorId, "Goal Deviation", "eb3d08dd-f95b-4b08-986e-d84eb1a1a8d4"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "\"package\":\"STD300\"");

        // An organiser who asks for the upgrade asked for the change.
        var asked = Fixture.Edited(Folder, file, ("can you add them?", "can you add them and upgrade everyone?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UnaskedChangeDetector.DetectorId);
    }

    [Fact]
    public void A_room_the_guest_asked_to_have_put_right_only_looked_up_as_a_payment_is_the_wrong_problem()
    {
        const string file = "run12.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnaddressedRequestDetector.DetectorId, "Incorrect Problem Identification", "268f82b1-ff55-4f05-8667-90e5d048abe7"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "update_room_allocation");

        // The payments tool takes the booking id under the same parameter as the booking tool: no wrong tool.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == WrongToolDetector.DetectorId);

        // A guest who only asks why is answered by reading.
        var why = Fixture.Edited(Folder, file, ("Could you sort that out please?", "Could you tell me why?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(why), f => f.Detector == UnaddressedRequestDetector.DetectorId);
    }
}
