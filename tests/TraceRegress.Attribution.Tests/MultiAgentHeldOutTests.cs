using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A held-out measurement of multi-agent attribution: fourteen failed runs (six and four more in later batches, below) written and labelled after the rules of
/// <see cref="MultiAgentLabelTests"/> existed and before the engine was run on them, seven Magentic-One orchestrator logs
/// (Orchestrator ledgers and instructions, WebSurfer, FileSurfer, Coder, ComputerTerminal) and seven AutoGen/CaptainAgent
/// group chats (named experts, a <c>Computer_terminal</c> that runs their code). Every turn is an <c>invoke_agent</c> span
/// with status OK (6 to 22 turns); the label is the decisive step (the earliest step whose correction would have made the run succeed) and
/// its agent, as a person reading the log would give it. The mistakes are the kinds people label in such logs: a misread
/// page, a year from memory, a filter that runs fine but is wrong, a plan that drops a constraint, a loop ending in an
/// estimate, an orchestrator misreading a file the file surfer showed faithfully, a wrong fact in the fact sheet, an
/// April-and-May "quarter", a verifier confirming a remembered height its search never showed, a search result for the
/// wrong work, mph used as km/h, a public holiday not removed, a guessed ISBN, a count claimed for code that never ran.
/// <para>
/// Measured before any rule was changed for them (step right / agent right, of 7 each):
/// orchestrator logs without the expected answer 5/7 step, 5/7 agent, with it 5/7, 5/7;
/// group chats without it 6/7, 6/7, with it 6/7, 6/7.
/// Missed: the plan that drops "non-stop" (the surfer who faithfully reported the cheapest flight is cited), the
/// orchestrator that read the beef lasagne's price for the vegetable one (the file surfer that showed the menu is cited),
/// and the expert who counted weekdays without removing the holiday (the verifier who restated the count is cited).
/// </para>
/// <para>
/// After two rule changes made on principle (not for these runs): a step that ties a value a surfer only showed to
/// what the task asks about, where the page ties it to something else, misread the page (the orchestrator is cited,
/// not the file surfer); and a value a terminal printed as a code's own result belongs to that code's author even when
/// an earlier printout (a calendar, a table) happened to hold the same number. Then: orchestrator logs 6/7 step and
/// 6/7 agent in both modes; group chats 7/7 and 7/7 in both modes. The plan that drops "non-stop" stays a known miss.
/// </para>
/// <para>
/// A second batch of six (three of each, the last six rows) was written and labelled after those changes, before the
/// engine saw it: orchestrator logs 3/3 step and agent in both modes; group chats without the expected answer 1/3 step,
/// 2/3 agent, with it 2/3 step, 2/3 agent. Missed: the expert who read the second-highest regional total as the highest
/// (without the expected answer the region's name was traced to the code that printed the data's first rows), and the
/// expert who gave the equinox a day late from memory (the code that subtracted it, writing the date as
/// <c>date(2023, 3, 21)</c>, was cited). Two more rules, again on principle, reach both: a printout holding the value
/// among three or more others of its kind, or a name among four or more printed rows, is a listing that whoever singled
/// the value out picked from; and a date a step's code writes as a constructor call is that date when its origin is
/// looked for.
/// </para>
/// <para>
/// A third batch of four (two of each, the last four rows) was written and labelled after all of that, before the
/// engine saw it: orchestrator logs 1/2 step and agent in both modes, group chats 2/2 and 2/2 in both modes. Missed: the
/// orchestrator that took a namesake's medal year from search results (the surfer that showed them was cited). One more
/// rule reaches it: a step that takes a value whose line states none of the task's checkable facts, while another
/// value's line states one ("b. 1948" for the painter born in 1948), took the value of another thing and misread the page.
/// Over all three batches, each measured before the rules changed for it: orchestrator logs 9/12 step and agent in both
/// modes; group chats 9/12 step, 10/12 agent without the expected answer, 10/12 and 10/12 with it. All twenty-four runs
/// are now cited at the labelled step and agent in both modes, except the dropped "non-stop".
/// </para>
/// </summary>
public class MultiAgentHeldOutTests
{
    private const string Folder = "multiagent-heldout";

