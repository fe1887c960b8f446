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
/// (each below, with a case where it must not fire): span 6/12, span and category 4/12. The misses are pinned with what
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
        { "run01.json", "POST \\/api\\/support\\/chat/invoke_agent LeakSupportAgent/chat gpt-4o[3] | Instruction Non-compliance: a volume (\"excess_m3\": 29.7) sent as an amount of money (\"amount_gbp\": 29.7) is a misread field no rule compares across kinds of unit; a rule of the instructions about the credit is cited at the same call" },
        { "run02.json", "agent run/chat gpt-4o[4] | Tool Output Misinterpretation: a booking confirmed although the vaccination lapses before the stay is a date comparison against a rule no detector reads; the answer's origin is inferred" },
        { "run03.json", null },
        { "run04.json", null },
        { "run05.json", null },
        { "run06.jsonl", "AgentExecutor.workflow/RunnableSequence.task[1]/ToolsAgentOutputParser.task | Tool Output Misinterpretation: a quote priced and sent before the second document was counted is an order of steps no rule reads; the answer's origin is inferred at a parser step" },
        { "run07.json", "procurement_agent.run/llm.chat[4] | Language-only hallucination: a quantity schema that says catalogue units for a system that reads cases is a definition no rule checks against the order's result; an unsupported figure in the answer is cited" },
        { "run08.json", "http post \\/api\\/assistant\\/messages/spring_ai chat_client/tool_call transferSwimmer[1]/http post | Authentication Errors: the 401 is cited at the HTTP call inside the tool call, one span below the tool the label names" },
        { "run09.json", "post \\/support\\/chat/invoke_agent tidewellserviceagent/autofunctioninvocationloop/chat.completions gpt-4o[4] | Incorrect Problem Identification: an instruction in the answer (\"drain the tub\") states no fact the grounding rules read; the answer's origin is inferred with another category" },
        { "run10.json", "AgentWorkflow.run/OpenAI.astream_chat[2] | Poor Information Retrieval: the retriever's superseded terms are found (stale-source) but only as inference, and a policy search that leaves out the booking's id is cited first; an id is no term of a search of documents, a distinction the dropped-constraint rule does not make here" },
        { "run11.json", null },
        { "run12.json", "locksmith_assistant_turn/AgentExecutor/RunnableSequence[1]/ChatOpenAI | Poor Information Retrieval: a condensed history that drops \"not before 2pm\" is a summary the context rules read only as a trimmed message list; a dropped constraint in the next call is cited" },
    };

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
}
