using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-third blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 503 or a generation timeout that is not the cause; in one a real 429 is the cause.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for blind32 already in): span right 3/12, span and
/// category 3/12. After changes on principle (below, each with a case where it must not fire): 8/12 and 8/12; with the
/// next day's rules (a failure inside a tool call cited on the call, a change of choice across turns, a rule of the
/// business nothing gave), 11/12 and 11/12.
/// The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut33Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind33";

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
        { "run10.json", "FunctionAgent.run/QueryEngineTool.acall/RetrieverQueryEngine.aquery/CompactAndRefine.asynthesize/OpenAI.achat | Tool Output Misinterpretation: a retriever whose chunks cover contact details, lost pets and Premium but not a change of keeper answers another question, which no rule weighs when the question's words are spread over the chunks; the answer's origin is inferred" },
        { "run11.json", null },
        { "run12.json", null },
    };

    [Fact]
    public void A_patrol_dispatched_for_a_member_on_the_hard_shoulder_breaks_the_motorway_rule()
    {
        var a = Fixture.Attribute(Folder, "run01.json");
        Assert.Equal((ForbiddenActionDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category?.L4));

        // A member off the motorway may be sent a patrol.
        var offMotorway = Fixture.Edited(Folder, "run01.json", ("pulled onto the hard shoulder of the M62 eastbound", "pulled into a supermarket car park near the M62"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offMotorway), f => f.Detector == ForbiddenActionDetector.DetectorId);
    }

    [Fact]
    public void Whole_blood_slots_searched_from_the_platelets_date_read_the_sibling_entry()
    {
        var a = Fixture.Attribute(Folder, "run04.json");
        Assert.Equal((SiblingKeyDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"platelets\":\"2025-06-10\"");

        // Searching from whole blood's own date reads the record right.
        var own = Fixture.Edited(Folder, "run04.json", (@"earliest_date\\\"":\\\""2025-06-10", @"earliest_date\\\"":\\\""2025-08-19"), (@"earliest_date\"":\""2025-06-10", @"earliest_date\"":\""2025-08-19"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(own), f => f.Detector == SiblingKeyDetector.DetectorId);
    }

    [Fact]
    public void A_surveyed_property_priced_from_the_price_list_passes_over_the_survey_quote()
    {
        var a = Fixture.Attribute(Folder, "run12.json");
        Assert.Equal((PassedOverToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"indicative_price_gbp_inc_vat\":1634.0");

        // A quote tool that sends the quote rather than reads it is no tool passed over for reading.
        var sends = Fixture.Edited(Folder, "run12.json", ("get_survey_quote", "send_survey_quote"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(sends), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void A_deposit_declared_in_pounds_that_comes_back_in_minor_units_is_the_declarations_fault()
    {
        var a = Fixture.Attribute(Folder, "run02.json");
        Assert.Equal((DeclaredUnitDetector.DetectorId, "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"amount_minor_units\":50");

        // An amount that comes back under its own name, with no record giving the sum in pence, says nothing of the unit
        // it was read in.
        var same = Fixture.Edited(Folder, "run02.json", ("amount_minor_units", "amount"), (@"reservation_deposit_pence\"":5000", @"reservation_deposit_gbp\"":50"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == DeclaredUnitDetector.DetectorId);
    }

    [Fact]
    public void A_payment_link_for_an_invoice_the_customer_says_was_paid_by_transfer_misreads_the_problem()
    {
        var a = Fixture.Attribute(Folder, "run05.json");
        Assert.Equal((PaidAgainDetector.DetectorId, "Incorrect Problem Identification", "4f16b2e080256627"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // A customer who has not paid may be sent a link.
        var owes = Fixture.Edited(Folder, "run05.json", ("I paid that by bank transfer on Friday the 6th", "I haven't paid that yet, I meant to on Friday the 6th"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(owes), f => f.Detector == PaidAgainDetector.DetectorId);
    }

    [Fact]
    public void A_price_said_to_be_locked_in_for_life_by_no_policy_the_assistant_was_given_is_an_invented_rule()
    {
        const string file = "run11.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((InventedPolicyDetector.DetectorId, "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("locked in for life", StringComparison.Ordinal));

        // A member who asks whether the rate is locked in gives the words the answer takes up: no rule is read as made up.
        var asked = Fixture.Edited(Folder, file, ("will I lose my founder rate?", "is my founder rate locked in and does it carry across a freeze?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == InventedPolicyDetector.DetectorId);
    }

    [Fact]
    public void An_order_placed_in_the_fabric_the_customer_switched_away_from_lost_the_change_of_choice()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ChangedChoiceDetector.DetectorId, "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "LIN-MOSS");
        Assert.Contains(a.Evidence, e => e.Quote == "\"fabric_code\":\"LIN-PUTTY\"");

        // A customer who keeps the quote's fabric changed nothing.
        var kept = Fixture.Edited(Folder, file, ("I'd rather go with Linara Moss", "I'm happy to stay with Linara Putty"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == ChangedChoiceDetector.DetectorId);
    }
}
