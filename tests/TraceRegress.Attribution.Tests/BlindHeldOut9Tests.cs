namespace TraceRegress.AttributionTests;

/// <summary>
/// A ninth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI, Agent
/// Framework, Semantic Kernel, the AI SDK, OpenLLMetry, the Python openai-v2 instrumentation as JSON Lines, a hand-rolled
/// flat layout, Quarkus LangChain4j over Jaeger, Spring AI over Zipkin, LlamaIndex through OpenInference, Langfuse and a
/// LangGraph run tree from LangSmith), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of
/// them, by a writer who had read neither the engine nor its documentation. Ten carry no error signal; two hide it in an
/// OK tool span's payload (a FHIR search answered 200 with a not-found outcome, a page of transactions that came back
/// empty and throttled).
/// <para>
/// Measured on arrival (with every rule of the eighth set already in): span right 5/12, span and category 1/12. After
/// changes on principle, each with the case where it must not fire (below): a retrieval's span (a vector store's query)
/// is evidence, not a turn; Spring AI's messages are read; documents that all belong to another scope than the record of
/// the case (their jurisdiction) are Poor Information Retrieval; a rule that every date be ISO 8601, broken inside a JSON
/// answer, is Formatting Errors; digits written in groups ("284 1937 06") and two-digit years ("31/03/25") are the same
/// facts written otherwise; a FHIR OperationOutcome with a failing issue code, and a response that says no requests
/// remain and when to retry, are errors inside an OK payload; a tool that makes an estimate acts on nothing; a conversation's model call handed its history without a
/// user message an earlier call had ("Tuesdays are impossible") lost it, and a day of the week ruled out is a
/// restriction; an hour the task names ("before 11") is no lookup's constraint; a short number given as the end of a
/// longer one ("ending 0482") quotes it; a call asking a tool for work its declaration disclaims, where another offered
/// tool declares it, chose the wrong tool; a cap on an amount worked out from a record's fields ("face value plus the
/// booking fee") broken by the call's argument is Instruction Non-compliance: span 10/12, span and category 8/12. Then
/// a job's outcome given by a model call while the tool that started it said it had not finished (a recount "QUEUED"),
/// with no result saying it finished, is Tool-related hallucination, and a hand-rolled llm.completion holding one
/// message is read as that message: span 11/12, span and category 9/12. The
/// misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut9Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind9";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "otlp-meai-vet-booster-booking.json", null },
        { "otlp-agentframework-payroll-overtime-query.json", "POST \\/hr\\/tickets\\/{ticket_id}\\/assist/invoke_agent PayrollQueryAgent/chat gpt-4.1[2] | Tool Selection Errors: a ticket read as another problem (a month-on-month drop in net pay for overtime missing from one slip) is a misreading of the request no rule compares with the instructions' adjustment; the comparison of payslips it led to is cited" },
        { "otlp-semantickernel-fleet-brake-pads.json", null },
        { "otlp-vercelai-ticket-resale-listing.json", null },
        { "otlp-openllmetry-gas-meter-estimate.json", "submit_read_conversation.workflow/openai.chat[3] | Incorrect Problem Identification: the right call; a figure in cubic metres passed as kilowatt-hours is a difference of readings sent under another unit's name, which no rule converts; the fallback's leaf is not the misreading one" },
        { "otlp-openaiv2-trial-prescreen-labs.jsonl", null },
        { "flat-wmscopilot-cycle-count-recount.json", null },
        { "jaeger-quarkuslangchain4j-museum-group-access.json", "POST \\/assistant\\/inbound-email/langchain4j.aiservices.GroupVisitAssistant.handleEmail/completion gpt-4o[3] | Language-only hallucination: the right call; a booking changed when the request asked for a note and an answer is an action beside the one asked for, which the rules read only where nothing was asked to be done" },
        { "zipkin-springai-deposit-return-deadline.json", null },
        { "openinference-llamaindex-school-admissions-sibling.json", null },
        { "langfuse-python-vat-return-reminders.json", null },
        { "langsmith-langgraph-grant-interim-spend.json", null },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void Documents_that_all_belong_to_another_jurisdiction_than_the_tenancy_are_poor_retrieval()
    {
        const string file = "zipkin-springai-deposit-return-deadline.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("off-scope-documents", "Poor Information Retrieval"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"jurisdiction\": \"england_wales\"");
        Assert.Contains(a.Evidence, e => e.Quote == "\"jurisdiction\": \"scotland\"");
        // The vector store's documents are evidence: nothing in them is reported as invented.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Span.Name == "pg_vector query");

        // The tenancy is in England: the documents are the right ones.
        var england = Fixture.Edited(Folder, file, ("scotland", "england_wales"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(england), f => f.Detector == "off-scope-documents");
    }

    [Fact]
    public void A_date_written_otherwise_where_every_date_must_be_ISO_8601_is_a_formatting_error()
    {
        const string file = "langfuse-python-vat-return-reminders.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("output-format", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"due_date\": \"07/05/2025\"");
        Assert.Contains(a.Evidence, e => e.Quote == "All dates MUST be ISO 8601 calendar dates (YYYY-MM-DD)");
        // The registration number written in groups and the dates with two-digit years are what the letter says.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Span.Name == "extract_obligations");

        var iso = Fixture.Edited(Folder, file, ("07/05/2025", "2025-05-07"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(iso), f => f.Detector == "output-format");
    }

    [Fact]
    public void A_FHIR_search_answered_with_a_not_found_outcome_is_the_tools_error()
    {
        const string file = "otlp-openaiv2-trial-prescreen-labs.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Resource Not Found"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"code\": \"not-found\"");

        // An outcome that only informs is no error.
        var informational = Fixture.Edited(Folder, file, ("not-found", "informational"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(informational), f => f.Detector == "tool-error-payload" && f.Span.Name == "execute_tool get_lab_report");
    }

    [Fact]
    public void A_page_that_says_no_requests_remain_and_when_to_retry_was_throttled()
    {
        const string file = "langsmith-langgraph-grant-interim-spend.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Rate Limiting"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"x_ratelimit_remaining\": 0");

        // Requests left: the wait is advice, not a refusal.
        var left = Fixture.Edited(Folder, file, ("x_ratelimit_remaining\\\": 0,", "x_ratelimit_remaining\\\": 12,"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(left), f => f.Detector == "tool-error-payload" && f.Span.Name == "list_transactions");
    }

    [Fact]
    public void A_call_handed_the_conversation_without_an_earlier_user_message_lost_the_day_it_ruled_out()
    {
        const string file = "otlp-meai-vet-booster-booking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("context-lost", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Tuesdays are impossible");
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file)).ToList();
        // "before 11" is an hour, not what the client lookup is for; "ending 0482" quotes the mobile number.
        Assert.DoesNotContain(findings, f => f.Detector == "dropped-constraint");
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Summary.Contains("0482", StringComparison.Ordinal));

        // The day ruled out is not the one booked: the trimmed history broke nothing.
        var friday = Fixture.Edited(Folder, file, ("Tuesdays are impossible", "Fridays are impossible"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(friday), f => f.Detector == "context-lost");
    }

    [Fact]
    public void A_call_asking_an_inspection_only_tool_for_a_repair_another_tool_declares_chose_the_wrong_tool()
    {
        const string file = "otlp-semantickernel-fleet-brake-pads.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Inspection only: the technician records defects and measurements");

        // A tool whose declaration sets no limit may be asked for anything.
        var open = Fixture.Edited(Folder, file, ("Inspection only: the technician records defects and measurements; no parts are ordered or fitted under this booking.", "The depot carries out the work described in the notes."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(open), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void A_price_above_the_cap_the_instructions_work_out_from_the_order_breaks_them()
    {
        const string file = "otlp-vercelai-ticket-resale-listing.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("instruction-limit", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"faceValueEur\": 79.9");
        Assert.Contains(a.Evidence, e => e.Quote == "\"bookingFeeEur\": 6.85");

        // Within the cap.
        var within = Fixture.Edited(Folder, file, ("129", "85"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(within), f => f.Detector == "instruction-limit");
        // The event sets no cap: the rule's condition does not hold.
        var uncapped = Fixture.Edited(Folder, file, ("price_cap\\\": \\\"FACE_VALUE", "price_cap\\\": \\\"NONE"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(uncapped), f => f.Detector == "instruction-limit");
    }

    [Fact]
    public void An_outcome_given_for_a_recount_the_tool_said_was_still_queued_came_from_no_tool()
    {
        const string file = "flat-wmscopilot-cycle-count-recount.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("pending-result", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\": \"QUEUED\"");

        // The recount had finished when it was asked for: its outcome may be given.
        var done = Fixture.Edited(Folder, file, ("QUEUED", "COMPLETED"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(done), f => f.Detector == "pending-result");
    }

    [Fact]
    public void A_tool_that_makes_an_estimate_is_no_action_the_user_did_not_ask_for()
    {
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, "otlp-openllmetry-gas-meter-estimate.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unasked-action");
    }
}
