namespace TraceRegress.AttributionTests;

/// <summary>
/// A twelfth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// Semantic Kernel, OpenLLMetry, the AI SDK, Pydantic AI as JSON Lines, LangGraph through LangSmith, Langfuse, LlamaIndex
/// through OpenInference, Jaeger, Spring AI over Zipkin, MLflow and Google ADK), labelled (span, TRAIL leaf, why) and
/// committed before the engine was run on any of them, by a writer who had read neither the engine nor its documentation.
/// Nine carry no error signal; the other three carry a retried 429, 503 or 502 that is not the cause.
/// <para>
/// Measured on arrival (with every rule of the tenth and eleventh sets and the fourteenth batch already in): span right
/// 5/12, span and category 3/12. After changes on principle, each with the case where it must not fire (below): a guest
/// or anonymous session beside a reason that its login expired is Authentication Errors; an MLflow span of type
/// RETRIEVER or TOOL is evidence, not a turn; a Langfuse step named for a tool after a kind ("tool:check_account_status")
/// is that tool's execution, and a span a recorded call ran as is no turn: span 7/12, span and category 5/12. Then: the tools that run after a model call that stopped to have tools run,
/// and recorded none of the calls itself (Spring AI), are the ones it asked for; a switch is an action; a bare figure of a
/// tool's result that an answer writes with its currency is named by the answer, so a second step of its arithmetic
/// counts; a plugin named in the instructions with its functions after it ("Survey (get_survey_slots, book_survey)") offers
/// them, so a booking claimed with no booking call is a claim no tool made; a step named for retrieving returns documents,
/// and documents that all belong to another plan than the one the retrieval's own arguments ask about are off the case:
/// span 8/12, span and category 8/12. Then identical calls are cited from the first that asked again what the first had
/// answered: span 9/12, span and category 9/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut12Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind12";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "gym-class-booking-meai.json", null },
        { "solar-quote-survey-sk.json", null },
        { "dental-cleaning-coverage-openllmetry.json", null },
        { "freight-dispatch-hazmat-vercel-ai.json", null },
        { "mortgage-preapproval-pydantic-ai.jsonl", null },
        { "hr-leave-carryover-langsmith.json", "LangGraph/agent[4]/ChatOpenAI | Tool Output Misinterpretation: carry-over days asked for and annual leave submitted is a choice between two values of a field the rules do not compare with the request" },
        { "it-helpdesk-lockout-langfuse.json", null },
        { "ecommerce-returns-router-openinference.json", "ReturnsWorkflow.run/ReturnsWorkflow.compose_reply/OpenAI.achat | Tool Output Misinterpretation: a classifier's label wrapped in markdown and a sentence is a format no prompt declared in a form the rules read; the router's fallback is not tied to it" },
        { "event-venue-hold-jaeger.json", "POST \\/v1\\/enquiries\\/{enquiry_id}\\/agent/plan_and_execute/responder/chat gpt-4o | Tool Output Misinterpretation: a plan that leaves out a mandatory capacity check is a step no rule knows was due" },
        { "energy-tariff-switch-zipkin.json", null },
        { "tax-capital-gains-mlflow.json", null },
        { "benefits-status-lookup-adk.json", null },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_one_digit_measure_a_record_gives_under_a_field_named_for_its_unit_is_grounded()
    {
        // "(3 working days)" in the answer; the leave tool returned "working_days": 3.
        const string file = "hr-leave-carryover-langsmith.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact");

        // Without the field the figure is the answer's own.
        var unrecorded = Fixture.Edited(Folder, file, ("\\\"working_days\\\": 3", "\\\"length\\\": 3"));
        Assert.Contains(AttributionEngine.Default.Detect(unrecorded), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "3 working days"));
    }

    [Fact]
    public void An_anonymous_session_whose_login_expired_is_an_authentication_failure()
    {
        const string file = "tax-capital-gains-mlflow.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Authentication Errors", "fetch_prior_year_return"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        // A retriever's documents are evidence, not a turn that states figures.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Span.Name == "search_irs_guidance");

        // An anonymous view with no expired login behind it.
        var signedOut = Fixture.Edited(Folder, file, ("oauth_refresh_token_expired", "public_archive"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(signedOut), f => f.Detector == "tool-error-payload" && f.Span.Name == "fetch_prior_year_return");
    }

    [Fact]
    public void A_step_named_for_a_tool_after_its_kind_is_that_tools_execution()
    {
        const string file = "it-helpdesk-lockout-langfuse.json";
        var trace = Fixture.Load(Folder, file);
        Assert.Contains(trace.View.ToolCalls.Calls, c => c.Name == "check_account_status" && c.Execution?.Span.Name == "tool:check_account_status");
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(("wrong-tool", "Tool Selection Errors", "helpdesk-agent/agent-loop/agent-step[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "unsupported-fact" && f.Span.Name.StartsWith("tool:", StringComparison.Ordinal));
    }

    [Fact]
    public void Tools_that_run_after_a_call_that_stopped_for_them_were_asked_for_by_it()
    {
        const string file = "energy-tariff-switch-zipkin.json";
        var trace = Fixture.Load(Folder, file);
        var chooser = trace.Select("http post \\/api\\/assistant\\/chat/spring_ai chat_client/chat gpt-4o[3]");
        Assert.Contains(trace.View.ToolCalls.Calls, c => c.Name == "switch_tariff" && c.RequestedBy?.Span == chooser && c.Execution is not null);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(("unasked-action", "Goal Deviation", chooser.SpanId), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        // "£279.75" is £354.75 (worked out in the same answer) less the tool's 75.0 exit fee, which the answer writes as "£75".
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote.Contains("279.75", StringComparison.Ordinal)));

        // Calls that stopped with an answer asked for no tool: nothing links the switch to a model call.
        var stopped = Fixture.Edited(Folder, file, ("[\\\"TOOL_CALLS\\\"]", "[\\\"STOP\\\"]"));
        Assert.DoesNotContain(stopped.View.ToolCalls.Calls, c => c.RequestedBy is not null);
        Assert.DoesNotContain(AttributionEngine.Default.Detect(stopped), f => f.Detector == "unasked-action");

        // A figure that is no step of the arithmetic is still unsupported.
        var off = Fixture.Edited(Folder, file, ("about £279.75", "about £289.75"));
        Assert.Contains(AttributionEngine.Default.Detect(off), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote.Contains("289.75", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_plugin_named_with_its_functions_offers_them()
    {
        const string file = "solar-quote-survey-sk.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("Survey-book_survey was never called", a.Summary, StringComparison.Ordinal);

        // The functions listed with no plugin before them: nothing says which tool would have booked it.
        var unnamed = Fixture.Edited(Folder, file, ("Survey (get_survey_slots, book_survey)", "survey tools get_survey_slots and book_survey"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unnamed), f => f.Category.L4 == "Tool-related hallucination");
    }

    [Fact]
    public void Documents_of_another_scope_than_the_retrieval_asked_for_are_off_the_case()
    {
        const string file = "dental-cleaning-coverage-openllmetry.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("off-scope-documents", "Poor Information Retrieval", "retrieve_coverage.task"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("DDPPO-BASIC-1500", StringComparison.Ordinal));
        // What a retrieval returns is documents, not figures it states.
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "unsupported-fact" && f.Span.SpanId == a.Cited!.SpanId);

        // Asked about the plan the documents belong to: they are on the case.
        var same = Fixture.Edited(Folder, file, ("\\\"plan_id\\\":\\\"DDPPO-BASIC-1500\\\"", "\\\"plan_id\\\":\\\"DDPPO-PREMIER-2500\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == "off-scope-documents");
    }
}
