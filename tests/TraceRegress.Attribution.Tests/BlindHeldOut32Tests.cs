using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-second blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 503 or 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for blind30 and blind31 already in): span right
/// 7/12, span and category 5/12. No rule was changed for it that session. The next session's rules on principle (a
/// record the user names read through a stand-in tool, a confirmation sent before its action, a record's state misread;
/// below, each with a case where it must not fire): span 9/12, span and category 8/12; then a payment asked of a user who
/// says they paid: 9/12 and 9/12; then a value the instructions never allow for what holds certain things ("never
/// standard_offsite" for client files): 10/12 and 10/12. The misses are pinned with what
/// is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut32Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind32";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.json", null },
        { "run02.json", null },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", null },
        { "run07.json", null },
        { "run08.json", null },
        { "run09.json", "POST api\\/spa-assistant | Goal Deviation: the model calls' messages are written as Zipkin annotations \"gen_ai.content.completion|{...}\", a form no exporter writes (the OpenTelemetry mapping writes \"name\":{attributes}), so no message is read and the invented voucher extension (\"can be extended once, free of charge\") is not seen; the root is cited as the inferred origin" },
        { "run10.json", null },
        { "run11.json", "greenstripe-support-chat/chat-turn[2]/OpenAI-generation[3] | Tool Output Misinterpretation: \"the next visit there\" refers to the property of the earlier turn, a reference the rules do not resolve across turns; the answer's origin is inferred" },
        { "run12.json", null },
    };

    [Fact]
    public void Spring_ais_model_request_names_the_tools_the_call_was_offered()
    {
        var trace = Fixture.Load(Folder, "run08.json");
        var chat = trace.View.Spans.First(g => g.IsModelCall);
        Assert.Contains(chat.ToolDefinitions, d => d.Name == "getQuote");
    }

    [Fact]
    public void A_quote_the_user_names_priced_from_the_price_list_passes_over_the_quote_tool()
    {
        var a = Fixture.Attribute(Folder, "run08.json");
        Assert.Equal((PassedOverToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "getQuote");
        Assert.Contains(a.Evidence, e => e.Quote == "\"totalAmount\":1095.0");

        // A tool for quotes that sends one rather than reads it is no tool passed over for reading.
        var sends = Fixture.Edited(Folder, "run08.json", ("getQuote", "emailQuote"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(sends), f => f.Detector == PassedOverToolDetector.DetectorId);
    }

    [Fact]
    public void A_confirmation_emailed_before_the_visit_was_moved_is_a_step_out_of_order()
    {
        var a = Fixture.Attribute(Folder, "run07.json");
        Assert.Equal((EarlyConfirmationDetector.DetectorId, "Task Orchestration", "e30e1653cdba05fe"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // A message that says the visit will be moved claims nothing done.
        var future = Fixture.Edited(Folder, "run07.json", ("has been moved from", "will be moved from"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(future), f => f.Detector == EarlyConfirmationDetector.DetectorId);
    }

    [Fact]
    public void A_provisional_booking_told_as_confirmed_misreads_its_state()
    {
        var a = Fixture.Attribute(Folder, "run12.json");
        Assert.Equal((MisreadStatusDetector.DetectorId, "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"status\":\"provisional\"");

        // A booking the tool gives as confirmed is told right.
        var confirmed = Fixture.Edited(Folder, "run12.json", ("provisional", "confirmed"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(confirmed), f => f.Detector == MisreadStatusDetector.DetectorId);
    }

    [Fact]
    public void A_payment_link_for_a_fee_the_holder_says_was_paid_on_time_misreads_the_problem()
    {
        var a = Fixture.Attribute(Folder, "run05.json");
        Assert.Equal((PaidAgainDetector.DetectorId, "Incorrect Problem Identification"), (a.Detector, a.Category?.L4));

        // A holder who says they have not paid may be sent a link.
        var owes = Fixture.Edited(Folder, "run05.json", ("I paid my renewal (£96) by bank transfer on 28", "I still owe my renewal (£96), due since 28"), ("I paid on time", "I know it is late"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(owes), f => f.Detector == PaidAgainDetector.DetectorId);
    }

    [Fact]
    public void Client_files_quoted_as_standard_offsite_break_the_never_rule()
    {
        var a = Fixture.Attribute(Folder, "run06.jsonl");
        Assert.Equal((ForbiddenActionDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category?.L4));

        // General office paper alone may go standard_offsite.
        var paper = Fixture.Edited(Folder, "run06.jsonl", ("14 archive boxes of closed client files", "14 archive boxes of old brochures and flyers"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(paper), f => f.Detector == ForbiddenActionDetector.DetectorId);
    }
}
