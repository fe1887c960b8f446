namespace TraceRegress.AttributionTests;

/// <summary>
/// An eighth blind measurement: twelve failing single-agent runs over nine export shapes (Agent Framework, the AI SDK,
/// OpenLLMetry, the Python openai-v2 and LangGraph instrumentations as JSON Lines, Spring AI over Jaeger, a Go agent over
/// Zipkin, LlamaIndex through Phoenix, Langfuse and LangSmith among them), labelled (span, TRAIL leaf, why) and committed
/// before the engine was run on any of them, by a writer who had read neither the engine nor its documentation. Nine
/// carry no error signal; in three the error is only inside an OK tool span's payload (a GraphQL throttle, a search
/// that timed out, a page served with status 200 whose title says it is not there).
/// <para>
/// Measured before any rule changed for them (with every rule of the seventh set already in): span right 2/12, span and
/// category 0/12. After changes on principle, each with the case where it must not fire (below): span 10/12, span and
/// category 6/12. Then a record the instructions exclude by one of its fields, asked of the action's tool anyway, is
/// Instruction Non-compliance (and a hand-rolled <c>llm.prompt</c> / <c>llm.completion</c> written as the provider's JSON
/// is read message by message): span 10/12, span and category 7/12. Then an option acted on where the task asks for the
/// cheapest, whose record's total is above another's in the list it came from, is Tool Output Misinterpretation at the
/// call that acted: span 11/12, span and category 8/12. Then an answer that quotes a record's figure as a tool first gave
/// it, after a later result gave the same record with another, is Context Handling Failures: span 11/12, span and
/// category 9/12. Then Spring AI's messages ({"messageType", "text", "toolCalls"}) are read: span 12/12, span and
/// category 9/12. Then a phone number an input gave in its national form (07700 900418) and the model wrote in its
/// international form (447700900418) is grounded, so the date's format breach is cited: span 12/12, span and category
/// 10/12. The misses are pinned with what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class BlindHeldOut8Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind8";

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "otlp-dotnet-maf-shopify-restock.json", null },
        { "otlpjsonl-python-openaiv2-water-bill-double-charge.jsonl", null },
        { "zipkin-go-kennel-vaccine-check.json", null },
        { "langfuse-python-hotel-award-booking.json", null },
        { "otlp-js-vercelai-car-rental-extension.json", null },
        { "otlp-js-openllmetry-roaming-plan-answer.json", null },
        { "flat-custom-pharmacy-refill.json", null },
        { "jaeger-springai-intl-wire-fee.json", "http post \\/api\\/assistant\\/messages/spring_ai chat_client/chat gpt-4o[2] | Tool Output Misinterpretation: a domestic-wire tool chosen for a euro wire to a German IBAN, with an international one offered, needs knowing that EUR and an IBAN are foreign to a USD Fedwire tool; since Spring AI's messages are read, the fallback names the right call" },
        { "langsmith-langchain-home-claim-intake.json", null },
        { "otlp-dotnet-meai-freight-liftgate-quote.json", null },
        { "otlpjsonl-python-langgraph-mealkit-swap.jsonl", null },
        { "phoenix-llamaindex-course-prereq.json", "CondensePlusContextChatEngine.chat/OpenAI.chat | Tool Output Misinterpretation: the right call; a course credit the catalog grants only for another course is a relation between grounded names, which the rules do not compare; the fallback's leaf is the misreading one" },
    };

    // ---- the rules changed for this measurement, each with the case where it must not fire ----

    [Fact]
    public void A_list_of_graphql_errors_inside_an_ok_tool_span_is_the_tools_error()
    {
        const string file = "otlp-dotnet-maf-shopify-restock.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Rate Limiting"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "Throttled" && e.Source.EndsWith("$.graphql_errors[0].message", StringComparison.Ordinal));

        // An empty list of errors is no error.
        var clean = Fixture.Edited(Folder, file, ("graphql_errors\\\":[{\\\"message\\\":\\\"Throttled\\\",\\\"extensions\\\":{\\\"code\\\":\\\"THROTTLED\\\",\\\"documentation\\\":\\\"https://shopify.dev/api/usage/rate-limits\\\"}}]", "graphql_errors\\\":[]"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(clean), f => f.Detector == "tool-error-payload" && f.Span.Name.Contains("get_inventory_levels", StringComparison.Ordinal));
    }

    [Fact]
    public void A_search_that_timed_out_and_returned_its_partial_hits_is_a_timeout()
    {
        const string file = "otlpjsonl-python-openaiv2-water-bill-double-charge.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Timeout Issues"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "\"timed_out\":true");

        var finished = Fixture.Edited(Folder, file, ("timed_out\\\":true", "timed_out\\\":false"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(finished), f => f.Detector == "tool-error-payload");
    }

    [Fact]
    public void A_page_served_with_status_200_whose_title_says_not_found_is_resource_not_found()
    {
        const string file = "zipkin-go-kennel-vaccine-check.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("tool-error-payload", "Resource Not Found", "execute_tool fetch_url"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        Assert.Contains(a.Evidence, e => e.Quote == "Page Not Found | Happy Tails Lodge");

        var found = Fixture.Edited(Folder, file, ("Page Not Found | Happy Tails Lodge", "Vaccine Requirements | Happy Tails Lodge"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(found), f => f.Detector == "tool-error-payload" && f.Span.Name == "execute_tool fetch_url");
    }

    [Theory]
    [InlineData("{\"title\": \"404 Not Found\"}", true)]
    [InlineData("{\"title\": \"Page not found - Example Store\"}", true)]
    [InlineData("{\"title\": \"Not Found\"}", true)]
    [InlineData("{\"title\": \"Lost and Found: a novel\"}", false)]
    [InlineData("{\"title\": \"Why the 404 page matters\"}", false)]
    public void A_pages_title_says_it_is_not_there_only_as_a_title_of_that_kind(string json, bool notFound)
    {
        var view = GenAi.TraceView.Of(AgentTrace.Parse(System.Text.Encoding.UTF8.GetBytes(
            "{\"spans\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"operationName\":\"execute_tool fetch_url\",\"startTime\":\"2025-01-01T00:00:00Z\",\"duration\":1,\"attributes\":{\"gen_ai.operation.name\":\"execute_tool\",\"gen_ai.tool.name\":\"fetch_url\",\"gen_ai.tool.call.result\":" + System.Text.Json.JsonSerializer.Serialize(json) + "}}]}"), "page.json"));
        var result = view.Spans.Single().ToolCallResult!;
        Assert.Equal(notFound, Engine.Text.ErrorPayload.Find(result) is not null);
    }

    [Fact]
    public void A_booking_made_where_the_member_said_he_was_not_booking_yet_is_goal_deviation()
    {
        const string file = "langfuse-python-hotel-award-booking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Goal Deviation", "loyalty-assistant/loyalty-assistant/chat-completion[3]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        // The nights' points, listed as [28000,32000], are two figures: the sum the answer gives is grounded.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact");

        // Asked to book it if he has enough: the booking is what was asked.
        var asked = Fixture.Edited(Folder, file, ("Not booking anything yet, just want to see where I stand before I talk to my wife.", "If I have enough, please book it."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(asked), f => f.Detector == "unasked-action");
    }

    [Fact]
    public void An_extension_the_answer_says_it_made_without_the_extension_tool_is_a_tool_related_hallucination()
    {
        const string file = "otlp-js-vercelai-car-rental-extension.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Tool-related hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains("extendReservation", a.Summary, StringComparison.Ordinal);

        // Offered, not claimed: nothing was said to be done.
        var offered = Fixture.Edited(Folder, file, ("I've extended", "I can extend"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(offered), f => f.Detector == "unsupported-fact" && f.Summary.Contains("extendReservation", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_terms_that_expired_before_the_question_retrieved_by_a_vector_query_are_poor_retrieval()
    {
        const string file = "otlp-js-openllmetry-roaming-plan-answer.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-source", "Poor Information Retrieval", "pinecone.query"), (a.Detector, a.Category?.L4, a.Cited?.Name));
        Assert.Contains(a.Evidence, e => e.Quote == "\"effective_to\":\"2023-06-30\"");
        Assert.Contains(a.Evidence, e => e.Quote == "$10");
        // The @task steps around a lookup and a vector query pass on what those returned: no words of their own.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Span.Name is "lookup_line.task" or "retrieve_context.task");

        // Terms still in force: nothing is out of date.
        var current = Fixture.Edited(Folder, file, ("2023-06-30", "2027-06-30"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(current), f => f.Detector == "stale-source");
    }

    [Fact]
    public void A_prompt_template_is_instructions_and_a_date_breaking_its_declared_iso_form_is_a_format_breach()
    {
        const string file = "langsmith-langchain-home-claim-intake.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Span.Name == "ChatPromptTemplate");
        var format = Assert.Single(findings, f => f.Detector == "output-format");
        Assert.Contains("loss_date is declared an ISO 8601 date", format.Summary, StringComparison.Ordinal);
        // "one of: escape_of_water, fire, ..." is read with its colon and bracket trimmed: escape_of_water is declared.
        Assert.DoesNotContain("loss_type", format.Summary, StringComparison.Ordinal);

        var iso = Fixture.Edited(Folder, file, ("03/07/2025", "2025-03-07"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(iso), f => f.Detector == "output-format");
    }

    [Fact]
    public void A_year_a_question_put_as_next_fall_resolved_against_the_runs_clock_is_grounded()
    {
        const string file = "phoenix-llamaindex-course-prereq.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Summary.Contains("2025", StringComparison.Ordinal));

        // No time relative to now in the question: the year is the rewrite's own.
        var absolute = Fixture.Edited(Folder, file, ("next fall", "in the autumn"));
        Assert.Contains(AttributionEngine.Default.Detect(absolute), f => f.Detector == "unsupported-fact" && f.Summary.Contains("2025", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"points_per_night\":[28000,32000]", new[] { "28000", "32000" })]
    [InlineData("paid 1,234,567 in total", new[] { "1,234,567" })]
    [InlineData("In 2023, the fee was 4500", new[] { "2023", "4500" })]
    [InlineData("EUR 1234,56", new string[0])]
    [InlineData("1234,567", new string[0])]
    public void A_comma_between_two_runs_of_four_digits_separates_two_numbers(string text, string[] numbers)
    {
        var facts = Engine.Text.Facts.Extract(text).Where(f => f.Kind == Engine.Text.FactKind.Number).Select(f => f.Written);
        Assert.Equal(numbers, facts);
    }

    [Fact]
    public void A_refill_of_a_record_the_instructions_exclude_by_a_field_is_instruction_non_compliance()
    {
        const string file = "flat-custom-pharmacy-refill.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("excluded-record", "Instruction Non-compliance", "rx_assistant.handle_message/llm.chat[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"dea_schedule\":\"C-IV\"");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("6109981", StringComparison.Ordinal));

        // No prescription carries a schedule: nothing the rule excludes was asked for.
        var allowed = Fixture.Edited(Folder, file, ("C-IV", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(allowed), f => f.Detector == "excluded-record");
    }

    [Fact]
    public void A_hand_rolled_llm_prompt_and_completion_in_the_providers_json_are_read_as_messages()
    {
        var view = GenAi.TraceView.Of(Fixture.Load(Folder, "flat-custom-pharmacy-refill.json"));
        var chat = view.Spans.Where(g => g.Span.Name == "llm.chat").ToList();
        Assert.Equal(3, chat.Count);
        Assert.Equal("system", chat[0].InputMessages[0].Role);
        Assert.Contains("dea_schedule", chat[0].InputMessages[0].Parts[0].Content, StringComparison.Ordinal);
        Assert.Equal(3, chat[1].OutputParts.Count(p => p.Kind == GenAi.PartKind.ToolCall && p.Name == "submit_refill_request"));
        // The refill calls are linked to the call that asked for them, with the arguments the tool spans recorded.
        Assert.All(view.ToolCalls.Calls.Where(c => c.Name == "submit_refill_request"), c => Assert.Same(chat[1], c.RequestedBy));
    }

    [Fact]
    public void A_carrier_booked_where_the_task_asks_for_the_cheapest_all_in_and_another_quote_totals_less_is_a_misreading()
    {
        const string file = "otlp-dotnet-meai-freight-liftgate-quote.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("extreme-pick", "Tool Output Misinterpretation", "POST \\/api\\/freight\\/assistant/orchestrate_tools/chat gpt-4o[2]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"total_usd\":938.87");
        Assert.Contains(a.Evidence, e => e.Quote == "\"total_usd\":870.77");

        // Asked for a carrier, not the cheapest: any quote may be booked.
        var any = Fixture.Edited(Folder, file, ("Book whichever carrier comes out cheapest all-in.", "Book one of the carriers."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(any), f => f.Detector == "extreme-pick");
        // The cheapest booked: the pick is right.
        var right = Fixture.Edited(Folder, file, ("\\\"total_usd\\\":870.77", "\\\"total_usd\\\":998.77"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "extreme-pick");
    }

    [Fact]
    public void An_answer_quoting_a_total_from_the_first_read_of_a_record_a_later_call_changed_is_a_context_handling_failure()
    {
        const string file = "otlpjsonl-python-langgraph-mealkit-swap.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("stale-value", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "$93.93");

        // The answer gives the total the swap returned: it read the latest record.
        var latest = Fixture.Edited(Folder, file, ("You'll be charged $93.93", "You'll be charged $84.93"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(latest), f => f.Detector == "stale-value");
    }
}
