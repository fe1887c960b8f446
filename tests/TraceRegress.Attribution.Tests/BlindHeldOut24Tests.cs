using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-fourth blind measurement: twelve failing single-agent runs in twelve export shapes and twelve TRAIL
/// categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who
/// had read neither the engine nor its documentation. Nine carry no error signal; two carry a retried 503 or timeout that
/// is not the cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 4/12, span and category 2/12. After changes on principle (each below, with a case
/// where it must not fire): span 10/12, span and category 8/12; then 11/12 and 9/12 (a payment tool declared in dollars
/// for a service whose own quote counts cents, read by declared-unit). The misses are pinned with what is cited instead
/// and why no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut24Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind24";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01_meai_receivables.json", null },
        { "run02_traceloop_treesurgery.json", null },
        { "run03_vercel_zoo.json", null },
        { "run04_openaiv2_icerink.json", "rink_assistant.turn/chat gpt-4o-mini[5] | Tool Output Misinterpretation: \"hire skates for the three kids\" sent as \"skate_hire_qty\": 5 counts kids, a thing the count rule leaves to head-count, under a two-word name it does not read; the answer's origin is inferred" },
        { "run05_adk_farmersmarket.json", null },
        { "run06_collector_pydanticai_autoparts.jsonl", "agent run/chat gpt-4o[2] | Tool Output Misinterpretation: the right call; a part chosen for the wrong problem is inferred from the answer's origin, with no misread problem the rules check" },
        { "run07_flat_septic.json", null },
        { "run08_jaeger_springai_costumes.json", null },
        { "run09_zipkin_cinema.json", "agent.turn/chat gpt-4o-mini[4] | Incorrect Problem Identification: the right call; the action off the user's goal is inferred from the answer's origin, a goal no rule compares" },
        { "run10_phoenix_fishing.json", null },
        { "run11_langfuse_snowplow.json", null },
        { "run12_langsmith_themepark.json", null },
    };

    [Fact]
    public void A_reminder_for_the_sum_of_two_invoices_original_amounts_where_the_records_give_what_is_outstanding_is_a_misread_output()
    {
        const string file = "run01_meai_receivables.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("outstanding-balance", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Equal(["\"amount_original\":3860.0", "\"amount_outstanding\":2360.0", "\"amount_due\":5105.5"], a.Evidence.Select(e => e.Quote));

        var right = Fixture.Edited(Folder, file, ("amount_due\\\":5105.5", "amount_due\\\":3605.5"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == OutstandingBalanceDetector.DetectorId);
    }

    [Fact]
    public void A_grant_scheme_written_into_a_quotes_notes_that_nothing_upstream_names_is_cited_at_the_call_that_wrote_it()
    {
        const string file = "run02_traceloop_treesurgery.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Language-only hallucination", "tree_quote_chat.workflow/openai.chat[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "ADB-25" && e.SpanId == a.Cited!.SpanId);

        // Notes that speak of a grant without naming a sum or a reference state nothing new.
        var plain = Fixture.Edited(Folder, file, ("covers up to GBP 300 per tree for private gardens", "may help for private gardens"), (" quoting scheme reference ADB-25", ""),
            (" (up to GBP 300 per tree, scheme ref ADB-25)", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Detector == "unsupported-fact" && f.Span.Path == "tree_quote_chat.workflow/openai.chat[3]");
    }

    [Fact]
    public void A_search_query_a_call_sends_is_what_it_looks_for_not_a_claim()
    {
        // "Pine Hollow Reservoir walleye daily limit minimum length 2025": the year is the search's, not a stated fact.
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, "run10_phoenix_fishing.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "2025"));
    }

    [Fact]
    public void A_machine_read_line_written_with_fields_of_another_shape_than_the_example_is_a_formatting_error()
    {
        const string file = "run08_jaeger_springai_costumes.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("template-line", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Equal("RESERVATION|LCH-10001|PR-2040|M|2025-06-06|2025-06-09|3000", a.Evidence[0].Quote);
        // The prompt's "system: ..." and "user: ..." strings are read as those messages, and "in a large" is kept by the
        // search's "size": "L".
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector is "dropped-constraint" or "dropped-qualifier");

        var right = Fixture.Edited(Folder, file, ("31/10/2025|03/11/2025|£40.00", "2025-10-31|2025-11-03|4000"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == TemplateLineDetector.DetectorId);
    }

    [Fact]
    public void A_booking_made_while_the_user_said_they_would_decide_with_someone_first_is_instruction_non_compliance()
    {
        const string file = "run07_flat_septic.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("user-hold", "Instruction Non-compliance", "assistant.handle_message/llm.chat_completion[4]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        // "next week" sent as a search window ("from": "2025-09-15", "to": "2025-09-19") claims nothing.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact");

        var decided = Fixture.Edited(Folder, file, ("I'll check with my wife which day suits and get back to you", "Please book the first one"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(decided), f => f.Detector == UserHoldDetector.DetectorId);
    }

    [Fact]
    public void A_tool_that_ends_the_season_called_for_an_absence_of_one_week_is_a_tool_selection_error()
    {
        const string file = "run05_adk_farmersmarket.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("passed-over-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Records a one-off absence", StringComparison.Ordinal));

        var leaving = Fixture.Edited(Folder, file, ("for this week only", "for good"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(leaving), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void An_id_the_run_gave_to_a_tool_of_its_own_is_no_term_of_a_document_search()
    {
        // The angler's licence number went to lookup_licence; the regulations search had no use for it.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "run10_phoenix_fishing.json")), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_retrieved_rule_marked_superseded_whose_figures_the_answer_gives_is_poor_retrieval()
    {
        const string file = "run10_phoenix_fishing.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-source", "Poor Information Retrieval", "AgentExecutor/search_fishing_regulations[1]/VectorStoreRetriever"), (a.Detector, a.Category?.L4, a.Cited?.Path));

        // The same chunk in force is no stale source.
        var current = Fixture.Edited(Folder, file, ("status\\\":\\\"superseded\\\",\\\"superseded_by\\\":\\\"2025_lakeland_fishing_regulations.pdf\\\"", "status\\\":\\\"current\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(current), f => f.Detector == "stale-source");
    }
}
