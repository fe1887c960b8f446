using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A seventeenth blind measurement: twelve failing single-agent runs in twelve export shapes (Microsoft.Extensions.AI,
/// OpenLLMetry, the AI SDK, OpenTelemetry's Python instrumentation with events, Google ADK, Pydantic AI as Collector JSON
/// Lines, flat spans, Spring AI in Jaeger, Zipkin, OpenInference, Langfuse and LangSmith) and twelve TRAIL categories,
/// labelled (span, TRAIL leaf, why) and committed before the engine was run on any of them, by a writer who had read
/// neither the engine nor its documentation. Eight carry no error signal; two carry a retried 503 or 504 that is not the
/// cause; in two a real error (a 401, a 429) is the cause.
/// <para>
/// Measured on arrival: span right 8/12, span and category 4/12. After changes on principle, each with the case where it
/// must not fire (below): a section a document does not have ("rule 3.4") is named as written or not at all, never
/// computed; Pydantic AI's declared parameters carry their form rules, so a date sent as 05/09/2026 where the declaration
/// says YYYY-MM-DD is a formatting error; "check it's free and, if it is, put a hold on it" asks for the hold; a call the
/// instructions forbid until the user asks ("Never call book_test until the pupil has explicitly confirmed") is
/// Instruction Non-compliance, not only an unasked action; a value the user called out of date ("my old work phone") sent
/// to a tool anyway loses the conversation's context; a card number printed in groups is one number; "ISBN
/// 9781785152634" is the number a record gives; a catalogue's "Powers, Richard" is Richard Powers: span 9/12, span and
/// category 8/12. Then a step the instructions put after another ("check_vehicle_availability, then ... create_booking"),
/// issued in the same turn, and a quote's end of validity read as a deadline to accept it, not the end of what it prices:
/// 10/12 and 9/12. Then Anthropic request bodies written whole as the prompt (system, messages, tools) and response
/// content blocks as the completion are read, and "When can I drop it off" asks when: span 11/12, span and category
/// 9/12. Then the other party's value of a record's pair (lender_due_date beside patron_due_date) given to the user as
/// their own is a misread record: 11/12 and 10/12. Then a rate declared as a fraction that the service gives back as the
/// same number of percent ("discount_percent": 0.15) is a misdeclared scale: 12/12 and 11/12. The misses are pinned with what is cited instead and why no rule
/// reaches them; the arrival figures are the honest measure of how a fresh set fares.
/// </para>
/// </summary>
public class BlindHeldOut17Tests : BlindSingleAgentSet
{
    protected override string Folder => "blind17";

    protected override int MaxSpans => 40;

    /// <summary>File and the known miss ("path | leaf: why") when the engine does not cite the label; null when it does.</summary>
    public static TheoryData<string, string?> Runs() => new()
    {
        { "allotment_waiting_list.json", null },
        { "bulky_waste_collection.json", null },
        { "coach_hire.json", null },
        { "customs_tariff_lookup.json", null },
        { "dental_hygienist_booking.json", null },
        { "driving_test_booking.json", null },
        { "library_interloan.json", null },
        { "ski_hire.json", null },
        { "solar_export_tariff.json", null },
        { "uniform_exchange.json", "uniform_assistant.run/anthropic.messages[2] | Poor Information Retrieval: the model's own errand (a stock search, then a reservation) starts at the right call, but a search for what the user never asked for reads as a query that left out the task's \"grey trousers\"; the reservation it led to is found as an unasked action one call later" },
        { "vet_vaccination_reminders.json", null },
        { "wedding_venue.jsonl", null },
    };

    [Fact]
    public void A_section_the_document_does_not_have_is_invented()
    {
        const string file = "allotment_waiting_list.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unsupported-fact", "Language-only hallucination"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "3.4");

        // The rules do have a 3.4: the reference is grounded.
        var stated = Fixture.Edited(Folder, file, ("a third decline removes them from the list.", "a third decline removes them from the list. 3.4 Tenants of a half plot keep their place on the full-plot waiting list."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(stated), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "3.4"));

        var reference = Assert.Single(Facts.Extract("Under rule 3.4 you keep your place."), f => f.Kind == FactKind.Number);
        Assert.True(reference.Reference);
        Assert.False(Assert.Single(Facts.Extract("It weighs 3.4 kg."), f => f.Kind == FactKind.Number).Reference);
    }

    [Fact]
    public void The_lenders_due_date_given_as_the_members_own_is_a_misread_record()
    {
        const string file = "library_interloan.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("other-party-value", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("lender_due_date", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "28 March");

        // The member's own date given, and the lender's named as the lender's: the record was read.
        var read = Fixture.Edited(Folder, file, ("needs to be back by **Friday 28 March**.", "needs to be back with us by **Friday 21 March** (the lender's own date is 28 March)."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == "other-party-value");

        // A user who does not speak for themselves asks for no value of their own.
        var third = Fixture.Edited(Folder, file, ("Hi, my card number is 2001 4487 2210. Can you check on my ILL", "Card 2001 4487 2210. Check ILL"), ("when do I have to have it back by", "when is it due back"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(third), f => f.Detector == "other-party-value");
    }

    [Fact]
    public void A_fraction_the_service_gives_back_as_a_percent_is_a_misdeclared_scale()
    {
        const string file = "ski_hire.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misdeclared-format", "Tool Definition Issues", "invocation/invoke_agent ski_hire_agent/call_llm[1]"), (a.Detector, a.Category?.L4, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "\"discount_percent\": 0.15");

        // The service gives the fraction back as 15 percent: it read the declared scale.
        var read = Fixture.Edited(Folder, file, ("""discount_percent\": 0.15""", """discount_percent\": 15"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(read), f => f.Detector == "misdeclared-format");
    }

    [Fact]
    public void A_date_sent_against_the_declared_form_of_a_pydantic_ai_tool_is_a_formatting_error()
    {
        const string file = "wedding_venue.jsonl";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("argument-format", "Formatting Errors"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("05/09/2026", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("YYYY-MM-DD", StringComparison.Ordinal));

        // Sent in the declared form: nothing to find.
        var iso = Fixture.Edited(Folder, file, ("05/09/2026", "2026-09-05"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(iso), f => f.Detector == "argument-format");
    }

    [Fact]
    public void An_action_asked_for_on_a_condition_is_asked_for()
    {
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "wedding_venue.jsonl")), f => f.Detector == "unasked-action");
        Assert.True(Requests.AsksAction("Could you check it's free and, if it is, put a hold on it for two weeks?"));
        Assert.True(Requests.AsksAction("Can you look at the slots and if so, book the first one?"));
        // Only questions joined to the check.
        Assert.False(Requests.AsksAction("Could you check it's free and, if it is, what the day rate is?"));
    }

    [Fact]
    public void A_call_the_instructions_forbid_until_the_user_asks_is_non_compliance()
    {
        const string file = "driving_test_booking.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("unasked-action", "Instruction Non-compliance"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Never call book_test until", StringComparison.Ordinal));

        // Without the rule the call is still unasked for, but breaks no instruction.
        var unruled = Fixture.Edited(Folder, file, ("Never call book_test until", "Call book_test once"));
        var unasked = Assert.Single(AttributionEngine.Default.Detect(unruled), f => f.Detector == "unasked-action");
        Assert.Equal("Goal Deviation", unasked.Category.L4);
    }

    [Fact]
    public void A_value_the_user_called_out_of_date_sent_to_a_tool_loses_the_context()
    {
        const string file = "vet_vaccination_reminders.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("retracted-value", "Context Handling Failures"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("my old work phone", StringComparison.Ordinal));

        // The reminders went to the number the user gave as the new one.
        var kept = Fixture.Edited(Folder, file, ("""\\\"phone\\\":\\\"07700 900118""", """\\\"phone\\\":\\\"07700 900461"""), ("""\"phone\":\"07700 900118""", """\"phone\":\"07700 900461"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "retracted-value");
    }

    [Fact]
    public void A_card_number_in_groups_an_isbn_and_a_surname_first_author_are_the_values_a_record_gives()
    {
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "library_interloan.json")), f => f.Detector == "dropped-constraint");

        var card = Assert.Single(Facts.Extract("Hi, my card number is 2001 4487 2210. Thanks"), f => f.Kind == FactKind.Number);
        Assert.Equal(200144872210m, card.Value);
        var isbn = Assert.Single(Facts.Extract("the hardback, ISBN 9781785152634, is on order"));
        Assert.Equal((FactKind.Number, 9781785152634m), (isbn.Kind, isbn.Value));
        // A UUID's groups are no number; two groups stay two figures.
        Assert.DoesNotContain(Facts.Extract("id dcf54744-a275-4891-99dc-0448a1121457"), f => f.Kind == FactKind.Number && f.Value > 1_000_000);
        Assert.Equal(2, Facts.Extract("between 1998 2003 only").Count(f => f.Kind == FactKind.Number));
    }

    [Fact]
    public void A_step_the_instructions_put_after_another_issued_beside_it_is_orchestration()
    {
        const string file = "coach_hire.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("parallel-dependency", "Task Orchestration"), (a.Detector, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "check_vehicle_availability, then create the booking with create_booking");

        // Instructions that put no order between the two.
        var unordered = Fixture.Edited(Folder, file, (", then create the booking", ", and create the booking"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unordered), f => f.Detector == "parallel-dependency");
    }

    [Fact]
    public void A_quotes_end_of_validity_is_a_deadline_to_accept_it()
    {
        const string file = "coach_hire.json";
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "stale-source");

        // The same record with no quote in it dates what it describes.
        var record = Fixture.Edited(Folder, file, ("quote_id", "record_id"));
        Assert.Contains(AttributionEngine.Default.Detect(record), f => f.Detector == "stale-source");
    }

    [Fact]
    public void An_anthropic_request_body_written_as_the_prompt_is_read_message_by_message()
    {
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, "uniform_exchange.json"));
        // The reservation is seen as a call of the model, and the user's question as what was asked.
        var unasked = Assert.Single(findings, f => f.Detector == "unasked-action");
        Assert.Contains("reserve_items", unasked.Summary, StringComparison.Ordinal);
        Assert.Contains(unasked.Evidence, e => e.Quote.StartsWith("When can I drop it off this week", StringComparison.Ordinal));

        // "When can I ..." asks when, of the writer's own doing; "can we move it" asks for the move.
        Assert.False(Requests.AsksAction("When can I drop it off this week?"));
        Assert.True(Requests.AsksAction("Can we move it to Friday?"));
    }
}
