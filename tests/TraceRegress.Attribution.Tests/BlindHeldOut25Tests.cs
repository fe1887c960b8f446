using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-fifth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// Semantic Kernel, the OpenAI Agents SDK through Logfire, openai-v2 events, Strands Agents, a Collector file of
/// LlamaIndex spans, a flat export, Jaeger, Zipkin, Phoenix of a CrewAI crew, Langfuse and LangSmith) and twelve TRAIL
/// categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who
/// had read neither the engine nor its documentation. Ten carry no error signal; one carries a retried 503 that is not
/// the cause; in one a real error (a 401) is the cause.
/// <para>
/// Measured on arrival: span right 7/12, span and category 4/12. After changes on principle (each below, with a case
/// where it must not fire): span 9/12, span and category 9/12. The misses are pinned with what is cited instead and why
/// no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut25Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind25";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.otlp.json", null },
        { "run02.otlp.json", null },
        { "run03.otlp.json", null },
        { "run04.otlp.json", null },
        { "run05.otlp.json", "invoke_agent harbourview_maintenance/execute_event_loop_cycle[3]/chat | Tool Output Misinterpretation: a leak through a ceiling light raised as an electrical fault is a misread problem no rule compares with the report; the answer's origin is inferred" },
        { "run06.otlp.jsonl", null },
        { "run07.spans.json", "chat_turn/llm.chat[1] | Incorrect Problem Identification: a booking made in the same turn that should first explain the precautions and wait for a yes is no rule's case (the yes is asked for in a safety rule, not before a named tool); the first step that worked on the task is inferred" },
        { "run08.jaeger.json", "POST \\/chat/langchain4j.aiservices.RepairDeskAssistant.chat/chat gpt-4o-mini[3] | Tool Output Misinterpretation: a parameter named sku described as the phone model is a declaration no rule reads against the query the tool ran; the answer's origin is inferred" },
        { "run09.zipkin.json", null },
        { "run10.phoenix.json", null },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", null },
    };

    [Fact]
    public void A_booking_with_a_deposit_taken_when_the_user_asked_to_be_given_a_price_is_goal_deviation()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Could you give me a price?");

        var book = Fixture.Edited(Folder, file, ("Could you give me a price?", "Could you book it for me?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(book), f => f.Detector == UnaskedActionDetector.DetectorId);
    }

    [Fact]
    public void A_price_that_is_a_ratio_of_two_upstream_figures_times_a_hundred_is_still_invented()
    {
        const string file = "run02.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "$44");

        var right = Fixture.Edited(Folder, file, ("3-year: $44", "3-year: $54"), ("Total: $154", "Total: $164"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "unsupported-fact");
    }

    [Fact]
    public void A_logfire_responses_span_is_read_as_the_model_call_it_records()
    {
        const string file = "run03.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-tool", "Tool Selection Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "send_replacement_part");
        // The Response object's bookkeeping (created_at, usage) is no fact the model stated.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact");

        var collect = Fixture.Edited(Folder, file, ("Can you just send me a new leg?", "Can you just collect the whole table?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(collect), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Fact]
    public void A_fee_sheet_valid_until_a_date_before_today_is_poor_retrieval_and_a_llamaindex_tool_task_is_evidence()
    {
        const string file = "run06.otlp.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-source", "Poor Information Retrieval"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("valid 1 April 2023 to 31 March 2024", StringComparison.Ordinal));
        // FunctionTool's output is a tool's result, not a turn that states it; "two old armchairs" asks for no old ones.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector is "unsupported-fact" or "dropped-qualifier");

        var current = Fixture.Edited(Folder, file, ("valid 1 April 2023 to 31 March 2024", "valid 1 April 2025 to 31 March 2026"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(current), f => f.Detector == StaleSourceDetector.DetectorId);
    }

    [Fact]
    public void An_order_said_placed_with_the_crews_place_order_tool_never_called_is_a_tool_related_hallucination()
    {
        const string file = "run10.phoenix.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("place_order", a.Summary, StringComparison.Ordinal);

        var pending = Fixture.Edited(Folder, file, ("has been placed and paid", "is ready to be placed once you confirm"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(pending), f => f.Category.L4 == "Tool-related hallucination");
    }
}
