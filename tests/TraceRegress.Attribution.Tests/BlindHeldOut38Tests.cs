using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-eighth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft Agent
/// Framework, Semantic Kernel, the OpenAI Agents SDK through OpenInference, CrewAI through OpenLLMetry, a LlamaIndex
/// workflow with span events, a Collector file of LangGraph spans, a flat export, Jaeger, Zipkin, Phoenix, Langfuse and a
/// LangSmith LangGraph run) and twelve TRAIL categories, labelled (span, TRAIL leaf, why) and committed before the engine
/// was run on any of them, by a writer who had read neither the engine nor its documentation. Nine carry no error signal;
/// two carry a retried 429 or timeout that is not the cause; in one a real 401 is the cause.
/// <para>
/// Measured on arrival: span right 6/12, span and category 3/12; now 10/12 and 9/12. The misses are pinned with what is cited instead and why
/// no rule reaches them yet.
/// </para>
/// </summary>
public class BlindHeldOut38Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind38";

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
        { "run08.json", "POST \\/chat/agent run/chat gpt-4o[2] | Incorrect Problem Identification: arrival; then the span is right, but the overrun policy's verbs (stay, charge) are the instructions' own and its 30 minutes reads as computed, so no rule calls it invented" },
        { "run09.json", "http post \\/api\\/assistant\\/chat/spring_ai chat_client/tool_call create_payment_link | Authentication Errors: arrival; a failure on a request a tool made is cited on the tool call, as earlier sets label it, and this label cites the request" },
        { "run10.json", null },
        { "run11.json", null },
        { "run12.json", "LangGraph/agent[3]/ChatAnthropic | Incorrect Problem Identification: arrival" },
    };

    [Fact]
    public void A_search_query_that_leaves_out_the_cone_the_glaze_needs_is_poor_retrieval_read_from_llama_index_events()
    {
        const string file = "run05.json";
        var a = Fixture.Attribute(Folder, file);
        // The model call's messages and response, and the tool call it asked for, are read from LLMChatStartEvent /
        // LLMChatEndEvent and AgentToolCallEvent.
        Assert.Equal(("dropped-constraint", "Poor Information Retrieval", "4ebb81929906c5de"), (a.Detector, a.Category?.L4, a.Cited?.SpanId));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("stoneware glaze firing price per piece", StringComparison.Ordinal));

        // A query that names the cone: no finding (the size the price list's bands name was never lost).
        var named = Fixture.Edited(Folder, file, ("stoneware glaze firing price per piece and next firing date", "cone 10 reduction stoneware glaze firing price per piece and next firing date"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(named), f => f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_crew_booked_with_the_licence_ref_pending_beside_the_licence_request_is_task_orchestration()
    {
        const string file = "run06.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("parallel-dependency", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"licence_ref\": \"pending\"");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("BCC-PL-25-03318", StringComparison.Ordinal));

        // The crew booked with the licence's own reference: no finding.
        var known = Fixture.Edited(Folder, file, (@"\""pending\""", @"\""BCC-PL-25-03318\"""), (@"\\\""pending\\\""", @"\\\""BCC-PL-25-03318\\\"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(known), f => f.Detector == "parallel-dependency");
    }

    [Fact]
    public void An_update_that_leaves_out_the_battery_size_the_carer_asked_to_change_is_a_context_handling_failure()
    {
        const string file = "run10.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnappliedChangeDetector.DetectorId, "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("take size 312 now instead of the size 13s", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "\"battery_size\": \"13\"");

        // A carer who only says what the aids took before: no change was asked for, no finding.
        var unchanged = Fixture.Edited(Folder, file, ("take size 312 now instead of the size 13s", "still take the size 13s"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unchanged), f => f.Detector == UnappliedChangeDetector.DetectorId);
    }

    [Fact]
    public void A_waiting_list_place_told_before_the_member_gave_the_postcode_the_rule_asks_for_is_instruction_non_compliance()
    {
        const string file = "run02.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UnverifiedDisclosureDetector.DetectorId, "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("ask them for the postcode registered on their membership", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("You're currently number 7 of 41", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "\"postcode\": \"LS5 3BT\"");

        // The member gave the postcode the record holds: the check could be made, no finding.
        var given = Fixture.Edited(Folder, file, ("membership no. KV-20417.", "membership no. KV-20417, postcode LS5 3BT."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(given), f => f.Detector == UnverifiedDisclosureDetector.DetectorId);
    }

    [Fact]
    public void A_decaf_said_to_be_checked_that_the_stock_lookup_was_never_asked_about_is_a_tool_related_hallucination()
    {
        const string file = "run11.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((UncheckedItemDetector.DetectorId, "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "COL-HUILA-DECAF-1KG");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("ETH-GUJI-1KG", StringComparison.Ordinal));

        // The lookup asked about the decaf as well: what the reply says of it came from the tool, no finding.
        var asked = Fixture.Edited(Folder, file, (@"ETH-GUJI-1KG\""]", @"ETH-GUJI-1KG\"",\""COL-HUILA-DECAF-1KG\""]"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == UncheckedItemDetector.DetectorId);
    }

    [Fact]
    public void A_401_in_a_spring_client_spans_status_tag_is_an_authentication_error_found_on_the_tool_call()
    {
        const string file = "run09.json";
        var a = Fixture.Attribute(Folder, file);
        // Micrometer's HTTP client observation writes the status as a plain "status" tag beside "outcome" and "uri".
        Assert.Equal(("http-status", "Authentication Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.SpanId == "740b8207904713d7" && e.Quote == "401");

        // The request answered 200: nothing is read from its tags.
        var ok = Fixture.Edited(Folder, file, ("\"outcome\": \"CLIENT_ERROR\",\n      \"status\": \"401\"", "\"outcome\": \"SUCCESS\",\n      \"status\": \"200\""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(ok).SelectMany(f => f.Evidence), e => e.SpanId == "740b8207904713d7" && e.Source == "attributes[\"status\"]");
    }

    [Fact]
    public void A_size_exchange_booked_for_a_parent_who_said_not_yet_is_goal_deviation_not_the_date_it_invented()
    {
        const string file = "run04.json";
        var a = Fixture.Attribute(Folder, file);
        // The exchange's date is written nowhere before it, but it is part of the action nobody asked for: the action is cited.
        Assert.Equal(("unasked-action", "Goal Deviation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("I'd just like to know", StringComparison.Ordinal));

        // A parent who asks for the swap: the action was asked for, no finding.
        var asked = Fixture.Edited(Folder, file, ("but not yet - for now I'd just like to know", "so please swap it for a full size now, and I'd also like to know"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }

    [Theory]
    [InlineData("for now I'd just like to know how much we've paid so far", true)]
    [InlineData("I would really like to know when the next roast is", true)]
    [InlineData("I'd just like to book the 4/4 for September", false)]
    public void A_wish_to_know_is_a_request_to_be_told(string text, bool onlyAsks) =>
        Assert.Equal(onlyAsks, TraceRegress.Engine.Text.Requests.OnlyAsks(text, out _));

    [Fact]
    public void A_yes_please_book_her_asks_for_the_booking()
    {
        const string file = "run08.json";
        // "Yes please, book Priya." asks for the booking: making it is no action nobody asked for.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unasked-action");
        Assert.Equal("POST \\/chat/agent run/chat gpt-4o[2]", Fixture.Attribute(Folder, file).Cited?.Path);

        // The user who only asks whether the interpreter will stay: the booking was not asked for.
        var unasked = Fixture.Edited(Folder, file, ("Yes please, book Priya.", "Thanks, that's helpful."));
        Assert.Contains(AttributionEngine.Default.Detect(unasked), f => f.Detector == "unasked-action");
    }
}
