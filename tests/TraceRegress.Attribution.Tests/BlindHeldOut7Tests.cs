namespace TraceRegress.AttributionTests;

/// <summary>
/// A seventh blind measurement: twelve failing single-agent runs over eleven export shapes (Semantic Kernel, Agent
/// Framework, the AI SDK, OpenLLMetry over JSON Lines, Spring AI over Zipkin among them), labelled (span, TRAIL leaf,
/// why) and committed before the engine was run on any of them, by a writer who had read neither the engine nor its
/// documentation. Nine carry no error signal; in three the error is downstream of the cause or only in an OK span's
/// payload.
/// <para>
/// Measured before any rule changed for them (with every rule of the sixth set already in): span right 3/12, span and
/// category 3/12. After changes on principle, each with the case where it must not fire (below): span 8/12, span and
/// category 7/12. Then an action the request names in a tool offered and never called (renew, with a hold placed
/// instead) is Tool Selection Errors, Semantic Kernel's whole history in one prompt event is read message by message, an
/// action tool called where the user only asked to be told something is Goal Deviation, and a place in a queue ("#2") is
/// no identifier: span 9/12, span and category 9/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut7Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind7";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "otlp-dotnet-meai-dental-benefits-annual-max-misread.json", null },
        { "otlp-dotnet-agent-framework-customs-landed-cost-rate-limited.json", null },
        { "jaeger-python-openai-restaurant-booking-wheelchair-need-summarized-away.json", null },
        { "openinference-llamaindex-per-diem-superseded-policy-retrieved.json", null },
        { "otlp-jsonl-python-openai-v2-timesheet-submitted-before-overtime-added.jsonl", null },
        { "zipkin-spring-ai-streaming-plan-downgrade-token-missing-write-scope.json", null },
        { "flat-spans-custom-solar-quote-utility-rebate-invented.json", "quote_assistant.handle/llm.completion[2] | Language-only hallucination: an earlier call's ZIP code in the customer's words (80304) reads as invented first; the rebate invented a call later is the same kind of finding, later" },
        { "langfuse-python-openai-daycare-waitlist-start-date-moved.json", null },
        { "langsmith-langgraph-museum-tour-invoice-fixed-on-booking-instead.json", "LangGraph/agent[3]/ChatOpenAI | Tool Output Misinterpretation: the booking tool, chosen where the instructions name the invoice tool for issued invoices, is a choice the rules do not compare with the instructions; the fallback names the answering call" },
        { "otlp-dotnet-semantic-kernel-library-hold-placed-instead-of-renewal.json", null },
        { "otlp-js-openllmetry-translation-quote-rush-surcharge-omitted.json", "quote_request.workflow/openai.chat[3] | Tool Output Misinterpretation: a surcharge the instructions make conditional on a tool's field (fewer than 3 business days) is a rule the rules do not evaluate" },
        { "otlp-js-vercel-ai-ev-charger-station-id-invented.json", null },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_range_of_days_in_the_task_is_read_at_its_last_day_for_the_questions_time()
    {
        const string file = "openinference-llamaindex-per-diem-superseded-policy-retrieved.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-source", "Poor Information Retrieval"), (a.Detector, a.Category!.L4));
        Assert.Contains("16 July 2025", a.Summary, StringComparison.Ordinal);

        // A trip inside the policy's validity: nothing is out of date.
        var earlier = Fixture.Edited(Folder, file, ("July 14-16, 2025", "February 10-12, 2025"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(earlier), f => f.Detector == "stale-source");
    }

    [Fact]
    public void A_second_action_taken_before_the_first_the_task_orders_is_task_orchestration()
    {
        const string file = "otlp-jsonl-python-openai-v2-timesheet-submitted-before-overtime-added.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("step-order", "Task Orchestration"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("and then submit the week for approval", StringComparison.Ordinal));

        // No order asked for: the two actions may come in either order.
        var unordered = Fixture.Edited(Folder, file, ("and then submit the week for approval", "and submit the week for approval"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unordered), f => f.Detector == "step-order");
    }

    [Fact]
    public void A_refusal_for_a_missing_scope_is_the_token_requests_that_did_not_ask_for_it()
    {
        const string file = "zipkin-spring-ai-streaming-plan-downgrade-token-missing-write-scope.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("token-scope", "Authentication Errors"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "subscriptions.read billing.read");

        // A token that holds the scope: the refusal is the API's own, and the token is not cited.
        var granted = Fixture.Edited(Folder, file, ("\"oauth2.scope.granted\": \"subscriptions.read billing.read\"", "\"oauth2.scope.granted\": \"subscriptions.read subscriptions.write billing.read\""),
            ("\"oauth2.scope.requested\": \"subscriptions.read billing.read\"", "\"oauth2.scope.requested\": \"subscriptions.read subscriptions.write billing.read\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(granted), f => f.Detector == "token-scope");
    }

    [Fact]
    public void A_plain_step_handed_only_record_ids_reads_a_record_and_its_output_is_no_ones_words()
    {
        const string file = "langfuse-python-openai-daycare-waitlist-start-date-moved.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Span.Name == "get_family_record");
    }

    [Fact]
    public void An_id_not_found_that_is_a_near_copy_of_one_a_tool_gave_was_mistyped_by_the_call_that_sent_it()
    {
        const string file = "otlp-js-vercel-ai-ev-charger-station-id-invented.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("mistyped-argument", "Tool-related hallucination"), (a.Detector, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "st_8F2K19");

        // The id copied rightly and still not found: the station's own trouble, not the call's.
        var copied = Fixture.Edited(Folder, file, ("st_8F2K91", "st_8F2K19"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(copied), f => f.Detector == "mistyped-argument");
    }

    [Fact]
    public void A_request_in_the_words_of_an_offered_tool_answered_with_another_action_is_a_tool_selection_error()
    {
        const string file = "otlp-dotnet-semantic-kernel-library-hold-placed-instead-of-renewal.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Can you renew them for me?");
        Assert.Contains(a.Evidence, e => e.Quote == "Library-RenewLoan");

        // Asked to put the books on hold: the hold is what was asked.
        var held = Fixture.Edited(Folder, file, ("Can you renew them for me?", "Can you place a hold on them for me?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(held), f => f.Detector == "wrong-tool");
        // Asked only to look at them: no action is named, and none is passed over.
        var noun = Fixture.Edited(Folder, file, ("Can you renew them for me?", "Can you check them for me?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(noun), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void A_change_made_where_the_parent_only_asked_to_know_the_odds_is_goal_deviation()
    {
        const string file = "langfuse-python-openai-daycare-waitlist-start-date-moved.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Hi, can you check where Maya is on the waitlist for the toddler room at Elm Street?");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("2026-01-05", StringComparison.Ordinal));

        // Asked to move the start if that helps: the change is what was asked.
        var asked = Fixture.Edited(Folder, file, ("how likely a September spot is.", "how likely a September spot is, and please move her start date if that helps."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
        // A plugin's prefix is not part of the tool's name: Family-update_application acts on an application, a bare
        // Family-update names nothing it acts on.
        var prefixed = Fixture.Edited(Folder, file, ("update_application", "Family-update_application"));
        Assert.Contains(AttributionEngine.Default.Detect(prefixed), f => f.Detector == "unasked-action");
        var bare = Fixture.Edited(Folder, file, ("update_application", "Family-update"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(bare), f => f.Detector == "unasked-action");
    }

    [Theory]
    [InlineData("Can you renew them for me?", "renew", true)]
    [InlineData("Renew both, please.", "renew", true)]
    [InlineData("Please move me to seat 14C on booking HB3P9W.", "book", false)]
    [InlineData("Cancel Thursday's booking.", "book", false)]
    [InlineData("I need a book about birds.", "book", false)]
    [InlineData("Can you book my book club room?", "book", true)]
    [InlineData("Please don't cancel it.", "cancel", false)]
    public void A_request_says_a_verb_itself_not_as_a_noun_after_a_determiner(string text, string verb, bool says)
    {
        Assert.Equal(says, Engine.Text.Requests.Says(text, verb) >= 0);
    }

    [Theory]
    [InlineData("Can you check where Maya is on the waitlist?", true)]
    [InlineData("What are my options, and roughly what would each cost me?", true)]
    [InlineData("Can you confirm we have zero open alerts, and log that as evidence?", false)]
    [InlineData("Book a table for four at 8pm. Is the terrace open?", false)]
    [InlineData("Hi, cancel my order please.", false)]
    [InlineData("One guest uses a wheelchair, so please ask for an accessible table.", false)]
    [InlineData("My order never arrived.", false)]
    public void A_message_only_asks_when_it_requests_nothing_but_being_told(string text, bool onlyAsks)
    {
        Assert.Equal(onlyAsks, Engine.Text.Requests.OnlyAsks(text, out _));
    }
}