    /// <summary>File, labelled step (0-based, in the order the messages were logged), labelled agent, known miss without the expected answer, known miss with it ("step agent: why").</summary>
    public static TheoryData<string, int, string, string?, string?> Runs() => new()
    {
        // Magentic-One: the human's request is step 0.
        { "magentic-one-surfer-answers-with-building-total.json", 17, "WebSurfer", null, null },
        { "magentic-one-orchestrator-year-from-memory.json", 18, "Orchestrator", null, null },
        { "magentic-one-coder-counts-the-boundary.json", 9, "Coder", null, null },
        { "magentic-one-plan-drops-non-stop.json", 1, "Orchestrator", DropsNonStop, DropsNonStop },
        { "magentic-one-loop-then-estimate.json", 18, "Orchestrator", null, null },
        { "magentic-one-orchestrator-misreads-menu.json", 10, "Orchestrator", null, null },
        { "magentic-one-plan-year-from-memory.json", 1, "Orchestrator", null, null },

        // CaptainAgent group chats: step 0 restates the task and the manager's plan.
        { "groupchat-quarter-filter-misses-june.json", 3, "DataAnalysis_Expert", null, null },
        { "groupchat-height-from-memory-confirmed.json", 1, "Geography_Expert", null, null },
        { "groupchat-composer-of-the-film.json", 3, "Music_Expert", null, null },
        { "groupchat-mph-used-as-kmh.json", 1, "Math_Expert", null, null },
        { "groupchat-holiday-not-removed.json", 3, "Calendar_Expert", null, null },
        { "groupchat-isbn-guessed-after-failed-search.json", 5, "Literature_Expert", null, null },
        { "groupchat-count-claimed-without-running.json", 7, "DataAnalysis_Expert", null, null },

        // A second batch, written and labelled after the first changes and before the engine was run on it.
        { "magentic-one-surfer-reads-next-year.json", 13, "WebSurfer", null, null },
        { "magentic-one-orchestrator-swaps-digits-for-coder.json", 6, "Orchestrator", null, null },
        { "magentic-one-orchestrator-truncates-mean.json", 14, "Orchestrator", null, null },
        { "groupchat-second-highest-read-as-highest.json", 5, "DataAnalysis_Expert", null, null },
        { "groupchat-equinox-date-from-memory.json", 1, "Astronomy_Expert", null, null },
        { "groupchat-verifier-misplaces-percent.json", 3, "Verification_Expert", null, null },

        // A third batch, written and labelled after every change above and before the engine was run on it.
        { "magentic-one-orchestrator-takes-namesake.json", 6, "Orchestrator", null, null },
        { "magentic-one-coder-divides-to-convert.json", 9, "Coder", null, null },
        { "groupchat-verifier-makes-threshold-inclusive.json", 4, "Verification_Expert", null, null },
        { "groupchat-tower-year-for-established.json", 5, "History_Expert", null, null },
    };

    private const string DropsNonStop =
        "9 WebSurfer: the plan and every instruction leave out \"non-stop\", a constraint written as a word, not a number, date, id or quoted name; the surfer that reported the cheapest flight of all is where VK 212 entered";

    [Theory]
    [MemberData(nameof(Runs))]
    public void Without_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWith;
        Check(file, expected: null, step, agent, missWithout);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void With_the_expected_answer_the_labelled_step_and_agent_are_cited(string file, int step, string agent, string? missWithout, string? missWith)
    {
        _ = missWithout;
        Check(file, ExpectedAnswer(file), step, agent, missWith);
    }

    [Fact]
    public void Every_run_is_a_multi_agent_run_of_realistic_length_with_no_error_status_and_an_expected_answer()
    {
        foreach (var row in Runs())
        {
            var file = (string)row[0]!;
            var trace = Fixture.Load(Folder, file);
            Assert.All(trace.Spans, s => Assert.NotEqual(SpanStatusCode.Error, s.Status.Code));
            var steps = Steps(trace);
            Assert.True(steps.Select(s => CitedSpan.AgentOf(s)).Distinct().Count() >= 3, file);
            Assert.InRange(steps.Count, 6, 40);
            Assert.False(string.IsNullOrWhiteSpace(ExpectedAnswer(file)), file);
        }
    }

    private static void Check(string file, string? expected, int step, string agent, string? knownMiss) =>
        LabelledRun.Check(Folder, file, expected, step, agent, knownMiss);

    private static List<Span> Steps(AgentTrace trace) => LabelledRun.Steps(trace);

    private static string ExpectedAnswer(string file) => LabelledRun.ExpectedAnswer(Folder, file);
}
