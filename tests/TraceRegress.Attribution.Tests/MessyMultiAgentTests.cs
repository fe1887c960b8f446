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
/// </summary>
public class MessyMultiAgentTests
{
    private const string Folder = "multiagent-messy";

    /// <summary>File, labelled step (0-based, in the order the messages were logged), labelled agent.</summary>
    public static TheoryData<string, int, string> Runs() => new()
    {
        // Magentic-One: the human's request is step 0.
        { "magentic-one-surfer-reads-district-row.json", 21, "WebSurfer" },
        { "magentic-one-coder-sums-total-row.json", 17, "Coder" },
        { "magentic-one-plan-drops-rating-threshold.json", 1, "Orchestrator" },
        { "magentic-one-surfer-opens-namesake-theatre.json", 9, "WebSurfer" },
        { "magentic-one-orchestrator-asks-for-wrong-year.json", 10, "Orchestrator" },
        { "magentic-one-final-answer-rounds-exact-total.json", 24, "Orchestrator" },
        { "magentic-one-coder-prints-mean-as-median.json", 17, "Coder" },
        { "magentic-one-orchestrator-gives-wrong-conversion.json", 14, "Orchestrator" },

        // CaptainAgent group chats: step 0 restates the task and the manager's plan.
        { "groupchat-summit-height-from-memory-after-failed-searches.json", 11, "Geography_Expert" },
        { "groupchat-category-filter-matches-subcategories.json", 5, "DataAnalysis_Expert" },
        { "groupchat-density-used-in-wrong-units.json", 8, "Math_Expert" },
        { "groupchat-exact-total-rounded-in-final-answer.json", 16, "Verification_Expert" },
        { "groupchat-prize-year-of-a-namesake.json", 5, "Architecture_Expert" },
        { "groupchat-wettest-station-ignores-elevation.json", 5, "DataAnalysis_Expert" },
        { "groupchat-verifier-compounds-monthly.json", 8, "Verification_Expert" },
        { "groupchat-reads-next-row-of-visitor-table.json", 7, "DataAnalysis_Expert" },
    };

    [Fact]
    public void Every_run_is_a_long_multi_agent_run_with_no_error_status_and_an_expected_answer()
    {
        foreach (var row in Runs())
        {
            var file = (string)row[0]!;
            var step = (int)row[1]!;
            var agent = (string)row[2]!;
            var trace = Fixture.Load(Folder, file);
            Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
            var steps = LabelledRun.Steps(trace);
            Assert.True(steps.Select(s => CitedSpan.AgentOf(s)).Distinct().Count() >= 3, file);
            Assert.InRange(steps.Count, 20, 50);
            Assert.InRange(step, 0, steps.Count - 1);
            Assert.Equal(agent, CitedSpan.AgentOf(steps[step]));
            Assert.False(string.IsNullOrWhiteSpace(LabelledRun.ExpectedAnswer(Folder, file)), file);
        }
    }
}
