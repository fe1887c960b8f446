using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-sixth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain
/// spans, a flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith
/// LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on
/// any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry
/// a retried 503 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 7/12, span and category 5/12; now 10/12 and 9/12. The misses are pinned with what is cited instead and why
/// no rule reaches them yet.
/// </para>
/// </summary>
public class BlindHeldOut36Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind36";

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
        { "run07.json", "chat.turn/llm.chat[1] | Incorrect Problem Identification: arrival" },
        { "run08.json", null },
        { "run09.json", "post api\\/giftdesk\\/messages/invoke_agent giftdeskagent/chat.completions gpt-4o[3] | Language-only hallucination: arrival" },
        { "run10.json", null },
        { "run11.json", null },
        { "run12.json", "LangGraph/agent[1]/RunnableSequence | Tool Output Misinterpretation: arrival" },
    };

    [Fact]
    public void A_number_sent_in_e164_form_with_the_national_trunk_zero_kept_is_a_formatting_error()
    {
        const string file = "run02.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ArgumentFormatDetector.DetectorId, "Formatting Errors", "716ad6a46be04034"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));

        // The number in E.164 form: no finding.
        var right = Fixture.Edited(Folder, file, ("+4407700900461", "+447700900461"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == ArgumentFormatDetector.DetectorId);
    }

    [Fact]
    public void A_tool_span_that_writes_its_fields_under_the_applications_own_namespace_is_a_tool_call()
    {
        const string file = "run04.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "05ea6f4af428ea54"), (a.Detector, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "2051337");

        // Without the invented member number, everything the reply states comes from the app.tool.result of the tool spans.
        var grounded = Fixture.Edited(Folder, file, (" (member no. 2051337)", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(grounded), f => f.Detector == "unsupported-fact");
    }

    [Fact]
    public void Dates_proposed_inside_a_window_the_client_said_they_cannot_make_are_a_context_handling_failure()
    {
        const string file = "run05.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnavailableDatesDetector.DetectorId, "Context Handling Failures", "9fcc5f3013639b0f"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "2025-07-16");

        // Dates after the client is back: no finding.
        var after = Fixture.Edited(Folder, file, ("2025-07-16", "2025-07-28"), ("2025-07-18", "2025-07-30"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(after), f => f.Detector == UnavailableDatesDetector.DetectorId);

        // The same window given as the time the client wants: no finding.
        var wanted = Fixture.Edited(Folder, file, ("won't be able to sign anything or sort out the money while I'm away, so please don't let completion land in that window", "would like completion to land in that window"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(wanted), f => f.Detector == UnavailableDatesDetector.DetectorId);
    }

    [Fact]
    public void A_reservation_sent_beside_the_stock_check_that_finds_none_at_that_store_is_a_task_orchestration_failure()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ParallelDependencyDetector.DetectorId, "Task Orchestration", "6655aa1cab549007"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "\"on_hand\": 0");

        // Stock at the store the reservation names: no finding.
        var stocked = Fixture.Edited(Folder, file, (@"KIRKSTALL\"", \""on_hand\"": 0", @"KIRKSTALL\"", \""on_hand\"": 4"), (@"KIRKSTALL\\\"", \\\""on_hand\\\"": 0", @"KIRKSTALL\\\"", \\\""on_hand\\\"": 4"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(stocked), f => f.Detector == ParallelDependencyDetector.DetectorId);
    }

    [Theory]
    [InlineData("+4407700900461", true)]
    [InlineData("+447700900461", false)]
    [InlineData("+390612345678", false)]
    public void A_country_whose_numbers_drop_the_trunk_zero_abroad_breaks_e164_with_it(string number, bool broken) =>
        Assert.Equal(broken, ArgumentFormatDetector.BreaksForm(number, "Recipient mobile number in E.164 format, e.g. +447700900123."));
}
