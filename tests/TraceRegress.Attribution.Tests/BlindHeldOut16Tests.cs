namespace TraceRegress.AttributionTests;

/// <summary>
/// A sixteenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, OpenTelemetry's Python instrumentation with events, Pydantic AI as Collector JSON Lines, flat
/// spans, Spring AI in Jaeger, a Go service in Zipkin, OpenInference, Langfuse, LangSmith and Google ADK), labelled
/// (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read neither the
/// engine nor its documentation. Nine carry no error signal; two carry a retried 503 or timeout that is not the cause; in
/// one a 500 the tool hid is the cause.
/// <para>
/// Measured on arrival (with the rules of this session's first changes in): span right 6/12, span and category 3/12. After
/// changes on principle, each with the case where it must not fire (below): an action the instructions forbid in a state
/// a tool result then showed ("do NOT create an application" once a deadline "has passed", <c>"status":"closed"</c>);
/// "is there any way you can still register me" and "happy for you to hold one" ask for the action; a rate per metre
/// read as a flat price; an action claimed that none of the run's tools can take, backed by an invented reference: span
/// 6/12, span and category 6/12. Then Spring AI's prompt of message texts read message by message, with a move asked for
/// beside an offered reschedule tool; a form of refund ruled out ("not as Volta credit") that a summary dropped; a search
/// asked in one declared source's words that returned nothing from it; a tool declared to act on what is active when
/// called, run after another declared to end it: span 10/12, span and category 10/12. Then a date format a tool declares
/// (DD/MM/YYYY) that its own result shows the service read the other way: 11/12 and 11/12. The misses are pinned with what is
/// cited instead and why no rule reaches them; the arrival figures are the honest measure of how a fresh set fares.
/// </para>
/// </summary>
public class BlindHeldOut16Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind16";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "boiler_service_openllmetry.json", null },
        { "container_demurrage_openai_v2.json", null },
        { "festival_accreditation_vercel.json", null },
        { "gift_aid_bereavement_phoenix.json", "AgentRunner.chat/FunctionCallingAgentWorker.run_step[3]/OpenAI.chat | Poor Information Retrieval: cancelling the signed-in daughter's own direct debit for her late mother's is a reading of whose record is meant that no rule makes; the later policy search, whose query leaves out the £25, is cited" },
        { "lost_property_zipkin.json", null },
        { "marina_berth_dotnet.json", null },
        { "orthodontics_finance_adk.json", null },
        { "pension_transfer_langsmith.json", null },
        { "piano_tuning_jaeger.json", null },
        { "scooter_refund_pydanticai.jsonl", null },
        { "self_storage_transfer_langfuse.json", null },
        { "tennis_club_freeze_flat.json", null },
    };

    [Fact]
    public void An_action_the_instructions_forbid_in_the_state_a_result_showed_is_non_compliance()
    {
        const string file = "festival_accreditation_vercel.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("forbidden-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\":\"closed\"");
        // "is there any way you can still register me" asks for the registration.
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector == "unasked-action");

        // The category still open: the rule does not apply.
        var open = Fixture.Edited(Folder, file, ("\\\"status\\\":\\\"closed\\\"", "\\\"status\\\":\\\"open\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(open), f => f.Detector == "forbidden-action");
    }

    [Fact]
    public void A_rate_per_metre_read_as_a_flat_price_is_misinterpreted()
    {
        const string file = "marina_berth_dotnet.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("rate-basis", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "12.4m LOA");
        // "Happy for you to hold one for us" asks for the hold.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unasked-action");
        // Without it the skipper only asked what there is and what it costs: the hold was nobody's request.
        var asked = Fixture.Edited(Folder, file, (" Happy for you to hold one for us.", ""));
        Assert.Contains(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");

        // The total with the rate per metre: 4.20 x 12.4 x 3 + 5.50 x 3.
        var right = Fixture.Edited(Folder, file, ("\\\"quoted_total_gbp\\\":29.1", "\\\"quoted_total_gbp\\\":172.74"), ("29.10 for the stay", "172.74 for the stay"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "rate-basis");
    }

    [Fact]
    public void An_action_no_tool_of_the_run_can_take_claimed_with_an_invented_reference_is_a_tool_hallucination()
    {
        const string file = "pension_transfer_langsmith.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "TO-2025-448213");

        // Without the invented reference the claim stands on nothing checkable: no capability is read into it.
        var plain = Fixture.Edited(Folder, file, ("under reference TO-2025-448213", "today"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void Spring_ais_prompt_of_message_texts_is_read_message_by_message()
    {
        var view = GenAi.TraceView.Of(Fixture.Load(Folder, "piano_tuning_jaeger.json"));
        var calls = view.Spans.Where(g => g.IsModelCall).ToList();
        // The first call: the instructions, then the user's words.
        Assert.Equal(["system", "user"], calls[0].InputMessages.Select(m => m.Role));
        Assert.Contains(calls[0].OutputParts, p => p.Kind == GenAi.PartKind.ToolCall && p.Name == "find_bookings" && p.Arguments == "{\"phone\":\"+447700900418\"}");
        // A later call: the model's turn with its tool call, then the tool's result under that call's id.
        var second = calls[1].InputMessages;
        Assert.Equal(["system", "user", "assistant", "tool"], second.Select(m => m.Role));
        Assert.Equal(second[2].Parts[0].Id, second[3].Parts[0].Id);
        Assert.StartsWith("{\"customerId\":\"C-18822\"", second[3].Parts[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_move_asked_for_and_a_new_booking_made_beside_the_offered_reschedule_tool_is_the_wrong_tool()
    {
        const string file = "piano_tuning_jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        // "I've got a tuning booked" says what she has, not what to do; her number in its international form is hers.
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote.Contains("447700900418", StringComparison.Ordinal)));
        Assert.DoesNotContain(findings, f => f.Detector == "dropped-constraint");

        // Asked for another booking: booking one is what was asked.
        var another = Fixture.Edited(Folder, file, ("could you move it to the same time the following Friday", "could you book me another one at the same time the following Friday"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(another), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void A_summary_that_drops_the_form_a_refund_must_not_take_loses_the_context()
    {
        const string file = "scooter_refund_pydanticai.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("context-lost", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "not as Volta credit");

        // The customer wants it back on the card with no form ruled out: nothing was lost.
        var plain = Fixture.Edited(Folder, file, ("go back on my card, not as Volta credit - I'm moving", "go back on my card - I'm moving"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Detector == "context-lost");
    }

    [Fact]
    public void A_search_asked_in_one_sources_words_that_returned_nothing_from_it_is_poor_retrieval()
    {
        const string file = "tennis_club_freeze_flat.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsearched-source", "Poor Information Retrieval", "agent.run/tool.search_handbook"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains("Club Handbook 2025", a.Summary, StringComparison.Ordinal);

        // One pause rule from the handbook among the results: the source was searched.
        var found = Fixture.Edited(Folder, file, ("rce\\\":\\\"junior-family-section-guide-2025.pdf\\\",\\\"section\\\":\\\"3.4", "rce\\\":\\\"club-handbook-2025.pdf\\\",\\\"section\\\":\\\"3.4"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(found), f => f.Detector == "unsearched-source");
    }

    [Fact]
    public void Ending_what_another_tool_needs_active_before_calling_it_is_task_orchestration()
    {
        const string file = "self_storage_transfer_langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("precondition-order", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains("end_rental", a.Summary, StringComparison.Ordinal);

        // An end_rental that leaves the rental active until its end date: nothing is lost by the order.
        var kept = Fixture.Edited(Folder, file, ("The rental stops being active straight away", "The rental stays in force"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "precondition-order");
    }

    [Fact]
    public void A_date_format_the_service_reads_the_other_way_round_is_a_tool_definition_issue()
    {
        const string file = "boiler_service_openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misdeclared-format", "Tool Definition Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "2026-02-12");

        // The service read the date as declared: the declaration is right.
        var right = Fixture.Edited(Folder, file, ("visit_date\\\":\\\"2026-02-12", "visit_date\\\":\\\"2025-12-02"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "misdeclared-format");
    }
}
