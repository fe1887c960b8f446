namespace TraceRegress.AttributionTests;

/// <summary>
/// Content failures no error signal shows: a restriction the user stated (an allergy, a budget, "no red-eye flights",
/// who a figure applies to) lost where the history was trimmed or summarised and then broken by a step that never saw it
/// again, and an option picked from a tool's list against the instruction the picking call was given. Fourteen runs in
/// <c>Fixtures/context</c>, written as LangGraph (OpenInference and LangSmith), Semantic Kernel, Agent Framework and
/// Microsoft.Extensions.AI (OTLP) log them, labelled in their <c>.label.json</c> before any rule was written: nine
/// positives (four per rule and one that is the other rule's negative) and five negatives (a summary whose lost budget a
/// memory prompt restores, an honest summary, a trimmed restriction the answer honours anyway, the compliant booking, a
/// list with no compliant option).
/// <para>
/// Measured before the rules: 4/9 spans and 1/9 span and category right. After: 9/9 and 9/9, no negative cited by either
/// rule; on the blind set 16/20 → 18/20 (span and category).
/// </para>
/// </summary>
public class ContextHandlingTests
{
    private const string Folder = "context";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, detector: null);

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_restriction_kept_restored_or_honoured_is_no_finding(string file)
    {
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector is "context-lost" or "option-against-task");
    }

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 14, 9);

    [Fact]
    public void The_trimmed_restriction_and_the_record_that_breaks_it_are_quoted()
    {
        var a = Fixture.Attribute(Folder, "openinference-langgraph-trim-messages-drops-no-red-eye.json");
        Assert.Contains(a.Evidence, e => e.Quote == "no red-eye flights");
        Assert.Contains(a.Evidence, e => e.Quote == "\"red_eye\":true");
        Assert.Contains(a.Evidence, e => e.Quote == "DL 2466");
    }

    [Fact]
    public void A_summary_that_keeps_the_restriction_lets_the_model_answer_for_it()
    {
        // The same run, the summary now keeping the budget: the model saw it; the summariser is not cited.
        var kept = Detect("langsmith-langgraph-summary-drops-hotel-budget.json",
            ("in Parque das Nações. The assistant explained", "in Parque das Nações, with a budget of $150 a night at most. The assistant explained"));
        Assert.DoesNotContain(kept, f => f.Detector == "context-lost");
    }

    [Fact]
    public void A_summariser_told_to_keep_restrictions_that_drops_one_lost_the_context_and_says_it_was_told()
    {
        var told = Attribute("otlp-dotnet-sk-summarization-reducer-drops-shellfish-allergy.json",
            ("Focus on the most significant aspects of the dialog", "Keep every dietary restriction and allergy the user mentioned"));
        Assert.Equal(("invoke_agent ChefRemy/chat gpt-4o-mini", "Context Handling Failures"), (told.Cited?.Path, told.Category?.L4));
        Assert.Contains("though it was told to keep such restrictions", told.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allergy_written_as_a_kind_is_broken_by_an_answer_that_names_only_a_member()
    {
        // The user says only "shellfish"; the answer, which saw only the summary, proposes prawns.
        var stated = ("allergic to shellfish, so no prawns, shrimp, crab or mussels in anything.", "allergic to shellfish.");
        var answer = ("Go for a garlic butter shrimp and chorizo paella", "Go for a garlic butter prawn and chorizo paella");
        var a = Attribute("otlp-dotnet-sk-summarization-reducer-drops-shellfish-allergy.json", stated, answer);
        Assert.Equal(("invoke_agent ChefRemy/chat gpt-4o-mini", "Context Handling Failures"), (a.Cited?.Path, a.Category?.L4));
        Assert.Equal("context-lost", a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote == "prawn");

        // A member left out, or a dish of another kind, breaks nothing.
        var leftOut = Detect("otlp-dotnet-sk-summarization-reducer-drops-shellfish-allergy.json", stated,
            ("Go for a garlic butter shrimp and chorizo paella", "Go for a chicken and chorizo paella (I left out the prawns)"));
        Assert.DoesNotContain(leftOut, f => f.Detector == "context-lost");
        var other = Detect("otlp-dotnet-sk-summarization-reducer-drops-shellfish-allergy.json", stated,
            ("Go for a garlic butter shrimp and chorizo paella", "Go for a saffron chicken and chorizo paella"));
        Assert.DoesNotContain(other, f => f.Detector == "context-lost");
    }

    [Fact]
    public void A_pick_the_model_says_meets_the_restriction_is_a_misreading_and_one_it_does_not_claim_is_non_compliance()
    {
        var claimed = Attribute("otlp-python-agentframework-calls-one-stop-flight-non-stop.json");
        Assert.Equal("Tool Output Misinterpretation", claimed.Category?.L4);
        var silent = Attribute("otlp-python-agentframework-calls-one-stop-flight-non-stop.json",
            ("is a non-stop flight leaving Dublin", "leaves Dublin"), ("It's the earliest non-stop departure after 10:00.", "It's the earliest departure after 10:00."));
        Assert.Equal(("invoke_agent flight_finder/chat gpt-4.1[2]", "Instruction Non-compliance"), (silent.Cited?.Path, silent.Category?.L4));
    }

    [Fact]
    public void A_budget_is_broken_by_a_picked_rate_above_it_and_kept_by_one_below()
    {
        // The refundable Hoxton at EUR 214 a night, picked against "under EUR 200" while Motel One is EUR 149.
        (string, string) Task(int budget) => ("so the rate must be refundable. Something central.", $"so the rate must be refundable. Something central, and under EUR {budget} a night.");
        var pick = ("My pick is Hotel V Nesplein in Centrum at EUR 189 a night", "My pick is The Hoxton Amsterdam in Centrum at EUR 214 a night");
        var over = Attribute("openinference-langgraph-recommends-non-refundable-rate.json", Task(200), pick);
        Assert.Equal(("LangGraph/agent[2]/ChatOpenAI", "Instruction Non-compliance"), (over.Cited?.Path, over.Category?.L4));
        Assert.Contains(over.Evidence, e => e.Quote == "\"rate_eur\":214");
        var under = Detect("openinference-langgraph-recommends-non-refundable-rate.json", Task(250), pick);
        Assert.DoesNotContain(under, f => f.Detector == "option-against-task");
    }

    private static IReadOnlyList<Finding> Detect(string file, params (string From, string To)[] edits) => AttributionEngine.Default.Detect(Parse(file, edits));

    private static Attribution Attribute(string file, params (string From, string To)[] edits)
    {
        var trace = Parse(file, edits);
        var a = AttributionEngine.Default.Attribute(trace);
        Fixture.AssertEvidenceIsInSpans(trace, a);
        return a;
    }

    private static AgentTrace Parse(string file, params (string From, string To)[] edits) => Fixture.Edited(Folder, file, edits);
}
