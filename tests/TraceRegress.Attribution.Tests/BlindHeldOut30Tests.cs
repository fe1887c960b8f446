using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirtieth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent Framework,
/// Pydantic AI through Logfire, the Vercel AI SDK, openai-v2 events, Google ADK, a Collector file of LangChain spans, a
/// flat export, Jaeger of Spring AI, Zipkin of Semantic Kernel, Phoenix of LlamaIndex, Langfuse and a LangSmith LangGraph
/// run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine was run on any of
/// them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal; two carry a
/// retried 429 that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 3/12. After changes on principle (each below, with a case
/// where it must not fire): span 10/12, span and category 10/12. The misses are pinned with what is cited instead and why
/// no rule reaches them; they are the work still to do.
/// </para>
/// </summary>
public class BlindHeldOut30Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind30";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "run01.maf.otlp.json", null },
        { "run02.pydanticai-logfire.otlp.json", null },
        { "run03.vercel-ai.otlp.json", null },
        { "run04.openai-v2.otlp.json", null },
        { "run05.google-adk.otlp.json", null },
        { "run06.openllmetry-collector.jsonl", null },
        { "run07.custom-flat.json", null },
        { "run08.jaeger.json", null },
        { "run09.zipkin.json", "POST api\\/aftercare\\/chat/invoke_agent AftercareAgent/chat.completions gpt-4o[4] | Tool Output Misinterpretation: a door that hits the extractor hood logged as a damaged item is a diagnosis against the customer's words no rule weighs against a category's definition; the answer's origin is inferred" },
        { "run10.phoenix-openinference.jsonl", null },
        { "run11.langfuse.json", null },
        { "run12.langsmith.json", "LangGraph/replan[2] | Tool Output Misinterpretation: a plan that removes a line before checking the stock its fallback depends on is an order of steps no declared precondition names; the answer's origin is inferred" },
    };

    [Fact]
    public void A_machine_instruction_written_in_words_where_the_parameter_shows_its_fields_is_a_formatting_error()
    {
        const string file = "run02.pydanticai-logfire.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((ArgumentFormatDetector.DetectorId, "Formatting Errors"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Dispatch instruction, e.g. HOLD;SUB-10001;2025-01;2");

        // Sent in the form: no finding.
        var form = Fixture.Edited(Folder, file, ("HOLD SUB-88213 from Aug 2025 for 3 issues, resume Nov 2025", "HOLD;SUB-88213;2025-08;3"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(form), f => f.Detector == ArgumentFormatDetector.DetectorId);
    }

    [Theory]
    [InlineData("Dispatch instruction, e.g. HOLD;SUB-10001;2025-01;2", "HOLD SUB-88213 from Aug 2025", true)]
    [InlineData("Dispatch instruction, e.g. HOLD;SUB-10001;2025-01;2", "HOLD;SUB-88213;2025-08;3", false)]
    [InlineData("Route, e.g. LHR|JFK|SFO", "LHR to JFK", true)]
    [InlineData("Free text for the crew; e.g. leave at the back door", "Ring twice", false)]
    public void A_machine_string_shown_by_example_is_checked_field_by_field(string description, string value, bool broken) =>
        Assert.Equal(broken, ArgumentFormatDetector.BreaksForm(value, description));

    [Fact]
    public void A_declared_list_of_values_that_leaves_out_the_size_the_site_offers_and_the_user_wants_is_a_definition_issue()
    {
        const string file = "run05.google-adk.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((NarrowedChoiceDetector.DetectorId, "Tool Definition Issues", "invocation/invoke_agent allotment_agent/call_llm[1]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"size\": \"quarter\"");
        Assert.Contains(a.Evidence, e => e.Quote == "\"plot_size\": \"half\"");

        // A user who asks for a size the declaration lists is served by it.
        var listed = Fixture.Edited(Folder, file, ("so a quarter plot would be ideal", "so a half plot would be ideal"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(listed), f => f.Detector == NarrowedChoiceDetector.DetectorId);

        // A size no result offers is not one the declaration leaves out.
        var unoffered = Fixture.Edited(Folder, file, ("{\\\"size\\\": \\\"quarter\\\"", "{\\\"size\\\": \\\"half\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unoffered), f => f.Detector == NarrowedChoiceDetector.DetectorId);
    }

    [Fact]
    public void A_booking_sent_for_the_day_the_user_moved_away_from_lost_the_change()
    {
        const string file = "run06.openllmetry-collector.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededValueDetector.DetectorId, "Context Handling Failures", "6173afef36b85291"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote == "Could we do Sunday 15th at 11:00 instead?");
        Assert.Contains(a.Evidence, e => e.Quote == "\"date\": \"2025-06-14\"");

        // Booked for the Sunday the user moved to: no finding.
        var kept = Fixture.Edited(Folder, file, ("\\\"date\\\": \\\"2025-06-14\\\", \\\"start\\\": \\\"13:00\\\"", "\\\"date\\\": \\\"2025-06-15\\\", \\\"start\\\": \\\"11:00\\\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == SupersededValueDetector.DetectorId);

        // A user who only adds a detail has moved nowhere.
        var same = Fixture.Edited(Folder, file, ("Could we do Sunday 15th at 11:00 instead?", "Could we keep Saturday 14th at 13:00 then?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == SupersededValueDetector.DetectorId);
    }

    [Fact]
    public void A_new_booking_made_for_a_pickup_the_user_asked_to_move_passes_over_the_reschedule_tool()
    {
        const string file = "run03.vercel-ai.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((WrongToolDetector.DetectorId, "Tool Selection Errors"), (a.Detector, a.Category.L4));

        // A user who asks for a new drop-off asks for what the booking tool does.
        var fresh = Fixture.Edited(Folder, file, ("could I pick it up Saturday morning instead", "could I book a drop-off on Saturday morning"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(fresh), f => f.Detector == WrongToolDetector.DetectorId);
    }

    [Fact]
    public void A_credit_over_the_amount_the_instructions_keep_from_the_tool_breaks_them()
    {
        const string file = "run08.jaeger.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((InstructionLimitDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Any credit over £50.00 must NOT be applied by you", StringComparison.Ordinal));

        // Under a higher threshold the credit is the tool's to apply.
        var higher = Fixture.Edited(Folder, file, ("over £50.00 must NOT", "over £75.00 must NOT"), ("£50.00 or less", "£75.00 or less"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(higher), f => f.Detector == InstructionLimitDetector.DetectorId);
    }

    [Fact]
    public void An_email_that_says_prices_were_reduced_with_the_repricing_tool_never_called_claims_an_action()
    {
        const string file = "run11.langfuse.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains("reprice_item", a.Summary, StringComparison.Ordinal);

        // An offer to reduce them claims nothing done.
        var offer = Fixture.Edited(Folder, file, ("we've also reduced the prices", "we can also reduce the prices"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offer), f => f.Summary.Contains("only reprice_item could do", StringComparison.Ordinal));
    }

    [Fact]
    public void A_toilet_on_board_that_no_tool_result_names_is_made_up_to_answer_the_question()
    {
        const string file = "run04.openai-v2.otlp.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnsupportedFeatureDetector.DetectorId, "Language-only hallucination"), (a.Detector, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Also, will there be a toilet on board?");

        // An answer that cannot confirm it asserts nothing.
        var hedged = Fixture.Edited(Folder, file, ("And yes - the midi coach has an onboard toilet", "I can't yet confirm whether the midi coach has an onboard toilet"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(hedged), f => f.Detector == UnsupportedFeatureDetector.DetectorId);

        // A vehicle record that lists a toilet grounds it.
        var listed = Fixture.Edited(Folder, file, (@"wheelchair_lift\"": false}, ", @"wheelchair_lift\"": false, \""toilet\"": true}, "),
            (@"wheelchair_lift\\\"": false}", @"wheelchair_lift\\\"": false, \\\""toilet\\\"": true}"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(listed), f => f.Detector == UnsupportedFeatureDetector.DetectorId);
    }
}
