using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-seventh blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// AgentExecutor) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run
/// on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two
/// carry a retried 429 or 503 that is not the cause; in one a real error (a 401 in a tool's output) is the cause.
/// <para>
/// Measured on arrival: span right 4/12, span and category 2/12. After changes on principle (each below, with a case
/// where it must not fire): span 11/12, span and category 10/12 (run03's span is right, its category not). The misses are pinned with what is cited instead and why no
/// rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut27Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind27";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.otlp.json", null },
        { "run02.otlp.json", null },
        { "run03.otlp.json", "POST \\/api\\/chat/executing api route (app) \\/api\\/chat/ai.generateText/ai.generateText.doGenerate[2] | Tool Selection Errors: a collection booked before night 30 against the instructions' rule, with the tool the rule offers instead never called, is read as the wrong tool chosen rather than the rule broken; the span is right" },
        { "run04.otlp.json", null },
        { "run05.otlp.json", null },
        { "run06.otlp.jsonl", null },
        { "run07.spans.json", null },
        { "run08.jaeger.json", null },
        { "run09.zipkin.json", null },
        { "run10.phoenix.json", "AgentRunner.chat/FunctionCallingAgentWorker.run_step[2]/QueryEngineTool.call/RetrieverQueryEngine.query/VectorIndexRetriever.retrieve | Poor Information Retrieval: a request to limit a declaration's start date read as cancelling it is a misreading of the user's words no rule reads; a retrieval that left out a figure of the task is cited" },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", null },
    };

    [Fact]
    public void A_booking_for_one_record_at_a_time_another_record_gives_crossed_the_records()
    {
        const string file = "run01.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(CrossedRecordDetector.DetectorId, a.Detector);
        Assert.Equal("Tool Output Misinterpretation", a.Category.L4);
        Assert.Contains(a.Evidence, e => e.Quote == "\"stylist_id\":\"sty_04\"");
        Assert.Contains(a.Evidence, e => e.Quote == "\"start\":\"09:00\"");

        // Where the named stylist has that slot too, the booking is hers.
        var own = Fixture.Edited(Folder, file, ("level\\\":\\\"senior\\\",\\\"slots\\\":[]", "level\\\":\\\"senior\\\",\\\"slots\\\":[{\\\"start\\\":\\\"09:00\\\",\\\"end\\\":\\\"11:30\\\"}]"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(own), f => f.Detector == CrossedRecordDetector.DetectorId);
    }

    [Fact]
    public void A_stock_check_issued_beside_the_booking_and_payment_it_was_to_gate_is_task_orchestration()
    {
        const string file = "run05.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(ParallelDependencyDetector.DetectorId, a.Detector);
        Assert.Equal("Task Orchestration", a.Category.L4);
        Assert.Contains(a.Evidence, e => e.Quote.Contains("\"available\":0", StringComparison.Ordinal));

        // Stock there after all: the check said yes, and nothing went on against it.
        var inStock = Fixture.Edited(Folder, file, ("\"available\\\":0", "\"available\\\":2"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(inStock), f => f.Detector == ParallelDependencyDetector.DetectorId);
    }

    [Fact]
    public void A_memory_summary_that_drops_the_users_correction_is_context_handling()
    {
        const string file = "run07.spans.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(ContextLostDetector.DetectorId, a.Detector);
        Assert.Equal("Context Handling Failures", a.Category.L4);
        Assert.EndsWith("memory.compact/llm.completion", a.Cited!.Path, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Friday should be 2 hours, not the 8", StringComparison.Ordinal));

        // A summary that keeps the corrected hours lost nothing.
        var kept = Fixture.Edited(Folder, file, ("TS-88410 Priya Nair 40.0 h", "TS-88410 Priya Nair 34.0 h (Friday amended to 2 hours)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == ContextLostDetector.DetectorId);
    }

    [Fact]
    public void A_plugins_functions_listed_with_notes_are_the_tools_offered()
    {
        const string file = "run09.zipkin.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "place_provisional_hold");

        // With no hold function offered, confirming was the only way to keep the date.
        var noHold = Fixture.Edited(Folder, file, ("place_provisional_hold (free, 7 days), ", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(noHold), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Fact]
    public void A_text_message_that_says_the_booking_is_confirmed_with_the_booking_tool_uncalled_is_a_tool_related_hallucination()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "APS-30418");

        // Said as pencilled in, it claims no booking done: what it invents is its own.
        var pencilled = Fixture.Edited(Folder, file, ("your piano tuning is confirmed for", "your piano tuning is pencilled in for"));
        Assert.NotEqual("Tool-related hallucination", AttributionEngine.Default.Attribute(pencilled).Category?.L4);
    }

    [Fact]
    public void A_phone_number_a_message_gives_to_call_back_on_is_no_invented_fact()
    {
        // blind9's booking message signs off with the practice's number ("01423 555 019"), which no input gives.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load("blind9", "otlp-meai-vet-booster-booking.json")),
            f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "01423 555 019"));
    }

    [Fact]
    public void A_tool_declared_in_dollars_beside_tools_in_cents_that_kept_the_whole_cents_is_a_definition_issue()
    {
        const string file = "run02.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((DeclaredUnitDetector.DetectorId, "Tool Definition Issues"), (a.Detector, a.Category.L4));
        Assert.EndsWith("agent run/chat gpt-4o[1]", a.Cited!.Path, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == "in US dollars");
        Assert.Contains(a.Evidence, e => e.Quote == "integers in cents");

        // The service gave the amount back as sent: it read dollars, as declared.
        var asSent = Fixture.Edited(Folder, file, ("\\\"amount\\\": 67,", "\\\"amount\\\": 67.2,"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asSent), f => f.Detector == DeclaredUnitDetector.DetectorId);
    }

    [Fact]
    public void A_rebate_nothing_the_run_was_given_names_is_invented_however_its_arithmetic_checks()
    {
        const string file = "run04.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("invented-waiver", "Language-only hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Loyal Commuter rebate", StringComparison.Ordinal));

        // Instructions that speak of a rebate make it a question of reading their terms, not an invention.
        var offered = Fixture.Edited(Folder, file, ("You are the Season Ticket Office assistant for Wessex Valley Railway.",
            "You are the Season Ticket Office assistant for Wessex Valley Railway. Loyal commuters may qualify for a rebate."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offered), f => f.Detector == "invented-waiver");
    }

    [Fact]
    public void A_retrieval_that_returned_another_addresss_rules_but_not_the_listings_own_document_is_poor_retrieval()
    {
        const string file = "run06.otlp.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OffScopeDocumentsDetector.DetectorId, "Poor Information Retrieval"), (a.Detector, a.Category.L4));
        Assert.EndsWith("VectorStoreRetriever.task", a.Cited!.Path, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == "building_rules/14-harcourt-road-head-lease-summary.pdf");

        // The listing's own document among those returned: the retrieval found it.
        var found = Fixture.Edited(Folder, file, ("building_rules/41-harcourt-road-house-rules.pdf", "building_rules/14-harcourt-road-head-lease-summary.pdf"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(found), f => f.Detector == OffScopeDocumentsDetector.DetectorId);
    }
}
