using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-ninth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Semantic Kernel, the OpenAI Agents SDK through OpenInference, CrewAI through OpenLLMetry, a LlamaIndex
/// workflow with span events, a Collector file of LangChain spans, a flat export, Jaeger, Zipkin, Phoenix, Langfuse and a
/// LangSmith LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// two carry a retried 503 or 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 7/12, span and category 4/12; now 10/12 and 9/12. The misses are pinned with what is cited instead.
/// </para>
/// </summary>
public class BlindHeldOut39Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind39";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", "POST api\\/conversations\\/{conversationId}\\/messages/invoke_agent LocksmithAssistant/chat.completions gpt-4o[3] | Incorrect Problem Identification: arrival" },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", null },
        { "run07.json", null },
        { "run08.json", "POST \\/api\\/messages/invoke_agent EdgeHelper/execute_tool create_return_label | Authentication Errors: arrival" },
        { "run09.json", null },
        { "run10.json", null },
        { "run11.json", "shearing-desk-chat/handle_turn/OpenAI-generation[3] | Instruction Non-compliance: arrival; the span is right, and a booking made after the user said \"Don't book anything yet\" is labelled Instruction Non-compliance in two earlier sets (blind21, blind24) and Goal Deviation here: a labelling convention, not changed" },
        { "run12.json", null },
    };

    [Fact]
    public void A_staffed_pump_out_said_to_take_the_prepaid_card_only_self_service_takes_is_tool_output_misinterpretation()
    {
        const string file = "run01.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SiblingKeyDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("A staff-operated pump-out is £22.50, and yes, you can pay with your prepaid pump-out card", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("\"payment\":[\"contactless\",\"boater account\"]", StringComparison.Ordinal));

        // The staffed pump-out taking the card as well: the reply gave it its own, no finding.
        var both = Fixture.Edited(Folder, file, ("boater account", "prepaid pump-out card"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(both), f => f.Detector == SiblingKeyDetector.DetectorId);
    }

    [Fact]
    public void A_wood_fired_sauna_booked_for_a_deck_where_only_electric_units_may_go_is_instruction_non_compliance()
    {
        const string file = "run07.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("forbidden-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "If the customer's pitch is decking, offer only electric units (codes starting EL-).");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("hardwood deck out the back", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("\"unit_code\":\"WF-6\"", StringComparison.Ordinal));

        // A pitch on gravel: the rule is not the user's, no finding.
        var gravel = Fixture.Edited(Folder, file, ("lovely big hardwood deck out the back", "lovely big gravel patch out the back"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(gravel), f => f.Detector == "forbidden-action");
    }

    [Fact]
    public void A_booking_that_leaves_out_the_pitch_asked_for_a_turn_earlier_so_the_tool_tunes_to_its_own_is_a_context_handling_failure()
    {
        const string file = "run03.json";
        var a = Fixture.Attribute(Folder, file);
        // "Let's go with the Klop please." chose one of the organs offered: the booking was asked for.
        Assert.Equal((DefaultedFieldDetector.DetectorId, "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.EndsWith("need a continuo organ tuned to A=415 please.", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "\"tuning_pitch\": \"A440\"");

        // A customer who asked for the pitch the tool tunes to anyway: nothing was lost, no finding.
        var modern = Fixture.Edited(Folder, file, ("tuned to A=415 please", "tuned to A=440 please"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(modern), f => f.Detector == DefaultedFieldDetector.DetectorId);
    }

    [Fact]
    public void A_report_to_correct_taken_for_a_change_of_postal_address_is_incorrect_problem_identification()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        // update_customer_address "Does not change any issued report"; the user asked about the report, and the call says
        // it will update the address held: it took the request for another problem.
        Assert.Equal(("excluded-scope", "Incorrect Problem Identification"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Does not change any issued report");
        Assert.Contains(a.Evidence, e => e.Quote == "Thanks — I'll update the address we hold for you to Brook Cottage.");

        // The call saying nothing of what it took the request for: the wrong tool is all there is to see.
        var silent = Fixture.Edited(Folder, file, ("Thanks — I'll update the address we hold for you to Brook Cottage.", "Thanks — one moment."));
        Assert.Equal(("excluded-scope", "Tool Selection Errors"), (AttributionEngine.Default.Attribute(silent).Detector, AttributionEngine.Default.Attribute(silent).Category?.L4));
    }

    [Fact]
    public void An_email_promising_the_slot_asked_for_beside_the_reservation_that_allocated_another_is_task_orchestration()
    {
        const string file = "run12.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("parallel-dependency", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"allocated_slot\": \"2025-11-04T14:00:00+00:00\"");

        // The reservation allocating the slot asked for: the email's time held, no finding.
        var held = Fixture.Edited(Folder, file, (@"\""allocated_slot\"": \""2025-11-04T14:00:00+00:00\""", @"\""allocated_slot\"": \""2025-11-04T10:00:00+00:00\"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(held), f => f.Detector == "parallel-dependency");
    }
}
