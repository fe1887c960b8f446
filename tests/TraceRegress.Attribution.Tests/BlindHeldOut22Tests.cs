using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-second blind measurement: twelve failing single-agent runs in twelve export shapes and twelve TRAIL
/// categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who
/// had read neither the engine nor its documentation. Nine carry no error signal; two carry a retried 503 or 504 that is
/// not the cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 5/12. After changes on principle (each below, with a case
/// where it must not fire): span 9/12, span and category 7/12; then, with a time the user must be out by read as a
/// bound on a picked slot's end, 10/12 and 8/12; then, with a tool named for reading (list_payments) no longer taken for
/// one that could pay, the double charge read as a double registration is cited by its inferred origin: 11/12 and 9/12. The misses are pinned with what is cited instead and why
/// no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut22Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind22";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "tollway_dispute.json", null },
        { "trampoline_party.json", null },
        { "tile_order.json", null },
        { "pet_microchip.json", "POST \\/v1\\/assistant\\/chat/invoke_agent chipsafe_assistant/chat gpt-4o-mini[1] | Poor Information Retrieval: a change of keeper asked for in words (\"put the chip in my name\") is no verb a declared tool is named for, so the contact-editing tool chosen instead is not compared; a lookup query without the chip number is cited" },
        { "junior_football.json", null },
        { "tool_hire.jsonl", "agent run/chat gpt-4o[4] | Tool Output Misinterpretation: the invented reservation number (RSV-EF-204418) has a letter group between its prefix and its digits, a form the fact reader does not take as an identifier; the answer's origin is inferred" },
        { "shoe_repair.json", null },
        { "transit_pass.json", null },
        { "trophy_engraving.json", "post \\/v1\\/chat/chat gpt-4o-mini[4] | Tool Output Misinterpretation: a rule against shortening the customer's wording is no prohibition the rules compare with the wording sent; the answer's origin is inferred" },
        { "instrument_rental.json", null },
        { "day_spa.json", null },
        { "fence_quote.json", null },
    };

    [Fact]
    public void A_length_a_docstring_declares_in_metres_that_the_service_reads_in_feet_is_misdeclared()
    {
        const string file = "fence_quote.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misdeclared-format", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        // The answer that restates the echoed figure in metres follows from the declaration: it is explained, not cited.
        Assert.Contains(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "record-unit");

        var feet = Fixture.Edited(Folder, file, ("run_length: total length of the fence run in metres.", "run_length: total length of the fence run in feet."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(feet), f => f.Detector == MisdeclaredFormatDetector.DetectorId);
    }

    [Fact]
    public void A_date_given_with_its_weekday_sent_as_the_reading_on_another_day_is_a_formatting_error()
    {
        const string file = "tile_order.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("swapped-date", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Equal(["Fri 07/03", "2025-07-03"], a.Evidence.Select(e => e.Quote));

        // "Thu 07/03" is 3 July: the date sent is the one meant.
        var thursday = Fixture.Edited(Folder, file, ("Fri 07/03", "Thu 07/03"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(thursday), f => f.Detector == SwappedDateDetector.DetectorId);
    }

    [Fact]
    public void A_slot_that_ends_after_the_time_the_user_must_be_out_by_is_a_context_the_booking_call_lost()
    {
        const string file = "trampoline_party.json";
        var a = Fixture.Attribute(Folder, file);
        // The slot list was read by a call that only asked for the food menu; the call after it booked from both.
        Assert.Equal(("option-against-task", "Context Handling Failures", "party_booking.workflow/openai.chat[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Equal(["out by 2pm", "\"room_end\":\"14:15\""], a.Evidence.Take(2).Select(e => e.Quote));

        // Out by 3pm: the 12:30 slot's room is free by 14:15, and the booking keeps the bound.
        var later = Fixture.Edited(Folder, file, ("out by 2pm", "out by 3pm"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(later), f => f.Detector == OptionAgainstTaskDetector.DetectorId);
    }

    [Theory]
    [InlineData("we have to be finished and out by 2pm", 14 * 60)]
    [InlineData("I need to be out of the salon by 1pm", 13 * 60)]
    [InlineData("the session must finish by 17:30", 17 * 60 + 30)]
    [InlineData("we need to be home by noon", 12 * 60)]
    public void A_time_to_be_out_by_bounds_an_options_latest_end(string said, int bound)
    {
        var r = Assert.Single(Engine.Text.TimeWindows.Find(said));
        using var inside = System.Text.Json.JsonDocument.Parse($$"""{"slot":"S-1","start":"09:00","end":"{{bound / 60:00}}:{{bound % 60:00}}","weekend":"23:00"}""");
        using var over = System.Text.Json.JsonDocument.Parse($$"""{"slot":"S-2","jump_end":"{{bound / 60:00}}:00","room_end":"{{bound / 60:00}}:45"}""");
        Assert.Null(Engine.Text.Restrictions.BrokenBy(r, inside.RootElement));
        Assert.Equal($"\"room_end\":\"{bound / 60:00}:45\"", Engine.Text.Restrictions.BrokenBy(r, over.RootElement));
    }

    [Theory]
    [InlineData("we'll be there by 2 with the cake")]
    [InlineData("drop it off by the front desk")]
    public void A_by_with_no_clock_time_bounds_nothing(string said) => Assert.Empty(Engine.Text.TimeWindows.Find(said));

    [Fact]
    public void A_task_asking_for_two_things_searched_one_query_each_drops_nothing()
    {
        // "110V cement mixer" beside "4m aluminium scaffold tower", sent by the same model call.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "tool_hire.jsonl")), f => f.Detector == "dropped-constraint");
    }
}
