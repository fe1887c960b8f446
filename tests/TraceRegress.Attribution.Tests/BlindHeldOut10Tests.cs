using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A tenth blind measurement: twelve failing single-agent runs in twelve export shapes (LangChain through LangSmith,
/// Microsoft.Extensions.AI, Langfuse, the AI SDK, the Python openai-v2 instrumentation over Jaeger, OpenLLMetry, Spring
/// AI over Zipkin, Agent Framework, Pydantic AI as JSON Lines, LlamaIndex through OpenInference, a hand-rolled flat
/// layout and Semantic Kernel), labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them,
/// by a writer who had read neither the engine nor its documentation. Nine carry no error signal; three hide it in an OK
/// tool span's payload (a search that timed out, an availability search answered from a stale cache with no requests
/// left, a payment taken in test mode).
/// <para>
/// Measured on arrival (with every rule of the ninth set and the twelfth and thirteenth batches already in): span right
/// 1/12, span and category 1/12, the lowest arrival of any set. After changes on principle, each with the case where it
/// must not fire (below): a response that says no requests remain and when the limit resets, or that its quota is
/// exhausted, was throttled; a model or embedding call that failed and was retried under the same parent with success
/// is recovered; a cap on a percentage that names its tool ("at most 10% ... using apply_discount") broken by the
/// call's argument is Instruction Non-compliance: span 3/12, span and category 3/12. In the session after: a payment taken
/// in test mode, a local time sent marked UTC, a search for one of several named parties, a price question naming the
/// tool's verb, two dependent calls issued in one turn, a tool chosen over the one the request names, a count the user
/// revised: span 10/12, span and category 10/12. The misses are pinned with what is cited instead and why no rule
/// reaches them.
/// </para>
/// </summary>
public class BlindHeldOut10Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind10";

    protected override int MaxSpans => 30;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "langsmith-langchain-hotel-ev-charging.json", "HotelConciergeChain/route_question/ChatOpenAI | Language-only hallucination: a router's label is read as the answer's claims; the answering call's invented charging bays are not reached first" },
        { "otlp-meai-auto-claim-payout.json", null },
        { "langfuse-openai-catering-headcount.json", null },
        { "otlp-vercel-ai-telecom-extra-line.json", null },
        { "jaeger-openai-v2-car-rental-discount.json", null },
        { "otlp-openllmetry-card-lock.json", null },
        { "zipkin-spring-ai-interview-scheduling.json", null },
        { "otlp-agent-framework-broadband-dropouts.json", "POST \\/support\\/sessions\\/{sessionId}\\/turns/invoke_agent BroadbandSupportAgent/chat gpt-4.1[4] | Incorrect Problem Identification: a device fault read as a line fault is a diagnosis no rule compares with the user's account" },
        { "otlp-pydantic-ai-florist-deposit-invoice.jsonl", null },
        { "openinference-llamaindex-conflict-check.json", null },
        { "flat-custom-airline-rebooking.json", null },
        { "otlp-semantic-kernel-sofa-deposit.json", null },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void An_empty_search_with_no_requests_remaining_and_the_quota_exhausted_was_throttled()
    {
        const string file = "flat-custom-airline-rebooking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Rate Limiting"), (a.Detector, a.Category?.L4));

        // Requests left: the quota note alone refuses nothing.
        // (The header is written three ways: in the span's attributes, in the tool's result, and in the model's messages.)
        var left = Fixture.Edited(Folder, file, ("x-ratelimit-remaining\\\\\\\":\\\\\\\"0\\\\\\\"", "x-ratelimit-remaining\\\\\\\":\\\\\\\"37\\\\\\\""),
            ("x-ratelimit-remaining\\\":\\\"0\\\"", "x-ratelimit-remaining\\\":\\\"37\\\""), ("x-ratelimit-remaining\": \"0\"", "x-ratelimit-remaining\": \"37\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(left), f => f.Detector == "tool-error-payload" && f.Span.Name == "tool.search_availability");
    }

    [Fact]
    public void A_discount_above_the_percentage_the_instructions_allow_for_the_tool_breaks_them()
    {
        const string file = "jaeger-openai-v2-car-rental-discount.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("instruction-limit", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"percent\":25");

        // Within the cap.
        var within = Fixture.Edited(Folder, file, ("percent\\\\\\\":25", "percent\\\\\\\":8"), ("percent\\\":25", "percent\\\":8"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(within), f => f.Detector == "instruction-limit");
    }

    [Fact]
    public void A_payment_taken_in_test_mode_by_a_production_run_is_an_environment_set_up_wrong()
    {
        const string file = "otlp-semantic-kernel-sofa-deposit.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("environment-setup", "Environment Setup Errors", "execute_tool Payments-ChargeDeposit"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        Assert.Contains(a.Evidence, e => e.Quote == "\"livemode\":false");

        // A live payment.
        var live = Fixture.Edited(Folder, file, ("livemode\\\":false", "livemode\\\":true"), ("livemode\\\\\\\":false", "livemode\\\\\\\":true"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(live), f => f.Detector == "environment-setup");

        // A run in a staging environment expects test payments.
        var staging = Fixture.Edited(Folder, file, ("\"production\"", "\"staging\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(staging), f => f.Detector == "environment-setup");
    }

    [Fact]
    public void A_local_time_sent_marked_utc_dropped_its_offset()
    {
        const string file = "zipkin-spring-ai-interview-scheduling.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-offset", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "2025-03-11T14:00:00Z");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("\"utc_offset\": \"-04:00\"", StringComparison.Ordinal));

        // The local time converted to UTC.
        var converted = Fixture.Edited(Folder, file, ("T14:00:00Z", "T18:00:00Z"), ("T14:45:00Z", "T18:45:00Z"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(converted), f => f.Detector == "dropped-offset");

        // A local time at offset zero is a UTC time.
        var zero = Fixture.Edited(Folder, file, ("-04:00", "+00:00"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(zero), f => f.Detector == "dropped-offset");
    }

    [Fact]
    public void A_completion_written_as_one_message_object_is_read_as_its_content_and_tool_calls()
    {
        var trace = Fixture.Load(Folder, "zipkin-spring-ai-interview-scheduling.json");
        var last = trace.View.Spans.Last(g => g.IsModelCall);
        Assert.StartsWith("Done. Priya Raman's hiring manager interview", last.OutputMessages.Single().Text, StringComparison.Ordinal);
        Assert.Contains(trace.View.ToolCalls.Calls, c => c.Name == "create_interview_event" && c.RequestedBy is not null && c.Execution is not null);
    }

    [Fact]
    public void A_search_for_one_named_party_is_not_asked_for_another_partys_number()
    {
        const string file = "openinference-llamaindex-conflict-check.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Timeout Issues"), (a.Detector, a.Category?.L4));
        // The later search was for another party: it does not recover the one that timed out.
        Assert.DoesNotContain("recovered", a.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "dropped-constraint");

        // The same search for the client itself must carry the client's number.
        var client = Fixture.Edited(Folder, file, ("{\\\"name\\\":\\\"Jonah Whitcombe\\\"}", "{\\\"name\\\":\\\"Harlow Ridge Developments\\\"}"));
        Assert.Contains(AttributionEngine.Default.Detect(client), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_question_about_what_an_action_would_cost_asks_only_to_be_told()
    {
        const string file = "otlp-vercel-ai-telecom-extra-line.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("hey, how much extra per month would it be to add a line", StringComparison.Ordinal));

        // The same question, then the request itself.
        var asked = Fixture.Edited(Folder, file, ("Plus? just want to see the price", "Plus? please add it if it is under $40. just want to see the price"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }

    [Fact]
    public void A_phone_number_at_the_end_of_a_sentence_is_one_identifier()
    {
        Assert.Equal(["(312) 555-0148"], Facts.Extract("Her new number is (312) 555-0148.").Select(f => f.Written));
        // A number that runs on after the dot is no phone number.
        Assert.DoesNotContain(Facts.Extract("Version 312-555-0148.2 shipped."), f => f.Kind == FactKind.Identifier && f.Written == "312-555-0148");
    }

    [Fact]
    public void A_call_sent_a_placeholder_for_what_a_call_of_the_same_turn_returns()
    {
        const string file = "otlp-pydantic-ai-florist-deposit-invoice.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("parallel-dependency", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"delivery_fee\":0.0");
        Assert.Contains(a.Evidence, e => e.Quote == "\"delivery_fee\":95.0");

        // The invoice given the fee the quote returns.
        var given = Fixture.Edited(Folder, file, ("\\\"delivery_fee\\\":0.0,\\\"dep", "\\\"delivery_fee\\\":95.0,\\\"dep"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(given), f => f.Detector == "parallel-dependency");
    }

    [Fact]
    public void A_tool_chosen_over_the_one_named_for_the_request_explains_what_the_answer_then_misreported()
    {
        const string file = "otlp-openllmetry-card-lock.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors", "card_support_agent.workflow/openai.chat[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.OtherFindings, f => f.Detector == "negative-result-ignored" && f.Span.Path == "card_support_agent.workflow/openai.chat[4]");
    }

    [Fact]
    public void A_figure_the_user_revised_and_the_call_kept_is_lost_context()
    {
        const string file = "langfuse-openai-catering-headcount.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("superseded-value", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"guest_count\":40");
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Update: headcount is now 55 confirmed", StringComparison.Ordinal));

        // The call sent the revised figures.
        var revised = Fixture.Edited(Folder, file, (",\\\"guest_count\\\":40,", ",\\\"guest_count\\\":55,"), ("{\\\"vegetarian\\\":2,", "{\\\"vegetarian\\\":6,"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(revised), f => f.Detector == "superseded-value");

        // A later message that adds a figure without revising one.
        var added = Fixture.Edited(Folder, file, ("Update: headcount is now 55 confirmed", "Also: 55 confirmed on the invite list"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(added), f => f.Detector == "superseded-value");
    }

    [Fact]
    public void An_embedding_call_retried_with_success_is_recovered()
    {
        var a = Fixture.Attribute(Folder, "openinference-llamaindex-conflict-check.json");
        Assert.NotEqual("exception", a.Detector);
    }
}
