using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-fourth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 429 or 503 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival (with the same day's rule that cites a request's failure on the tool call above it already in):
/// span right 9/12, span and category 5/12. After changes on principle (below, each with a case where it must not fire):
/// run01, run03, run06, run07, run09 and run11 right (span 11/12, span and category 11/12). The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut34Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind34";

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
        { "run10.json", "OpenAIAgent.chat/QueryEngineTool.call/RetrieverQueryEngine.query/CompactAndRefine.synthesize/OpenAI.chat | Tool Output Misinterpretation: a retriever whose chunks answer another question is not weighed; the answer's origin is inferred" },
        { "run11.json", null },
        { "run12.json", null },
    };

    [Fact]
    public void A_delivery_said_to_arrive_on_a_new_day_with_a_new_reference_no_tool_gave_is_a_reschedule_never_made()
    {
        const string file = "run11.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("reschedule_delivery", a.Summary, StringComparison.Ordinal);

        // Without the invented reference, the new day alone is not read as a move no tool made.
        var plain = Fixture.Edited(Folder, file, (" - your new delivery reference is DLV-88412 -", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Detector == "unsupported-fact" && f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void A_plan_change_after_the_vehicle_removal_the_member_asked_for_is_the_run_s_own_goal()
    {
        const string file = "run07.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnaskedActionDetector.DetectorId, "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains("change_plan", a.Summary, StringComparison.Ordinal);

        // A member who asks for the plan too asked for the change.
        var asked = Fixture.Edited(Folder, file, ("What will I be paying from next month?", "Please switch my plan to the Ultimate Single offer too."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UnaskedActionDetector.DetectorId);
    }

    [Fact]
    public void A_suspension_until_written_notice_chosen_for_a_two_hour_window_the_user_wants_monitored_after_is_the_wrong_tool()
    {
        const string file = "run01.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Normal monitoring after that");

        // A user who says nothing of afterwards wished nothing kept.
        var nothingAfter = Fixture.Edited(Folder, file, (" Normal monitoring after that please.", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(nothingAfter), f => f.Detector == WrongToolDetector.DetectorId);
        // The start written as the declared YYYY-MM-DDTHH:mm is in its form; written with a space, it is not.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == ArgumentFormatDetector.DetectorId);
        var spaced = Fixture.Edited(Folder, file, ("2025-04-09T10:00", "2025-04-09 10:00"));
        Assert.Contains(AttributionEngine.Default.Detect(spaced), f => f.Detector == ArgumentFormatDetector.DetectorId);
    }

    [Fact]
    public void A_refund_to_the_card_for_an_item_marked_final_sale_breaks_the_policy_that_allows_exchange_or_store_credit_only()
    {
        const string file = "run03.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ForbiddenActionDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"finalSale\":true");

        // The jacket not marked final sale: a refund to the card is what the policy gives regular-price items.
        var regular = Fixture.Edited(Folder, file, ("finalSale\\\":true", "finalSale\\\":false"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(regular), f => f.Detector == ForbiddenActionDetector.DetectorId);
    }

    [Fact]
    public void A_visit_booked_free_under_a_labour_warranty_that_ended_the_year_before_reads_the_record_as_still_covering_it()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((LapsedCoverDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"labour_expires\":\"2024-03-09\"");
        Assert.Contains(a.Evidence, e => e.Quote == "\"warranty_basis\":\"parts_and_labour\"");

        // Labour cover still running on the day: the free visit is what the record gives.
        var running = Fixture.Edited(Folder, file, ("2024-03-09", "2026-03-09"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(running), f => f.Detector == LapsedCoverDetector.DetectorId);
    }

    [Fact]
    public void A_forwarding_address_the_user_said_she_does_not_have_is_made_up_in_the_discount_call()
    {
        const string file = "run09.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnknownValueDetector.DetectorId, "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Flat 2, 41 Cardigan Road, Leeds LS6 1LJ");

        // The address given by the user: sent as she gave it.
        var given = Fixture.Edited(Folder, file, ("I don't have his new address yet - he's staying with a friend somewhere in Leeds for now until he finds a flat.", "I don't have his phone number, but his new address is Flat 2, 41 Cardigan Road, Leeds LS6 1LJ."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(given), f => f.Detector == UnknownValueDetector.DetectorId);
    }
}
