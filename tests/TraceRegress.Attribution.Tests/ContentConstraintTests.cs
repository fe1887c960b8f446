using System.Text;
using TraceRegress.Engine.Detectors;
using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Failures no error signal shows, read from content: a query or instruction that drops a constraint the task writes
/// as words (non-stop, vegetarian, refundable, under two hundred euros, in Berlin); a tool that returns a namesake's
/// data for the right query; a negative outcome written in other words (a declined payment status, a waitlist flag,
/// insufficient funds). Each in flat spans, OTLP/JSON and Langfuse, with traces where the rules must not fire.
/// </summary>
public class ContentConstraintTests
{
    public static TheoryData<string, string, string, string> Positives() => new()
    {
        // A search query that keeps the flight but drops "non-stop"; the results have one stop each.
        { "flat-nonstop-flight-query-drops-nonstop.json", "plan_trip/chat gpt-4o[1]", "Poor Information Retrieval", "dropped-qualifier" },
        { "otlp-nonstop-flight-query-drops-nonstop.json", "plan_trip/chat gpt-4o[1]", "Poor Information Retrieval", "dropped-qualifier" },
        { "langfuse-nonstop-flight-query-drops-nonstop.json", "trip-planner/trip-planner/ChatOpenAI[1]", "Poor Information Retrieval", "dropped-qualifier" },
        // A search query without "vegetarian"; the answer recommends a steakhouse.
        { "flat-vegetarian-restaurant-query-drops-vegetarian.json", "concierge.run/chat gpt-4o-mini[1]", "Poor Information Retrieval", "dropped-qualifier" },
        { "otlp-vegetarian-restaurant-query-drops-vegetarian.json", "concierge.run/chat gpt-4o-mini[1]", "Poor Information Retrieval", "dropped-qualifier" },
        { "langfuse-vegetarian-restaurant-query-drops-vegetarian.json", "city-concierge/city-concierge/ChatOpenAI[1]", "Poor Information Retrieval", "dropped-qualifier" },
        // An orchestrator's instruction to its booking agent without "refundable"; the agent books a non-refundable fare.
        { "flat-orchestrator-drops-refundable.json", "travel_desk.run/invoke_agent Orchestrator[1]", "Instruction Non-compliance", "dropped-qualifier" },
        { "otlp-orchestrator-drops-refundable.json", "travel_desk.run/invoke_agent Orchestrator[1]", "Instruction Non-compliance", "dropped-qualifier" },
        { "langfuse-orchestrator-drops-refundable.json", "travel_desk.run/travel_desk.run/Orchestrator[1]", "Instruction Non-compliance", "dropped-qualifier" },
        // A budget written in words and a place, dropped from the query.
        { "otlp-hotel-query-drops-written-budget.json", "find_stay/chat gpt-4o[1]", "Poor Information Retrieval", "dropped-qualifier" },
        { "flat-docs-query-drops-open-source-and-place.json", "scout/chat gpt-4o-mini[1]", "Poor Information Retrieval", "dropped-qualifier" },

        // The right query, a namesake's figures: the model call that gave them as the task entity's.
        { "flat-search-returns-sibling-company.json", "research/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", "dropped-constraint" },
        { "otlp-search-returns-sibling-company.json", "research/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", "dropped-constraint" },
        { "langfuse-search-returns-sibling-company.json", "equity-research/equity-research/ChatOpenAI[2]", "Tool Output Misinterpretation", "dropped-constraint" },
        { "otlp-lookup-returns-other-bank.json", "analyst/chat gpt-4o[2]", "Tool Output Misinterpretation", "dropped-constraint" },

        // Negative outcomes in other words, reported as done.
        { "flat-bill-payment-declined-reported-paid.json", "assist/chat gpt-4o[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "otlp-bill-payment-declined-reported-paid.json", "assist/chat gpt-4o[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "langfuse-bill-payment-declined-reported-paid.json", "banking-assistant/banking-assistant/ChatOpenAI[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "flat-course-waitlisted-reported-enrolled.json", "enrol/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "otlp-course-waitlisted-reported-enrolled.json", "enrol/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "langfuse-course-waitlisted-reported-enrolled.json", "learning-desk/learning-desk/ChatOpenAI[2]", "Tool Output Misinterpretation", "negative-result-ignored" },
        { "otlp-transfer-insufficient-funds-reported-sent.json", "payments/chat gpt-4o[2]", "Tool Output Misinterpretation", "negative-result-ignored" },

        // "All three pallets have been dispatched" over a list whose second pallet is "held".
        { "flat-pallets-all-claimed-dispatched.json", "invoke_agent DispatchDesk/chat gpt-4o-mini[2]", "Tool Output Misinterpretation", "contradicted-claim" },
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_step_that_lost_the_constraint_or_misread_the_result_is_cited(string file, string path, string leaf, string detector)
    {
        var trace = Fixture.Load("content", file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.True(a.Cited?.Path == path && a.Category?.L4 == leaf && a.Detector == detector,
            $"{file}: expected {path} | {leaf} by {detector}, cited {a.Cited?.Path} | {a.Category?.L4} by {a.Detector}: {a.Summary}");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void The_dropped_word_and_what_came_back_against_it_are_quoted()
    {
        var a = Fixture.Attribute("content", "otlp-nonstop-flight-query-drops-nonstop.json");
        Assert.Contains(a.Evidence, e => e.Quote == "non-stop");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("stops\": 1", StringComparison.Ordinal));
        Assert.Equal(AttributionBasis.Inference, a.Basis);

        var refund = Fixture.Attribute("content", "flat-orchestrator-drops-refundable.json");
        Assert.Equal("Orchestrator", refund.Cited?.Agent);
        Assert.Contains(refund.Evidence, e => e.Quote == "refundable");
        Assert.Contains(refund.Evidence, e => e.Quote.Contains("non-refundable", StringComparison.Ordinal));

        var budget = Fixture.Attribute("content", "otlp-hotel-query-drops-written-budget.json");
        Assert.Contains("under two hundred euros", budget.Summary, StringComparison.Ordinal);
    }

    [Theory]
    // The constraint kept in other words.
    [InlineData("nonstop flights Oslo to Rome 10 July morning")]
    [InlineData("non stop flights Oslo to Rome 10 July morning")]
    [InlineData("direct flights Oslo to Rome 10 July morning")]
    [InlineData("non-stop flights Oslo to Rome 10 July morning")]
    public void A_query_that_keeps_the_qualifier_in_other_words_is_not_cited(string query)
    {
        var findings = Findings("flat-nonstop-flight-query-drops-nonstop.json", ("flights Oslo to Rome 10 July morning", query));
        Assert.DoesNotContain(findings, f => f.Detector == DroppedQualifierDetector.DetectorId);
    }

    [Fact]
    public void A_dropped_word_that_is_no_constraint_is_not_cited()
    {
        // Politeness and vague praise: "a nice flight" asks for nothing a result can break.
        var findings = Findings("flat-nonstop-flight-query-drops-nonstop.json", ("Find me a non-stop flight", "Please find me a nice flight"));
        Assert.DoesNotContain(findings, f => f.Detector == DroppedQualifierDetector.DetectorId);
    }

    [Fact]
    public void A_qualifier_restored_by_a_later_search_is_not_cited()
    {
        var trace = Fixture.Load("content", "flat-negative-vegetarian-restored-by-second-search.json");
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == DroppedQualifierDetector.DetectorId);
    }

    [Fact]
    public void A_result_that_honours_the_qualifier_is_not_cited()
    {
        // The search dropped "vegetarian", but what came back is a vegetarian place, and the answer says so.
        var findings = Findings("flat-vegetarian-restaurant-query-drops-vegetarian.json",
            ("steakhouse", "vegetarian"),
            ("I recommend Grill Royal Kreuzberg", "I recommend the vegetarian Grill Royal Kreuzberg"));
        Assert.DoesNotContain(findings, f => f.Detector == DroppedQualifierDetector.DetectorId);
    }

    [Theory]
    [InlineData("Find me a non-stop flight from Oslo to Rome.", "flights Oslo Rome", "non-stop")]
    [InlineData("Book a first-class ticket to Tokyo for Friday.", "ticket Tokyo Friday", "first-class")]
    [InlineData("Find peer-reviewed studies on intermittent fasting.", "studies intermittent fasting", "peer-reviewed")]
    [InlineData("Find a laptop under five hundred dollars.", "laptop deals", "under five hundred dollars")]
    [InlineData("Schedule three review meetings with the design team next month, excluding weekends.", "review meetings design team next month", "excluding weekends")]
    [InlineData("Schedule three review meetings with the design team next month, excluding weekends.", "review meetings design team weekends next month", "excluding weekends")]
    [InlineData("Recommend a hotel in Berlin near the zoo.", "hotel near the zoo", "in Berlin")]
    [InlineData("Find me a non-stop flight from Oslo to Rome.", "nonstop flights Oslo Rome", null)]
    [InlineData("Find me a non-stop flight from Oslo to Rome.", "direct flights Oslo Rome", null)]
    [InlineData("Find a laptop under five hundred dollars.", "laptop under $500", null)]
    [InlineData("Schedule three review meetings with the design team next month, excluding weekends.", "review meetings design team next month weekdays only", null)]
    [InlineData("Schedule three review meetings with the design team next month, excluding weekends.", "review meetings design team next month, no weekends", null)]
    [InlineData("Find a wheelchair-accessible hotel in Vienna.", "accessible hotel Vienna", null)]
    [InlineData("Please find me a nice hotel in Berlin.", "hotel Berlin", null)]
    [InlineData("What is the population of Bergen?", "Bergen population", null)]
    public void Qualifiers_are_the_words_that_limit_the_requested_object(string task, string query, string? dropped)
    {
        var words = Qualifiers.Tokenize(task);
        var found = Qualifiers.DroppedBy(task, words, Qualifiers.Requests(words), new Qualifiers.WordSet(query), query);
        if (dropped is null) Assert.Empty(found);
        else Assert.Contains(found, q => q.Written == dropped);
    }

    [Theory]
    [InlineData("At what time does the first Sunday train from Ashby Reach arrive at Kellingford?", "Kellingford Line timetable first train Ashby Reach", "Sunday")]
    [InlineData("How much did the council spend on grounds maintenance, excluding VAT?", "total grounds maintenance payments", "excluding VAT")]
    [InlineData("Which vegan bakeries open before 7am in Leeds?", "bakeries open before 7am Leeds", "vegan")]
    [InlineData("At what time does the first Sunday train from Ashby Reach arrive at Kellingford?", "Kellingford Sunday timetable first train Ashby Reach", null)]
    [InlineData("How much did the council spend on grounds maintenance, excluding VAT?", "grounds maintenance net amounts", null)]
    // A statement is no question, and a question that a request sentence already reads is read once.
    [InlineData("The first Sunday train from Ashby Reach arrives at Kellingford.", "Kellingford timetable first train Ashby Reach", null)]
    public void A_questions_qualifiers_are_read_as_a_requests(string task, string query, string? dropped)
    {
        var words = Qualifiers.Tokenize(task);
        var requests = Qualifiers.Requests(words);
        var found = Qualifiers.DroppedBy(task, words, Qualifiers.Questions(words, task, requests), new Qualifiers.WordSet(query), query);
        if (dropped is null) Assert.DoesNotContain(found, q => q.Written is "Sunday" or "excluding VAT");
        else Assert.Contains(found, q => q.Written == dropped);
    }

    [Theory]
    [InlineData("Sunday", "Mondays to Fridays", "Mondays to Fridays")]
    [InlineData("Sunday", "Timetable Monday-Friday", "Monday-Friday")]
    [InlineData("Saturday", "Weekdays only", "Weekdays")]
    [InlineData("Tuesday", "Open weekends", "weekends")]
    [InlineData("Sunday", "Saturdays through Mondays", null)]
    [InlineData("Sunday", "Mondays to Sundays", null)]
    [InlineData("Sunday", "Mondays, and Fridays after 6pm", null)]
    public void A_range_of_days_that_leaves_out_the_qualifiers_day_says_the_opposite(string day, string text, string? quote)
    {
        var q = new Qualifier(day, [day.ToLowerInvariant()], false, null);
        Assert.Equal(quote, Qualifiers.Contradiction(new Qualifiers.WordSet(text), text, q));
    }

    [Theory]
    [InlineData("Add up the gross amounts of the payments.", "gross", false)]
    [InlineData("Sum the amounts including VAT.", "VAT", false)]
    [InlineData("Add up the net amounts of the payments.", null, true)]
    [InlineData("Add up the amounts ex VAT.", null, true)]
    public void An_amount_excluding_VAT_is_the_net_one_and_the_gross_one_includes_it(string text, string? contradiction, bool states)
    {
        var q = new Qualifier("excluding VAT", ["vat"], true, null);
        var set = new Qualifiers.WordSet(text);
        Assert.Equal(contradiction, Qualifiers.Contradiction(set, text, q));
        Assert.Equal(states, Qualifiers.States(set, text, q));
    }

    [Fact]
    public void A_negated_qualifier_is_a_contradiction_not_a_keep()
    {
        var q = new Qualifier("refundable", ["refundable"], false, null);
        var text = "Fare Basic (non-refundable), EUR 189.";
        var set = new Qualifiers.WordSet(text);
        Assert.False(Qualifiers.States(set, text, q));
        Assert.Equal("non-refundable", Qualifiers.Contradiction(set, text, q));
    }

    [Theory]
    [InlineData("""{"payment_id": "pmt_5521", "payment_status": "declined", "decline_reason": "insufficient_funds"}""", "\"payment_status\": \"declined\"")]
    [InlineData("""{"enrollment": {"waitlisted": true, "waitlist_position": 4}}""", "\"waitlisted\": true")]
    [InlineData("""{"charge": {"result": "card_declined"}}""", "\"result\": \"card_declined\"")]
    [InlineData("""{"bookingState": "ON_HOLD"}""", "\"bookingState\": \"ON_HOLD\"")]
    [InlineData("""{"reservation": {"cancelled": true}}""", "\"cancelled\": true")]
    [InlineData("Transfer not executed: insufficient funds on the current account (available EUR 312.50).", "not executed")]
    [InlineData("No matching products found for 'usb-c dock'.", "No matching products found")]
    // Ordinary data: a title, an empty error list, a false cancellation flag, a positive status.
    [InlineData("""{"order_id": "ORD-88412", "order_status": "placed", "errors": [], "cancelled": false, "title": "Failed Startups"}""", null)]
    [InlineData("""{"product": "Declined Offers, Vol. 2", "in_stock": true, "price": 18.5}""", null)]
    [InlineData("""{"payment_status": "approved", "season": "closed season"}""", null)]
    public void Negative_outcomes_are_read_from_what_the_keys_and_values_mean(string result, string? outcome) =>
        Assert.Equal(outcome, NegativeResultIgnoredDetector.NegativeOutcome(result));

    [Fact]
    public void An_order_of_a_book_called_Failed_Startups_is_no_negative_result()
    {
        foreach (var format in (string[])["flat", "otlp", "langfuse"])
        {
            var trace = Fixture.Load("content", $"{format}-negative-book-titled-failed-startups-ordered.json");
            var findings = AttributionEngine.Default.Detect(trace);
            Assert.DoesNotContain(findings, f => f.Detector is "negative-result-ignored" or "error-ignored" or "tool-error-payload");
        }
    }

    [Fact]
    public void An_answer_that_reports_the_decline_is_not_cited()
    {
        var findings = Findings("flat-bill-payment-declined-reported-paid.json",
            ("Your electricity bill of EUR 86.40 to Stadtwerke Energie has been paid from your main account (payment pmt_5521).",
             "The payment of EUR 86.40 to Stadtwerke Energie was declined: your main account does not have enough funds."));
        Assert.DoesNotContain(findings, f => f.Detector == "negative-result-ignored");
    }

    [Fact]
    public void A_claim_about_every_record_is_read_only_against_the_records()
    {
        // Every pallet left: the claim is true.
        var all = Findings("flat-pallets-all-claimed-dispatched.json", ("held", "dispatched"));
        Assert.DoesNotContain(all, f => f.Detector == ContradictedClaimDetector.DetectorId);

        // An answer that says what is held claims nothing of every pallet.
        var told = Findings("flat-pallets-all-claimed-dispatched.json",
            ("Yes, Dana: all three pallets for G-114 have been dispatched with Coastway (PL-88201, PL-88202 and PL-88203), so you can book the forklift for tomorrow morning.",
             "Not yet, Dana: PL-88201 and PL-88203 have been dispatched with Coastway, but PL-88202 is held awaiting forklift-safe wrap."));
        Assert.DoesNotContain(told, f => f.Detector == ContradictedClaimDetector.DetectorId);
    }

    [Fact]
    public void A_result_that_names_the_task_entity_is_not_a_namesake()
    {
        var right = AttributionEngine.Default.Detect(Fixture.Load("content", "flat-negative-lookup-names-the-right-bank.json"));
        Assert.DoesNotContain(right, f => f.Summary.Contains("figures;", StringComparison.Ordinal));

        var energy = Findings("flat-search-returns-sibling-company.json", ("Siemens Healthineers closed", "Siemens Energy closed"));
        Assert.DoesNotContain(energy, f => f.Summary.Contains("figures;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Which country in the Americas had the second-largest output?", "in the Americas", "Rank all countries by output.", "all countries")]
    [InlineData("Which city in Texas has the most stations?", "in Texas", "Count the stations of every city.", "every city")]
    [InlineData("Which port in Europe handled the most containers?", "in Europe", "Compare ports worldwide by throughput.", "ports worldwide")]
    public void A_text_that_ranks_every_one_widens_a_place_the_task_narrowed(string task, string place, string text, string widened)
        => Assert.Equal(widened, DroppedQualifierDetector.Widened(task, text, new Qualifier(place, [place.Split(' ')[^1].ToLowerInvariant()], false, null)));

    [Theory]
    [InlineData("What is the combined capacity of the stations, in megawatts?", "in megawatts", "Add up all three capacities.")]
    [InlineData("Which country in the Americas had the second-largest output?", "in the Americas", "Rank the countries of the Americas by output.")]
    [InlineData("Which country in the Americas had the second-largest output?", "in the Americas", "Check all sources for the table.")]
    public void A_unit_or_a_text_that_keeps_to_the_place_widens_nothing(string task, string qualifier, string text)
        => Assert.Null(DroppedQualifierDetector.Widened(task, text, new Qualifier(qualifier, [qualifier.Split(' ')[^1].ToLowerInvariant()], false, null)));

    private static IReadOnlyList<Finding> Findings(string file, params (string From, string To)[] edits)
        => AttributionEngine.Default.Detect(Fixture.Edited("content", file, edits));
}
