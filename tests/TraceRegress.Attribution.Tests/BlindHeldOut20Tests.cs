using TraceRegress.Engine.Detectors;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twentieth blind measurement: twelve failing single-agent runs in twelve export shapes and twelve TRAIL categories,
/// labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read
/// neither the engine nor its documentation. Nine carry no error signal; two carry a retried timeout or 503 that is not
/// the cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 4/12, span and category 3/12; one run (a flat export that writes no trace ids) could
/// not be read at all. After changes on principle: flat spans without a trace id are one trace (with a warning), and a
/// size declared "in inches" that the service gives back as the same number of centimetres is a misdeclared unit: span
/// 5/12, span and category 4/12. Then, on principle again: a date the run held in ISO form, written with slashes and
/// read the other way by the service, is the model's formatting; an amount to collect sent as a record's total where the
/// record gives the balance due is a misreading; a tool whose declaration says it leaves out what the user asked about,
/// called while the tool that covers it never is, is the wrong tool; a charge waived by terms nobody gave is invented:
/// span 8/12, span and category 8/12. A hand-rolled span's <c>llm.messages</c> and <c>llm.output</c> (the provider's
/// message list and content blocks) read as its messages: 9/12 and 9/12. A time the client must be out by, read as a bound
/// on the picked slot's end, and one instruction's order kept to one sentence: 10/12 and 10/12. The misses are pinned with what is cited instead and why no rule reaches them; they are
/// the work still to do, and the arrival figures are the honest measure of how a fresh set fares.
/// </para>
/// </summary>
public class BlindHeldOut20Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind20";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "salon_booking_meai.json", null },
        { "drycleaning_openllmetry.json", null },
        { "framing_vercel.json", null },
        { "firewood_openai_v2.json", null },
        { "garden_centre_adk.json", null },
        { "jeweller_pydantic_collector.jsonl", null },
        { "pottery_flat.json", null },
        { "butcher_jaeger.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/chat gpt-4o[1] | Language-only hallucination: a delivery area written as a postcode range (LS1-LS29) is no rule the engine compares with an HG3 postcode; a figure no tool gave is cited first" },
        { "notary_zipkin.json", "post \\/v1\\/assistant\\/turn/agent_turn/chat gpt-4o-mini[4] | Tool Output Misinterpretation: an add-on put on the booking a reschedule then replaced is an order of two actions the task never ordered in words; the answer's origin is inferred" },
        { "foodbank_phoenix.json", null },
        { "vending_langfuse.json", null },
        { "cookery_langsmith.json", null },
    };

    [Fact]
    public void A_saturday_slot_that_runs_past_the_time_the_client_must_be_out_by_is_a_context_the_booking_call_lost()
    {
        const string file = "salon_booking_meai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("option-against-task", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Equal(["out of the salon by 1pm", "\"end\":\"13:15\""], a.Evidence.Take(2).Select(e => e.Quote));
        // "get_client_profile before booking any colour service." ends before find_slots is named: no order between the two.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == ParallelDependencyDetector.DetectorId);

        // Out by 2pm: the 10:00 slot ends at 13:15 and keeps it.
        var later = Fixture.Edited(Folder, file, ("out of the salon by 1pm", "out of the salon by 2pm"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(later), f => f.Detector == OptionAgainstTaskDetector.DetectorId);
    }

    [Fact]
    public void A_hand_rolled_spans_llm_messages_are_read_and_a_reservation_nobody_asked_for_is_cited()
    {
        var a = Fixture.Attribute(Folder, "pottery_flat.json");
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Source.StartsWith("attributes[\"llm.messages\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void Flat_spans_without_a_trace_id_are_one_trace_and_a_warning_says_so()
    {
        var trace = Fixture.Load(Folder, "pottery_flat.json");
        Assert.True(trace.Spans.Count > 1);
        Assert.Single(trace.Spans.Select(s => s.TraceId).Distinct());
        Assert.Contains(trace.Warnings, w => w.Kind == TraceWarningKind.MissingTraceId);

        // A wrapper that names the trace gives its id.
        var named = AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes("""{"traceId": "abc123", "spans": [{"spanId": "s1", "operationName": "root", "startTime": "2025-01-01T00:00:00Z", "duration": 5}]}"""), "named.json");
        Assert.Equal("abc123", named.Spans[0].TraceId);
    }

    [Fact]
    public void A_size_declared_in_inches_that_the_service_reads_as_centimetres_is_misdeclared()
    {
        var a = Fixture.Attribute(Folder, "framing_vercel.json");
        Assert.Equal(("misdeclared-format", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"width_cm\":16");
    }

    [Fact]
    public void A_date_the_run_held_written_with_slashes_and_read_the_other_way_is_the_models_formatting()
    {
        const string file = "firewood_openai_v2.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("swapped-date", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Equal(["2025-03-07", "07/03/2025", "2025-07-03"], a.Evidence.Select(e => e.Quote));

        // The service read the date as meant: no slip.
        var read = Fixture.Edited(Folder, file, ("2025-07-03", "2025-03-07"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == SwappedDateDetector.DetectorId);
    }

    [Fact]
    public void An_amount_to_collect_sent_as_the_total_of_a_paid_order_is_a_misreading()
    {
        const string file = "drycleaning_openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("outstanding-balance", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"balance_due\":0.0");
        Assert.Contains(a.Evidence, e => e.Quote == "\"collect_on_delivery\":54.9");

        // Nothing paid yet: the total is what is due.
        var unpaid = Fixture.Edited(Folder, file, ("balance_due\\\":0.0", "balance_due\\\":54.9"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unpaid), f => f.Detector == OutstandingBalanceDetector.DetectorId);
    }

    [Fact]
    public void A_tool_declared_to_leave_out_what_the_user_asked_about_is_the_wrong_tool()
    {
        const string file = "garden_centre_adk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("excluded-scope", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Does not include stock in the garden centres");

        // A user who asks for delivery, not a garden centre: the web stock is the right one.
        var delivered = Fixture.Edited(Folder, file, ("Riverside centre on Saturday to pick them up", "house on Saturday by delivery"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(delivered), f => f.Detector == ExcludedScopeDetector.DetectorId);
    }

    [Fact]
    public void A_charge_waived_by_terms_nobody_gave_is_invented()
    {
        const string file = "jeweller_pydantic_collector.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("invented-waiver", "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"price_gbp\":65.0");

        // The price given as quoted.
        var charged = Fixture.Edited(Folder, file, ("your first resize is complimentary, so there'll be nothing to pay", "the resize is £65, payable on collection"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(charged), f => f.Detector == InventedWaiverDetector.DetectorId);

        // A boat that "is free for 12-19 July" is available, not given away.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load("blind15", "boat-charter-zipkin.json")), f => f.Detector == InventedWaiverDetector.DetectorId);
    }
}
