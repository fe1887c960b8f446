namespace TraceRegress.AttributionTests;

/// <summary>
/// A fourth blind measurement: twelve failing single-agent runs over eleven export shapes, labelled (span, TRAIL leaf,
/// why) and committed before the engine was run on any of them, by a writer who had read neither the engine nor its
/// documentation. Five carry an error signal whose cause is upstream of where it shows (a full disk behind an empty
/// attachment, an unconfigured exchange-rate provider behind a rejected claim, a build log fetched from the wrong branch,
/// a password reset for an SSO outage, a pickup cancelled before a new slot was secured); seven carry none.
/// <para>
/// Measured before any rule changed for them: span right 4/12, span and category 2/12. After two changes on principle
/// (a tool result that says the disk is full or memory ran out, in any field, is Resource Exhaustion at that tool; one
/// that says a provider or setting "is not configured" is Environment Setup Errors): span 6/12, span and category 4/12.
/// Then two more (a read tool's record whose own status is failed, a build among many fields, is data, not the tool
/// failing; a call that asks about another branch than the one a tool's result reported left the run's scope): span 7/12,
/// span and category 5/12. Then a booking cancelled before its replacement was secured, whose replacement then failed,
/// is the order's mistake: span 8/12, span and category 6/12. Then a question about now ("on time") put to a tool that
/// reads the published timetable, with a live-status tool offered and never called, is Tool Selection Errors (OpenLLMetry's
/// tool descriptions are now read): span 9/12, span and category 7/12. Then a time of day a person can come ("only in
/// the mornings", "not before 9am") is a restriction an option's start time breaks: span 10/12, span and category 7/12.
/// Then an action tool called where the user only asked to be told something is Goal Deviation: span 11/12, span and
/// category 8/12. Then a restriction the user stated in an earlier message than the one the picking call answers is a
/// context the call lost (Context Handling Failures, as this label and two later sets have it): span 11/12, span and
/// category 9/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut4Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind4";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "langsmith-agentexecutor-contract-summary-states-wrong-termination-notice.json", null },
        { "openinference-llamaindex-plus-policyholder-answered-from-basic-wording.json", null },
        { "otlp-python-openai-v2-weekly-report-export-hits-full-disk.jsonl", null },
        { "otlp-dotnet-sk-expense-gbp-converted-at-unconfigured-fx-fallback-rate.json", null },
        { "flat-scholarship-assistant-predicts-award-despite-no-prediction-rule.json", "scholarship_assistant.turn/chat gpt-4o[3] | Language-only hallucination: the right call, but a prediction the system prompt forbids reads as its new figures; \"never predict\" is no restriction the rules compare with an answer" },
        { "otlp-dotnet-agentframework-leave-balance-counts-forfeited-and-pending-days.json", "invoke_agent PeopleHubAssistant/chat gpt-4o-mini[3] | Language-only hallucination: the right call, but a balance summed over forfeited and pending days is a figure no upstream arithmetic the rules try gives, so it reads as invented" },
        { "jaeger-telecom-roaming-question-ends-in-unrequested-addon-purchase.json", null },
        { "langfuse-clinic-booking-takes-afternoon-slot-for-mornings-only-patient.json", null },
        { "langsmith-langgraph-pickup-cancelled-before-new-slot-secured.json", null },
        { "otlp-dotnet-meai-ci-build-file-fetched-from-main-instead-of-build-branch.json", null },
        { "otlp-js-openllmetry-on-time-answer-taken-from-timetable-search.json", null },
        { "zipkin-meai-sso-certificate-outage-handled-as-password-reset.json", "orchestrate_tools/execute_tool send_password_reset | Service Errors: an SSO outage taken for a forgotten password is a misread problem the rules do not read; the reset's 409 is the earliest error" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_full_disk_in_a_tool_results_warning_is_resource_exhaustion_at_that_tool()
    {
        const string file = "otlp-python-openai-v2-weekly-report-export-hits-full-disk.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("weekly_sales_report/execute_tool export_report", "Resource Exhaustion"), (a.Cited?.Path, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("No space left on device", StringComparison.Ordinal));

        // The same export with room on the disk: the empty attachment's error is the earliest.
        var room = Fixture.Edited(Folder, file, ("[Errno 28] No space left on device", "export queued"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(room), f => f.Category.L4 == "Resource Exhaustion");
    }

    [Fact]
    public void A_provider_that_is_not_configured_is_an_environment_setup_error_at_the_tool()
    {
        const string file = "otlp-dotnet-sk-expense-gbp-converted-at-unconfigured-fx-fallback-rate.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("invoke_agent ExpenseAgent/execute_tool GetExchangeRate", "Environment Setup Errors"), (a.Cited?.Path, a.Category?.L4));

        var configured = Fixture.Edited(Folder, file, ("FxRates:Provider is not configured for environment", "FxRates:Provider answered for environment"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(configured), f => f.Detector == "environment-setup");
    }

    [Fact]
    public void A_record_whose_own_status_is_failed_is_data_and_a_short_failed_response_is_an_error()
    {
        const string file = "otlp-dotnet-meai-ci-build-file-fetched-from-main-instead-of-build-branch.json";
        var trace = Fixture.Load(Folder, file);
        // The build log the tool read says the build failed: the tool did not.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Span.Path == "orchestrate_tools/execute_tool get_build_log");

        var span = trace.Spans[0];
        Assert.NotNull(Engine.Text.ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"status\": \"failed\", \"message\": \"export quota reached\"}")));
        Assert.NotNull(Engine.Text.ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"status\": \"failed\"}")));
        Assert.Null(Engine.Text.ErrorPayload.Find(new GenAi.SourcedText(span, "result",
            "{\"buildId\": 4821, \"status\": \"failed\", \"branch\": \"feature/x\", \"commit\": \"c41e9b0\", \"author\": \"mk\", \"trigger\": \"push\", \"startedAt\": \"2025-06-11T08:02:14Z\"}")));
        Assert.Null(Engine.Text.ErrorPayload.Find(new GenAi.SourcedText(span, "result", "{\"jobs\": [{\"id\": 1, \"status\": \"failed\"}, {\"id\": 2, \"status\": \"ok\"}]}")));
    }

    [Fact]
    public void A_call_that_asks_about_another_branch_than_a_tool_reported_is_cited_before_the_404_it_got()
    {
        const string file = "otlp-dotnet-meai-ci-build-file-fetched-from-main-instead-of-build-branch.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("scope-argument", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"branch\": \"feature/ledger-rounding\"");
        Assert.Contains(a.Evidence, e => e.Quote == "\"gitRef\": \"main\"");

        // Fetched at the branch the build ran on: nothing left the run's scope.
        var right = Fixture.Edited(Folder, file, ("\\\"gitRef\\\": \\\"main\\\"", "\\\"gitRef\\\": \\\"feature/ledger-rounding\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "scope-argument");
    }

    [Fact]
    public void A_question_about_now_put_to_a_timetable_with_a_live_tool_offered_is_a_tool_selection_error()
    {
        const string file = "otlp-js-openllmetry-on-time-answer-taken-from-timetable-search.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "on time");
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Live operational status", StringComparison.Ordinal));

        // Asked what flights there are, not whether one is on time: the timetable is the right tool.
        var planned = Fixture.Edited(Folder, file, ("Is my flight to Lisbon tomorrow on time?", "Which flights to Lisbon are there tomorrow?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(planned), f => f.Detector == "wrong-tool");
    }

    [Fact]
    public void A_time_of_day_the_user_can_come_is_a_window_an_options_start_time_breaks()
    {
        var windows = Engine.Text.Restrictions.Find("I can only come in the mornings because I start work at 1pm. Not before 9am, please.");
        Assert.Contains(windows, r => r.Kind == Engine.Text.RestrictionKind.TimeOfDay && r.Written == "only come in the mornings");
        Assert.Contains(windows, r => r.Kind == Engine.Text.RestrictionKind.TimeOfDay && r.Written == "Not before 9am");
        var morning = windows.First(r => r.Written == "only come in the mornings");
        using var afternoon = System.Text.Json.JsonDocument.Parse("{\"slotId\": \"SL-5521\", \"start\": \"2025-06-16T15:30\"}");
        using var early = System.Text.Json.JsonDocument.Parse("{\"slotId\": \"SL-5527\", \"start\": \"2025-06-17T09:10\"}");
        Assert.Equal("\"start\": \"2025-06-16T15:30\"", Engine.Text.Restrictions.BrokenBy(morning, afternoon.RootElement));
        Assert.Null(Engine.Text.Restrictions.BrokenBy(morning, early.RootElement));

        var a = Fixture.Attribute(Folder, "langfuse-clinic-booking-takes-afternoon-slot-for-mornings-only-patient.json");
        Assert.Equal(("option-against-task", "handle_message/handle_message/OpenAI-generation[2]"), (a.Detector, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "only come in the mornings");
    }

    [Fact]
    public void A_purchase_made_where_the_user_only_asked_what_the_options_cost_is_goal_deviation()
    {
        const string file = "jaeger-telecom-roaming-question-ends-in-unrequested-addon-purchase.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation", "care_agent.workflow/openai.chat[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("roughly what would each cost me?", StringComparison.Ordinal));

        // Asked to buy the best one: the purchase is what was asked.
        var asked = Fixture.Edited(Folder, file, ("and roughly what would each cost me?", "and roughly what would each cost me? Please buy the best one for me."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }
}
