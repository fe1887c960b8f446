using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// An eleventh blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// Semantic Kernel, OpenLLMetry, the AI SDK, Pydantic AI as JSON Lines, LangChain through LangSmith, Langfuse, LlamaIndex
/// through OpenInference, the openai-v2 instrumentation over Jaeger, Spring AI over Zipkin, a hand-rolled flat layout and
/// the OpenTelemetry JS SDK with gen_ai events), labelled (span, TRAIL leaf, why) and committed before the engine was run
/// on any of them, by a writer who had read neither the engine nor its documentation. Eight carry no error signal; two
/// hide it in an OK tool payload (a throttled reply, a guest view from an expired token).
/// <para>
/// Measured on arrival (with the first rules of this session already in: test-mode payments, dropped UTC offsets,
/// searches for another named party): span right 4/12, span and category 3/12. After changes on principle, each with
/// the case where it must not fire (below): a payload that says it was throttled, or that its caller's token expired; a
/// thing the user ruled out of the request acted on; two calls of one turn where one needed the other's result; a tool
/// named as having given a result it never gave; a hand-rolled span's <c>llm.input_messages</c> and
/// <c>llm.output_message</c> read as a model call; a count of the thing a search looks for is no search constraint; an
/// amount written as text where the prompt asked for numbers, and continental numbers read as their values: span 10/12,
/// span and category 9/12; later, a declaration that "does not change" what the user asked about: 11/12 and 10/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut11Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind11";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "vet_vaccine_booking_meai.json", "POST \\/api\\/assistant\\/messages/orchestrate_tools/chat gpt-4o[4] | Tool Output Misinterpretation: an empty allergies list read as no reactions where the vaccination history notes one is a reading of two records no rule joins; with no finding, the answering call is the inferred origin" },
        { "utility_bill_dispute_sk.json", null },
        { "customs_entry_openllmetry.json", null },
        { "ticket_transfer_vercel_ai.json", null },
        { "pharmacy_refill_pydanticai.jsonl", null },
        { "school_admissions_rag_langsmith.json", null },
        { "property_maintenance_langfuse.json", null },
        { "travel_insurance_openinference.json", null },
        { "parking_permit_jaeger.json", null },
        { "payroll_final_pay_zipkin.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/chat gpt-4o[2] | Tool Output Misinterpretation: the right call, but an earlier instruction in the conversation (pay by paper check, the account is closed) that the call dropped is read as the final answer's provenance, not as lost context" },
        { "procurement_po_flat.json", null },
        { "library_renewal_otel_js.json", null },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_payload_served_to_an_expired_token_is_an_authentication_failure()
    {
        const string file = "library_renewal_otel_js.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Authentication Errors", "execute_tool get_patron_loans"), (a.Detector, a.Category?.L4, a.Cited?.Name));

        // A signed-in session.
        var signedIn = Fixture.Edited(Folder, file, ("\\\"token_state\\\":\\\"expired\\\"", "\\\"token_state\\\":\\\"valid\\\""), ("{\\\"authenticated\\\":false", "{\\\"authenticated\\\":true"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(signedIn), f => f.Detector == "tool-error-payload" && f.Span.Name == "execute_tool get_patron_loans");
    }

    [Fact]
    public void A_payload_that_says_it_was_throttled_was_rate_limited()
    {
        const string file = "parking_permit_jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Rate Limiting", "execute_tool lookup_vehicle_registration"), (a.Detector, a.Category?.L4, a.Cited?.Name));

        // Not throttled, requests left.
        var served = Fixture.Edited(Folder, file, (",\\\"throttled\\\":true,", ",\\\"throttled\\\":false,"), ("\\\"remaining\\\":0", "\\\"remaining\\\":87"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(served), f => f.Detector == "tool-error-payload");
    }

    [Fact]
    public void A_thing_the_user_ruled_out_and_the_call_acted_on_breaks_the_request()
    {
        const string file = "pharmacy_refill_pydanticai.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("excluded-item", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "RX-7780991");
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("NOT the metformin, Dr. Reyes is changing my dose", StringComparison.Ordinal));

        // Nothing ruled out.
        var all = Fixture.Edited(Folder, file, ("NOT the metformin", "and the metformin"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(all), f => f.Detector == "excluded-item");
    }

    [Fact]
    public void A_call_issued_beside_the_call_whose_work_must_finish_first_is_out_of_order()
    {
        const string file = "utility_bill_dispute_sk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("parallel-dependency", "Task Orchestration"), (a.Detector, a.Category?.L4));

        // A submitted read that needs nothing before billing.
        var free = Fixture.Edited(Folder, file, ("before the read can be billed", "and may be billed at once"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(free), f => f.Detector == "parallel-dependency");
    }

    [Fact]
    public void A_tool_named_as_having_answered_that_never_ran_is_a_tool_related_hallucination()
    {
        const string file = "procurement_po_flat.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination", "agent.run/llm.call[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Lead time check: get_supplier_lead_time returned 8 business days", StringComparison.Ordinal));

        // A count of the chairs to order is no constraint of the catalog search for them.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint");

        // The same lead time stated without naming the tool as its source.
        var said = Fixture.Edited(Folder, file, ("get_supplier_lead_time returned", "the usual lead time is"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(said), f => f.Summary.Contains("get_supplier_lead_time was never called", StringComparison.Ordinal));
    }

    [Fact]
    public void A_question_asking_to_be_fitted_in_asks_for_a_booking_and_a_recovered_429_is_no_origin()
    {
        var a = Fixture.Attribute(Folder, "vet_vaccine_booking_meai.json");
        // "Can I get her in this Saturday morning?" asks for the booking the run made.
        Assert.NotEqual("unasked-action", a.Detector);
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "unasked-action");
        // The model call answered 429 and was retried with success: the run got past it.
        Assert.NotEqual("http-status", a.Detector);
        Assert.Contains(a.OtherFindings, f => f.Detector == "http-status" && f.Summary.Contains("recovered", StringComparison.Ordinal));
    }

    [Fact]
    public void An_amount_written_as_text_in_a_local_form_where_the_prompt_asks_for_numbers_breaks_the_format()
    {
        const string file = "customs_entry_openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("output-format", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"invoice_total\":\"18.400,00\"");
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("All monetary amounts and weights MUST be JSON numbers", StringComparison.Ordinal));

        // No rule about numbers in the prompt.
        var free = Fixture.Edited(Folder, file, ("All monetary amounts and weights MUST be JSON numbers", "Copy monetary amounts and weights as printed"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(free), f => f.Detector == "output-format");

        // The invoice's continental figures ground what the extraction wrote: 12.05.2025 is 2025-05-12, 1.184,00 is 1184.0.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)),
            f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote is "2025-05-12" or "1184.0" or "460.0"));
    }

    [Fact]
    public void Continental_numbers_and_dotted_dates_are_the_values_they_write()
    {
        var facts = Facts.Extract("Date: 12.05.2025, total 18.400,00 EUR, unit price 460,00, version 1.2.3, 1,250 people");
        Assert.Contains(facts, f => f.Kind == FactKind.Date && f.Key == "d:2025-05-12");
        Assert.Contains(facts, f => f.Written == "18.400,00" && f.Value == 18400m);
        Assert.Contains(facts, f => f.Written == "460,00" && f.Value == 460m);
        // Three digits after a comma are a thousands group, not decimals.
        Assert.Contains(facts, f => f.Written == "1,250" && f.Value == 1250m);
    }

    [Fact]
    public void A_hand_rolled_llm_call_is_read_as_a_model_call_with_its_messages_and_tools()
    {
        var trace = Fixture.Load(Folder, "procurement_po_flat.json");
        var calls = trace.View.Spans.Where(g => g.Span.Name == "llm.call").ToList();
        Assert.Equal(4, calls.Count);
        Assert.All(calls, g => Assert.True(g.IsModelCall));
        Assert.Contains(calls[0].ToolDefinitions, d => d.Name == "get_supplier_lead_time");
        Assert.Equal("system", calls[0].InputMessages[0].Role);
        Assert.Contains(trace.View.ToolCalls.Calls, c => c.Name == "create_purchase_order" && c.RequestedBy?.Span == calls[2].Span && c.Execution is not null);
    }

    [Fact]
    public void A_contact_update_declared_not_to_change_ticket_holders_called_for_tickets_in_her_name_is_a_tool_selection_error()
    {
        const string file = "ticket_transfer_vercel_ai.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("excluded-scope", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Does not change ticket holders");

        // A contact update that says nothing of ticket holders: nothing declared left out, no finding.
        var silent = Fixture.Edited(Folder, file, ("Does not change ticket holders", "Keeps the order's other settings"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(silent), f => f.Detector == "excluded-scope");
    }
}
