using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-sixth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent Framework,
/// Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain spans, a
/// flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// AgentExecutor) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run
/// on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two
/// carry a retried 503 or 429 that is not the cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 5/12, span and category 1/12, the worst arrival so far. After changes on principle
/// (each below, with a case where it must not fire): span 6/12, span and category 4/12; then 7/12 and 5/12 (a condensed
/// history that dropped "can't get back before 2pm"); then span 8/12 (a flat export of Anthropic calls read, so run07's
/// span is right, its category not); then span 8/12 and span and category 6/12 (a volume sent as money). The misses are pinned with what
/// is cited instead and why no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut26Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind26";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", "agent run/chat gpt-4o[4] | Tool Output Misinterpretation: a booking confirmed although the vaccination lapses before the stay is a date comparison against a rule no detector reads; the answer's origin is inferred" },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", "AgentExecutor.workflow/RunnableSequence.task[1]/ToolsAgentOutputParser.task | Tool Output Misinterpretation: a quote priced and sent before the second document was counted is an order of steps no rule reads; the answer's origin is inferred at a parser step" },
        { "run07.json", "procurement_agent.run/llm.chat[1] | Poor Information Retrieval: a quantity schema that says catalogue units for a system that reads cases is a definition no rule checks against the order's result; a query that left out a term of the task is cited at the span the label names" },
        { "run08.json", null },
        { "run09.json", "post \\/support\\/chat/invoke_agent tidewellserviceagent/autofunctioninvocationloop/chat.completions gpt-4o[4] | Incorrect Problem Identification: an instruction in the answer (\"drain the tub\") states no fact the grounding rules read; the answer's origin is inferred with another category" },
        { "run10.json", "AgentWorkflow.run/OpenAI.astream_chat[2] | Poor Information Retrieval: the retriever's superseded terms are found (stale-source) but only as inference, and a policy search that leaves out the booking's id is cited first; an id is no term of a search of documents, a distinction the dropped-constraint rule does not make here" },
        { "run11.json", null },
        { "run12.json", null },
    };

    [Fact]
    public void A_volume_sent_as_an_amount_of_money_beside_the_credit_the_record_gives_is_a_misread_record()
    {
        const string file = "run01.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((CrossedUnitDetector.DetectorId, "Tool Output Misinterpretation", "e8b69c45f97d1130"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "\"excess_m3\":29.7");
        Assert.Contains(a.Evidence, e => e.Quote == "\"credit_gbp\":115.61");

        // The credit the record gives, sent: no finding.
        var right = Fixture.Edited(Folder, file, ("\\\"amount_gbp\\\":29.7,", "\\\"amount_gbp\\\":115.61,"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == CrossedUnitDetector.DetectorId);

        // The instructions' "water lost underground never reached the sewer" states what happened; it forbids nothing.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == ExcludedRecordDetector.DetectorId);
    }

    [Theory]
    [InlineData("amount_gbp", "money")]
    [InlineData("excess_m3", "volume")]
    [InlineData("weightKg", "mass")]
    [InlineData("checked_in", null)]
    [InlineData("price_per_kg", null)]
    [InlineData("zone_a", null)]
    public void A_field_names_its_kind_of_unit_by_its_ending(string name, string? kind) => Assert.Equal(kind, CrossedUnitDetector.Kind(name));

    [Fact]
    public void A_collection_said_booked_in_an_email_with_the_booking_tool_never_called_is_a_tool_related_hallucination()
    {
        const string file = "run11.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("book_collection", a.Summary, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == "COL-88213");

        var pending = Fixture.Edited(Folder, file, ("Your collection is booked", "Your collection request is noted"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(pending), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void Entering_a_member_in_a_league_after_the_move_they_asked_for_is_goal_deviation()
    {
        const string file = "run05.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains("enter_summer_ladder", a.Summary, StringComparison.Ordinal);

        // Asked for as well, the entry is no action of the run's own.
        var asked = Fixture.Edited(Folder, file, ("Something's come up on Thursday.", "Something's come up on Thursday. And please enter me in the summer ladder."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UnaskedActionDetector.DetectorId);
    }

    [Fact]
    public void Tools_a_system_prompt_lists_under_a_heading_are_the_tools_offered()
    {
        // "Tools you can call:\n- add_items_to_order(order_id, items): ..." with no definitions in the request.
        const string file = "run04.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains("add_items_to_order", a.Summary, StringComparison.Ordinal);

        var fresh = Fixture.Edited(Folder, file, ("Could you add my navy wool coat and two silk ties to it please?", "Could you book a new collection for my navy wool coat and two silk ties please?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(fresh), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Fact]
    public void A_date_reached_by_a_period_the_terms_give_is_computed_not_misread()
    {
        // "transfer them to a sibling within six months of purchase (by 3 October 2025)": 2025-04-03 plus six months.
        const string file = "run10.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "3 October 2025"));

        // A period nobody gave does not ground it.
        var other = Fixture.Edited(Folder, file, ("within six months of purchase (by 3 October 2025)", "within seven months of purchase (by 3 November 2025)"));
        Assert.Contains(AttributionEngine.Default.Detect(other), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "3 November 2025"));
    }

    [Fact]
    public void Code_sent_to_a_tool_is_a_program_not_a_claim()
    {
        // run_python's "code" argument ("df.head(10)") states nothing the run could be held to.
        var findings = AttributionEngine.Default.Detect(Fixture.Load("blind5", "otlp-dotnet-sk-sales-workbook-unreadable-in-sandbox-without-excel-reader.json"));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact");
    }

    [Fact]
    public void A_condensed_history_that_drops_when_the_customer_can_be_there_is_context_handling()
    {
        const string file = "run12.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(ContextLostDetector.DetectorId, a.Detector);
        Assert.Equal("Context Handling Failures", a.Category.L4);
        Assert.EndsWith("condense_history/ChatOpenAI", a.Cited!.Path, StringComparison.Ordinal);
        Assert.Contains(a.Evidence, e => e.Quote == "before 2pm");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("11:30-12:30", StringComparison.Ordinal));
        // A summary that keeps the window lost nothing: the booking is the agent's own doing, not the context's.
        var kept = Fixture.Edited(Folder, file, ("wants a locksmith today and has asked us", "wants a locksmith today (not before 2pm) and has asked us"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == ContextLostDetector.DetectorId);
    }

    [Theory]
    [InlineData("I'm at work and can't get back before 2pm, so please don't send anyone before then.", 14 * 60, 24 * 60)]
    [InlineData("Please don't send anyone after 5pm.", 0, 17 * 60)]
    [InlineData("I don't mind, any time after 2pm is fine.", 14 * 60, 24 * 60)]
    [InlineData("Can someone come before 11am?", 0, 11 * 60)]
    public void A_bare_edge_in_a_clause_that_says_no_is_the_other_way_round(string said, int from, int to)
    {
        var r = Assert.Single(Engine.Text.TimeWindows.Find(said));
        Assert.Equal([from.ToString(System.Globalization.CultureInfo.InvariantCulture), to.ToString(System.Globalization.CultureInfo.InvariantCulture)], r.Terms);
    }

    [Fact]
    public void A_visit_window_starts_at_its_first_time()
    {
        var r = Assert.Single(Engine.Text.TimeWindows.Find("not before 2pm"));
        using var early = System.Text.Json.JsonDocument.Parse("""{"slot_id":"KF-1130","arrival_window":"11:30-12:30"}""");
        using var late = System.Text.Json.JsonDocument.Parse("""{"slot_id":"KF-1400","arrival_window":"14:00-15:00"}""");
        Assert.Equal("\"arrival_window\":\"11:30-12:30\"", Engine.Text.Restrictions.BrokenBy(r, early.RootElement));
        Assert.Null(Engine.Text.Restrictions.BrokenBy(r, late.RootElement));
    }

    [Theory]
    [InlineData("LS6 2AB, 07700 900318", "07700 900318")]
    [InlineData("Call the depot on 020 7946 0958 after ten.", "020 7946 0958")]
    [InlineData("Reception: 0161 496 0000.", "0161 496 0000")]
    public void A_number_dialled_within_its_country_is_one_identifier(string text, string phone)
    {
        var facts = Engine.Text.Facts.Extract(text);
        var f = Assert.Single(facts, x => x.Written == phone);
        Assert.Equal(Engine.Text.FactKind.Identifier, f.Kind);
        Assert.True(Engine.Text.Facts.IsPhoneNumber(f));
        Assert.DoesNotContain(facts, x => x.Kind == Engine.Text.FactKind.Number);
    }

    [Theory]
    [InlineData("Scores went 0 5 10 over the week.")]
    [InlineData("Bin 042 holds 300 units.")]
    public void Short_groups_after_a_zero_are_no_phone_number(string text) =>
        Assert.DoesNotContain(Engine.Text.Facts.Extract(text), f => Engine.Text.Facts.IsPhoneNumber(f));

    [Fact]
    public void A_phone_number_is_no_term_of_a_slot_search()
    {
        // The slot search left out the customer's phone number, and rightly: no dropped-constraint finding names it.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "run12.json")),
            f => f.Detector == "dropped-constraint" && f.Summary.Contains("07700", StringComparison.Ordinal));
    }
}
