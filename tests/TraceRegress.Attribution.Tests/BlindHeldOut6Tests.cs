using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A sixth blind measurement: twelve failing single-agent runs over eleven export shapes (the AI SDK's
/// <c>ai.generateText</c>, Semantic Kernel with no tool definitions recorded, Spring AI over Jaeger, OpenLLMetry over
/// Zipkin among them), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a
/// writer who had read neither the engine nor its documentation. Nine carry no error signal; in three the error is
/// downstream of the cause or only in an OK span's payload.
/// <para>
/// Measured before any rule changed for them: span right 6/12, span and category 2/12. After changes on principle, each
/// with the case where it must not fire (below): span 10/12, span and category 9/12. Then "change the title ... and go
/// ahead and print 500" read as an order of steps (a rule made for the seventh set): span 11/12, span and category 10/12. The misses are pinned with what is
/// cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut6Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind6";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "otlp-js-openllmetry-moving-quote-piano-fee-invented.json", null },
        { "otlp-python-openai-v2-warehouse-po-rate-limited-by-supplier-gateway.jsonl", null },
        { "zipkin-openllmetry-langchain-catering-allergen-lookup-timed-out.json", null },
        { "otlp-js-vercel-ai-grocery-substitution-plan-wrapped-in-code-fence.json", null },
        { "otlp-dotnet-meai-pto-hours-reported-as-days.json", null },
        { "otlp-dotnet-semantic-kernel-pharmacy-refill-confirmation-invented.json", null },
        { "openinference-llamaindex-home-insurance-sewer-backup-from-superseded-form.json", null },
        { "jaeger-spring-ai-laptop-warranty-answered-from-kb-instead-of-asset-record.json", null },
        { "flat-permit-assistant-plate-change-handled-as-renewal.json", null },
        { "langfuse-member-support-gym-relocation-waiver-lost-in-history-summary.json", "member-support-chat/answer | Incorrect Problem Identification: the summary drops a circumstance (a move 900 miles away) that the policy's waiver turns on, which is no restriction the context rules carry; the member number it keeps (#4471-0098) is the member's own, so nothing in it reads as invented and the answer's fee is traced to the answer" },
        { "langsmith-langgraph-print-job-submitted-before-artwork-change.json", null },
        { "otlp-dotnet-agent-framework-vet-dental-booked-at-wrong-clinic.json", "POST \\/frontdesk\\/messages/invoke_agent FrontDesk/chat gpt-4.1-mini[4] | Tool Output Misinterpretation: \"only at the pet's homeClinic\" names a record's field, no restriction the rules compare with a slot's clinic; the fallback names the answering call" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_tool_answer_that_opens_with_error_is_the_tools_error_but_a_log_line_that_does_is_data()
    {
        var a = Fixture.Attribute(Folder, "zipkin-openllmetry-langchain-catering-allergen-lookup-timed-out.json");
        Assert.Equal(("tool-error-payload", "Timeout Issues"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Error: allergen service did not respond", StringComparison.Ordinal));

        // A build log the tool read, one of whose lines opens with "Error:", is what the tool returned, not its failure.
        var log = Fixture.Attribute("blind4", "otlp-dotnet-meai-ci-build-file-fetched-from-main-instead-of-build-branch.json");
        Assert.NotEqual("tool-error-payload", log.Detector);

        // Microsoft.Extensions.AI's "Error: Function failed." says nothing of what failed: the span's own 429 decides.
        Assert.Equal("Rate Limiting", Fixture.Attribute("exported", "meai-function-failed-429-answered-anyway.json").Category!.L4);
    }

    [Fact]
    public void A_phone_number_is_one_identifier_not_figures()
    {
        var facts = Facts.Extract("Please call our kitchen at (612) 555-0139, or +44 20 7946 0958, about 3 portions.");
        Assert.Equal(["(612) 555-0139", "+44 20 7946 0958"], facts.Select(f => f.Written));
        Assert.All(facts, f => Assert.Equal(FactKind.Identifier, f.Kind));
        // A range of figures and a date are no phone numbers.
        Assert.DoesNotContain(Facts.Extract("between 120-150 guests on 2024-03-15, code 555-0139"), f => f.Kind == FactKind.Identifier);
    }

    [Fact]
    public void Json_in_a_code_fence_is_a_format_error_only_where_a_parser_choked_on_it_or_the_prompt_forbade_fences()
    {
        const string file = "otlp-js-vercel-ai-grocery-substitution-plan-wrapped-in-code-fence.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("output-format", "Formatting Errors"), (a.Detector, a.Category!.L4));

        // The same fenced answer read by a parser that strips fences: nothing failed, but the prompt forbade fences.
        (string, string)[] parsed = [("Unexpected token '`', \\\"```json\\n{\\n  \\\"or\\\"... is not valid JSON", "Order FC-2025-884120 is locked"),
            ("SyntaxError", "OrderLockedError"), ("at JSON.parse (<anonymous>)", "at lockOrder"), ("at parsePlan", "at lockOrder")];
        Assert.Contains(AttributionEngine.Default.Detect(Fixture.Edited(Folder, file, parsed)), f => f.Detector == "output-format");

        // And a prompt that does not forbid them: a fence is no error.
        var read = Fixture.Edited(Folder, file, [.. parsed, ("no markdown, no code fences, ", "")]);
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == "output-format");
    }

    [Fact]
    public void A_figure_restated_in_another_unit_than_its_record_names_is_a_misread_result()
    {
        const string file = "otlp-dotnet-meai-pto-hours-reported-as-days.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("record-unit", "Tool Output Misinterpretation"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "28 vacation days");

        // The record in days: 28 days is what it says.
        var days = Fixture.Edited(Folder, file, ("\\\"unit\\\":\\\"hours\\\"", "\\\"unit\\\":\\\"days\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(days), f => f.Detector == "record-unit");

        // The answer in the record's unit.
        var hours = Fixture.Edited(Folder, file, ("**28 vacation days**", "**28 vacation hours**"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(hours), f => f.Detector == "record-unit");
    }

    [Fact]
    public void A_claim_made_of_the_thing_acted_on_names_the_tool_that_would_act_on_it()
    {
        const string file = "otlp-dotnet-semantic-kernel-pharmacy-refill-confirmation-invented.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("Tool-related hallucination", a.Category!.L4);
        Assert.Contains("Pharmacy-SubmitRefill", a.Summary, StringComparison.Ordinal);

        // An offer is no claim.
        var offer = Fixture.Edited(Folder, file, ("has been sent to Brightwell", "can be sent to Brightwell"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offer), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void A_retrieved_document_marked_superseded_is_an_out_of_date_source()
    {
        const string file = "openinference-llamaindex-home-insurance-sewer-backup-from-superseded-form.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-source", "Poor Information Retrieval"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"doc_status\":\"superseded\"");

        // The same chunks in force: nothing says they are out of date.
        var current = Fixture.Edited(Folder, file, ("\\\"doc_status\\\":\\\"superseded\\\",\\\"superseded_by\\\":\\\"HM HO3 01 24\\\",", "\\\"doc_status\\\":\\\"current\\\","));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(current), f => f.Detector == "stale-source");
    }

    [Fact]
    public void A_field_left_empty_that_the_request_states_is_a_misread_request_and_a_models_own_score_is_no_fact()
    {
        const string file = "flat-permit-assistant-plate-change-handled-as-renewal.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("missed-field", "Incorrect Problem Identification"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "plate 8KTR512");
        // The classifier's confidence (0.88) is its score of its own answer, not a figure it invented.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "0.88"));

        // The plate read into its field: nothing was missed.
        var read = Fixture.Edited(Folder, file, (@"\\\""new_plate\\\"":null", @"\\\""new_plate\\\"":\\\""8KTR512\\\"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == "missed-field");
    }

    [Fact]
    public void A_named_record_asked_of_a_search_while_the_tool_for_such_records_was_offered_is_the_wrong_tool()
    {
        const string file = "jaeger-spring-ai-laptop-warranty-answered-from-kb-instead-of-asset-record.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "asset tag LT-20931");
        // The search's query also leaves the tag out, at the same call: the choice of tool is the mistake the query shows.
        Assert.Contains(a.OtherFindings, f => f.Detector == "dropped-constraint" && f.Span.SpanId == a.Cited!.SpanId);

        // No tool offered for assets: the search was the only way.
        var noLookup = Fixture.Edited(Folder, file, ("\\\"lookupAssetWarranty\\\",\\\"createTicket\\\"", "\\\"lookupWarranty\\\",\\\"createTicket\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(noLookup), f => f.Detector == "wrong-tool");

        // The id said without what it is: nothing ties it to the asset tool.
        var bare = Fixture.Edited(Folder, file, ("laptop (asset tag LT-20931", "laptop (LT-20931"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(bare), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void Go_ahead_and_orders_the_action_after_it_last()
    {
        const string file = "langsmith-langgraph-print-job-submitted-before-artwork-change.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("step-order", "Task Orchestration"), (a.Detector, a.Category!.L4));

        // Two requests with no order between them.
        var unordered = Fixture.Edited(Folder, file, ("and go ahead and print 500", "and print 500"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unordered), f => f.Detector == "step-order");
    }
}
