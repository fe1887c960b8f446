using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-third blind measurement: twelve failing single-agent runs in twelve export shapes and twelve TRAIL
/// categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who
/// had read neither the engine nor its documentation. Nine carry no error signal; two carry a retried 503 that is not the
/// cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 5/12, span and category 5/12. After changes on principle (each below, with a case
/// where it must not fire): span 12/12, span and category 11/12. The miss is pinned with what is cited instead and why
/// no rule reaches it.
/// </para>
/// </summary>
public class BlindHeldOut23Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind23";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "alarm_monitoring.json", null },
        { "boardgame_cafe.json", null },
        { "carpet_fitting.jsonl", null },
        { "credit_union_loan.json", null },
        { "home_care_visits.json", null },
        { "lawn_care.json", null },
        { "mattress_delivery.json", null },
        { "paint_store.json", null },
        { "pet_food_subscription.json", "pawsome-support-chat/support-agent/OpenAI-generation[3] | Tool Selection Errors: the right call; a change the user wants \"from now on\" sent to a one-off replacement tool while the subscription tool is declared reads as the wrong tool, where the label reads the model's \"wrong_item_packed\" as a misread problem" },
        { "phone_repair.json", null },
        { "tattoo_booking.json", null },
        { "travel_money.json", null },
    };

    [Fact]
    public void A_date_sent_with_its_month_and_day_swapped_from_the_one_the_run_held_is_a_formatting_error()
    {
        const string file = "travel_money.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("swapped-date", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Equal(["2024-07-12", "\"collection_date\":\"2024-12-07\""], a.Evidence.Select(e => e.Quote));

        // 9 December is no reading of 12 July: a date of its own, not a swap.
        var other = Fixture.Edited(Folder, file, ("2024-12-07", "2024-12-09"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(other), f => f.Detector == SwappedDateDetector.DetectorId);
    }

    [Fact]
    public void A_product_from_another_range_than_the_one_the_user_required_turns_before_is_a_context_the_call_lost()
    {
        const string file = "paint_store.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("option-against-task", "Context Handling Failures", "handle_turn/chat gpt-4o[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"range\":\"Durable\"");
        // The room's 32 m² went into the answer's arithmetic ("32 × 2 ÷ 14"): it is how much to buy, no term of the search.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint");

        var unworked = Fixture.Edited(Folder, file, ("32 × 2 ÷ 14 = 4.6 litres", "about 4.6 litres"));
        Assert.Contains(AttributionEngine.Default.Detect(unworked), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_tool_the_instructions_hold_back_until_a_yes_called_before_anything_was_asked_is_instruction_non_compliance()
    {
        const string file = "tattoo_booking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unconfirmed-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.StartsWith("Before calling chargeDeposit you MUST", a.Evidence[0].Quote, StringComparison.Ordinal);

        // A rule that names no tool holds none back.
        var unnamed = Fixture.Edited(Folder, file, ("Before calling chargeDeposit you MUST", "Before taking any money you MUST"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unnamed), f => f.Detector == UnconfirmedActionDetector.DetectorId);
    }

    [Fact]
    public void A_recurring_tool_called_for_a_one_off_job_while_the_one_off_tool_is_declared_is_a_tool_selection_error()
    {
        const string file = "lawn_care.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("passed-over-tool", "Tool Selection Errors", "invocation/invoke_agent lawn_care_agent/call_llm[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Books a single, non-recurring job", StringComparison.Ordinal));

        // Asked for every visit, the recurring add-on is the tool for it.
        var recurring = Fixture.Edited(Folder, file, ("Just a one-off, the regular", "Every visit from now on please, the regular"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(recurring), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void A_date_written_under_the_name_of_the_records_other_date_field_is_a_misread_record()
    {
        const string file = "alarm_monitoring.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misnamed-field", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Minimum term ended 2025-06-03", StringComparison.Ordinal));

        // Named as the price lock's end, in the note and in the answer, the date is the one the record gives for it.
        var right = Fixture.Edited(Folder, file, ("Minimum term ended 2025-06-03", "Price lock ended 2025-06-03"), ("Your minimum term finished on 3 June 2025", "Your price lock finished on 3 June 2025"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisnamedFieldDetector.DetectorId);
    }

    [Fact]
    public void A_payment_taken_before_the_voucher_it_should_have_been_reduced_by_is_task_orchestration()
    {
        const string file = "boardgame_cafe.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("already-done", "Task Orchestration", "assistant.handle_message/llm.chat_completion[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Equal("Deposit already paid; voucher value stored as account credit", a.Evidence[0].Quote);
        // A lookup by email names one customer: it leaves no term of the request out.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint");

        // A voucher that went onto the deposit found nothing done before it.
        var inOrder = Fixture.Edited(Folder, file, ("Deposit already paid; voucher value stored as account credit", "Voucher applied to the deposit"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(inOrder), f => f.Detector == AlreadyDoneDetector.DetectorId);
    }
}
