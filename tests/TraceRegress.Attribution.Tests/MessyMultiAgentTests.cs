using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Longer, messier multi-agent runs: sixteen failed runs of 20 to 30 logged messages, eight Magentic-One orchestrator
/// logs (task and progress ledgers, instructions, WebSurfer pages with cookie banners, pop-ups and date pickers,
/// FileSurfer spreadsheets, Coder scripts that fail and are fixed, ComputerTerminal) and eight CaptainAgent group chats
/// (named experts, a <c>Computer_terminal</c> that answers failed imports, failed installs, rate-limited searches and
/// "no code to execute", verifiers that confirm without checking, <c>FINAL ANSWER:</c> and rounds of <c>TERMINATE</c>).
/// Every turn is an <c>invoke_agent</c> span with status OK. The label is the decisive step (the earliest step whose
/// correction would have made the run succeed) and its agent, as a person reading the log would give it, written
/// before the engine was run on these runs.
/// <para>
/// Measured before any rule was changed for them (step right / agent right, of 8 each): orchestrator logs without the
/// expected answer 5/8 step, 6/8 agent, with it 5/8, 6/8; group chats without it 8/8, 8/8, with it 7/8 step, 8/8 agent.
/// Missed: the plan that leaves out the guest rating of at least 8.5 (the surfer that faithfully reported the cheapest
/// hotel within 1 km was cited), the instruction that asked for the 2021 report where the task asks about 2022 (the
/// surfer that read the 2021 figure was cited), the surfer that opened a namesake theatre's website (the page it read the
/// capacity from was cited), and, with the expected answer, the analysis that left out the elevation threshold (the
/// verifier's printed table lists the right station among all the others, and its note "ahead of Ardcraig" was read as
/// the right answer stated and then lost).
/// </para>
/// <para>
/// After two rule changes made on principle: a coordinator's plan or instruction that changes a checkable constraint of
/// the task (another year) or restates the task without one while keeping two or more others is cited when the worker
/// that brought in the answer's value worked under it; and, with an expected answer, a printout that lists the right
/// value as one row among others, or a turn that names it beside the wrong final value, is not where the right answer
/// was stated. Then: orchestrator logs 7/8 step and 8/8 agent in both modes; group chats 8/8 and 8/8 in both modes.
/// The namesake theatre stays a known miss.
/// </para>
/// </summary>
public class MessyMultiAgentTests
{
    private const string Folder = "multiagent-messy";

    /// <summary>File, labelled step (0-based, in the order the messages were logged), labelled agent, known miss without the expected answer, known miss with it ("step agent: why").</summary>
    public static TheoryData<string, int, string, string?, string?> Runs() => new()
    {
        // Magentic-One: the human's request is step 0.
        { "magentic-one-surfer-reads-district-row.json", 21, "WebSurfer", null, null },
        { "magentic-one-coder-sums-total-row.json", 17, "Coder", null, null },
        { "magentic-one-plan-drops-rating-threshold.json", 1, "Orchestrator", null, null },
        { "magentic-one-surfer-opens-namesake-theatre.json", 9, "WebSurfer", NamesakeTheatre, NamesakeTheatre },
        { "magentic-one-orchestrator-asks-for-wrong-year.json", 10, "Orchestrator", null, null },
        { "magentic-one-final-answer-rounds-exact-total.json", 24, "Orchestrator", null, null },
        { "magentic-one-coder-prints-mean-as-median.json", 17, "Coder", null, null },
        { "magentic-one-orchestrator-gives-wrong-conversion.json", 14, "Orchestrator", null, null },

        // CaptainAgent group chats: step 0 restates the task and the manager's plan.
        { "groupchat-summit-height-from-memory-after-failed-searches.json", 11, "Geography_Expert", null, null },
        { "groupchat-category-filter-matches-subcategories.json", 5, "DataAnalysis_Expert", null, null },
        { "groupchat-density-used-in-wrong-units.json", 8, "Math_Expert", null, null },
        { "groupchat-exact-total-rounded-in-final-answer.json", 16, "Verification_Expert", null, null },
        { "groupchat-prize-year-of-a-namesake.json", 5, "Architecture_Expert", null, null },
        { "groupchat-wettest-station-ignores-elevation.json", 5, "DataAnalysis_Expert", null, null },
        { "groupchat-verifier-compounds-monthly.json", 8, "Verification_Expert", null, null },
        { "groupchat-reads-next-row-of-visitor-table.json", 7, "DataAnalysis_Expert", null, null },
    };

    private const string NamesakeTheatre =
        "13 WebSurfer: the surfer clicked the Dunmore theatre's site where the task names Ashby-on-Wyre; nothing on the page it then read says it is the wrong theatre, and the capacity it reported entered there";

    [Theory]
    [MemberData(nameof(Runs))]
    public void Without_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWith;
        LabelledRun.Check(Folder, file, expected: null, step, agent, missWithout);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void With_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWithout;
        LabelledRun.Check(Folder, file, LabelledRun.ExpectedAnswer(Folder, file), step, agent, missWith);
    }

    [Fact]
    public void Every_run_is_a_long_multi_agent_run_with_no_error_status_and_an_expected_answer()
    {
        foreach (var row in Runs()) LabelledRun.AssertRealistic(Folder, (string)row[0]!, (int)row[1]!, (string)row[2]!, 20, 50);
    }
}
