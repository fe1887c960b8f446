using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-seventh blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Semantic Kernel, the OpenAI Agents SDK through OpenInference, CrewAI through OpenLLMetry, a LlamaIndex
/// workflow with span events, a Collector file of LangGraph spans, a flat export, Jaeger, Zipkin, Phoenix, Langfuse and a
/// LangSmith LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// two carry a retried 503 or 429 that is not the cause; in one a real 404 is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 3/12; then 10/12 and 9/12; now 11/12 and 11/12 (a LlamaIndex
/// query that drops the address, a length invented beside hire dates that no longer ground it). The misses are pinned with what is cited instead and why
/// no rule reaches them yet.
/// </para>
/// </summary>
public class BlindHeldOut37Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind37";

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
        { "run11.json", "brathay-enquiry/enquiry-agent/OpenAI-generation[3] | Tool Output Misinterpretation: arrival" },
        { "run12.json", null },
    };

    [Fact]
    public void A_length_declared_in_metres_that_the_service_bills_in_feet_is_a_tool_definition_issue()
    {
        const string file = "run01.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((DeclaredUnitDetector.DetectorId, "Tool Definition Issues", "6d6be37ce20e3f25"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "Overall boat length in metres");

        // The service reading the length in metres: no finding.
        var metres = Fixture.Edited(Folder, file, (@"billed_length_unit\"":\""ft", @"billed_length_unit\"":\""m"), (@"billed_length_unit\\\"":\\\""ft", @"billed_length_unit\\\"":\\\""m"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(metres), f => f.Detector == DeclaredUnitDetector.DetectorId);
    }

    [Fact]
    public void The_places_booked_given_as_the_places_free_is_a_misread_tool_output()
    {
        const string file = "run02.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((TakenForFreeDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));

        // The free places worked out right (8 less 6): no finding, and the bill of two adults and a child is grounded.
        var right = Fixture.Edited(Folder, file, ("still has 6 places free", "still has 2 places free"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector is TakenForFreeDetector.DetectorId or "unsupported-fact");
    }

    [Fact]
    public void An_action_the_task_does_not_list_after_the_ones_it_does_is_a_goal_deviation()
    {
        const string file = "run04.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnaskedActionDetector.DetectorId, "Goal Deviation", "764bda51c8fe5e16"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // The task asking for the mailing lists too: no finding.
        var asked = Fixture.Edited(Folder, file, ("and write the SMS to send back to the caller.", "add her to the newsletter and beginners' course lists, and write the SMS to send back to the caller."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UnaskedActionDetector.DetectorId);
    }

    [Fact]
    public void A_day_first_date_sent_where_the_hand_rolled_tool_list_declares_iso_is_a_formatting_error()
    {
        const string file = "run07.json";
        var trace = Fixture.Load(Folder, file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal((ArgumentFormatDetector.DetectorId, "Formatting Errors", "5d5326e5bb43214d"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // "could your conservator come and survey ..." asks for a visit: booking it is no unasked action.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == UnaskedActionDetector.DetectorId);

        var iso = Fixture.Edited(Folder, file, ("05/06/2025", "2025-06-05"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(iso), f => f.Detector == ArgumentFormatDetector.DetectorId);
    }

    [Fact]
    public void A_booking_for_the_other_cylinder_than_the_one_the_customer_agreed_to_is_a_context_handling_failure()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((AgreedRecordDetector.DetectorId, "Context Handling Failures", "29ab9460937c296f"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // The offer made for the cylinder that was booked: no finding.
        var steel = Fixture.Edited(Folder, file, ("Would you like me to book the pony in?", "Would you like me to book the steel in?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(steel), f => f.Detector == AgreedRecordDetector.DetectorId);
    }

    [Fact]
    public void A_paid_order_where_the_member_asked_for_packets_from_their_allocation_is_a_tool_selection_error()
    {
        const string file = "run12.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PassedOverToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category?.L4));

        // The request read from LangGraph's ("user", text) input, not the role.
        Assert.Contains(a.Evidence, e => e.Quote.Contains("from my allocation", StringComparison.Ordinal));

        // A request that says nothing of the allocation: no finding.
        var plain = Fixture.Edited(Folder, file, ("from my allocation this year please?", "this year please?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void A_stall_length_no_specification_lists_is_invented_though_the_hire_dates_are_numbers()
    {
        const string file = "run10.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Language-only hallucination", "69886ea9b791ad0a"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "3.1 m");

        // The specification listing the stall length: the figure is grounded.
        var listed = Fixture.Edited(Folder, file, (@"\""internal_height_m\"":2.29,", @"\""internal_height_m\"":2.29,\""stall_length_m\"":3.1,"), (@"\\\""internal_height_m\\\"":2.29,", @"\\\""internal_height_m\\\"":2.29,\\\""stall_length_m\\\"":3.1,"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(listed), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "3.1 m"));
    }
}
