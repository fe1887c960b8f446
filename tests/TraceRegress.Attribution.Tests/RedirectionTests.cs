using System.Text;
using System.Text.Json;
using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A coordinator's plan or instruction that changes a constraint of the task (another year) or restates the task without
/// one of its constraints: the worker that then brought in the answer's value answered the question it was given, and
/// the coordinator's step is cited. And, with an expected answer, a printout that lists the right value among others
/// of its kind is no statement of it: whoever picked another row is where the wrong value entered.
/// </summary>
public class RedirectionTests
{
    private const string Task = "According to the Loch Fennick reserve's annual report, how many bird species were recorded on the reserve in 2022?";

    private static string Ledger(string instruction) =>
        "Updated Ledger:\n{\n  \"is_request_satisfied\": {\n    \"reason\": \"The figure has not been found.\",\n    \"answer\": false\n  },\n"
        + "  \"next_speaker\": {\n    \"reason\": \"WebSurfer is best placed to take the next step.\",\n    \"answer\": \"WebSurfer\"\n  },\n"
        + $"  \"instruction_or_question\": {{\n    \"reason\": \"Continue with the plan.\",\n    \"answer\": {JsonSerializer.Serialize(instruction)}\n  }}\n}}";

    /// <summary>A Magentic-One style log: one flat <c>invoke_agent</c> span per message, every status OK.</summary>
    private static AgentTrace Run(params (string Agent, string Text)[] turns)
    {
        var spans = turns.Select((t, i) => new Dictionary<string, object?>
        {
            ["traceId"] = "5f1e2d3c4b5a69788796a5b4c3d2e1f0",
            ["spanId"] = $"5f1e2d3c4b5a{i + 1:x4}",
            ["parentSpanId"] = null,
            ["operationName"] = "invoke_agent " + t.Agent,
            ["startTime"] = $"2026-06-10T09:00:{i * 2:00}.000Z",
            ["duration"] = 1000,
            ["status"] = new Dictionary<string, string> { ["code"] = "OK" },
            ["attributes"] = new Dictionary<string, string> { ["gen_ai.operation.name"] = "invoke_agent", ["gen_ai.agent.name"] = t.Agent, ["output.value"] = t.Text },
        });
        return AgentTrace.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { spans })), "run.json");
    }

    private static AgentTrace Reserve(string instruction, string page, string? restore = null)
    {
        var turns = new List<(string, string)>
        {
            ("human", Task),
            ("Orchestrator (thought)", Ledger(instruction)),
            ("Orchestrator (-> WebSurfer)", instruction),
            ("Orchestrator (thought)", "Next speaker WebSurfer"),
        };
        if (restore is not null)
        {
            turns.Add(("Orchestrator (thought)", Ledger(restore)));
            turns.Add(("Orchestrator (-> WebSurfer)", restore));
        }

        turns.Add(("WebSurfer", page));
        turns.Add(("Orchestrator (final answer)", "The reserve recorded 142 bird species."));
        turns.Add(("Orchestrator (termination condition)", "No agent selected.\nFINAL ANSWER: 142"));
        return Run([.. turns]);
    }

    private const string Page2021 = "I clicked 'Annual Report 2021'.\nLoch Fennick reserve annual report 2021\nBird species recorded on the reserve: 142 (2020: 137)\nBreeding species: 71";

    [Fact]
    public void An_instruction_that_asks_for_another_year_than_the_task_is_cited_when_the_worker_followed_it()
    {
        var trace = Reserve("Open the Loch Fennick reserve annual report for 2021 and read the number of bird species recorded.", Page2021);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(trace.Spans[1].SpanId, a.Cited?.SpanId);
        Assert.Equal("Task Orchestration", a.Category?.L4);
        Assert.True(DroppedConstraintDetector.IsRedirection(a.Detector, a.Summary), a.Summary);
        Assert.Contains(a.Evidence, e => e.Quote == "2021");
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }

    [Fact]
    public void An_instruction_that_only_navigates_without_the_tasks_year_is_not_cited()
    {
        // "Open the reports page" needs no year: the surfer that read the figure is where it entered.
        var trace = Reserve("Open the Loch Fennick reserve annual reports page and read the number of bird species recorded.", Page2021);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal("WebSurfer", a.Cited?.Agent);
        Assert.DoesNotContain(a.OtherFindings, DroppedConstraintDetector.IsRedirection);
    }

    [Fact]
    public void A_changed_year_the_worker_never_went_to_is_not_cited()
    {
        // The instruction says 2021, but what the surfer returned shows no 2021: it did not work on the other year.
        var page = "I clicked 'Annual Report'.\nLoch Fennick reserve annual report\nBird species recorded on the reserve: 142\nBreeding species: 71";
        var a = AttributionEngine.Default.Attribute(Reserve("Open the Loch Fennick reserve annual report for 2021 and read the number of bird species recorded.", page));
        Assert.Equal("WebSurfer", a.Cited?.Agent);
        Assert.DoesNotContain(a.OtherFindings, DroppedConstraintDetector.IsRedirection);
    }

    [Fact]
    public void A_changed_year_put_right_before_the_worker_acted_is_not_cited()
    {
        var a = AttributionEngine.Default.Attribute(Reserve(
            "Open the Loch Fennick reserve annual report for 2021 and read the number of bird species recorded.", Page2021,
            restore: "Sorry: open the Loch Fennick reserve annual report for 2022 and read the number of bird species recorded."));
        Assert.False(DroppedConstraintDetector.IsRedirection(a.Detector, a.Summary), a.Summary);
        Assert.DoesNotContain(a.OtherFindings, DroppedConstraintDetector.IsRedirection);
    }

    [Fact]
    public void A_plan_that_keeps_the_rating_threshold_is_not_cited_for_the_instructions_that_leave_it_out()
    {
        const string file = "magentic-one-plan-drops-rating-threshold.json";
        var text = File.ReadAllText(Fixture.Path("multiagent-messy", file));
        const string sheet = "- The hotel must be within 1 km of Oriente station in Lisbon.";
        Assert.Contains(sheet, text, StringComparison.Ordinal);
        text = text.Replace(sheet, sheet + "\\n- The hotel must have a guest rating of at least 8.5 on Staywise.", StringComparison.Ordinal);
        var trace = AgentTrace.Parse(Encoding.UTF8.GetBytes(text), file);
        var a = AttributionEngine.Default.Attribute(trace);
        // Each later instruction keeps at most one of the task's constraints: a step of the work, not a restatement of it.
        Assert.Equal("WebSurfer", a.Cited?.Agent);
        Assert.DoesNotContain(a.OtherFindings, DroppedConstraintDetector.IsRedirection);
    }

    [Fact]
    public void A_plan_that_restates_the_task_without_the_rating_threshold_is_cited()
    {
        const string file = "magentic-one-plan-drops-rating-threshold.json";
        var trace = Fixture.Load("multiagent-messy", file);
        var a = AttributionEngine.Default.Attribute(trace);
        Assert.Equal(LabelledRun.Steps(trace)[1].SpanId, a.Cited?.SpanId);
        Assert.Equal("Task Orchestration", a.Category?.L4);
        Assert.Contains("8.5", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_expected_answer_a_printed_table_that_lists_it_among_other_rows_is_not_where_it_was_lost()
    {
        const string file = "groupchat-wettest-station-ignores-elevation.json";
        var trace = Fixture.Load("multiagent-messy", file);
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = "Ardcraig" });
        Assert.DoesNotContain(" is lost at ", a.Summary, StringComparison.Ordinal);
        Assert.Equal(LabelledRun.Steps(trace)[5].SpanId, a.Cited?.SpanId);
    }

    [Fact]
    public void With_the_expected_answer_a_value_a_code_printed_alone_and_an_expert_stated_is_still_lost_where_it_was_replaced()
    {
        const string file = "groupchat-verifier-compounds-monthly.json";
        var trace = Fixture.Load("multiagent-messy", file);
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = "3163.30" });
        Assert.Contains(" is lost at ", a.Summary, StringComparison.Ordinal);
        Assert.Equal("Verification_Expert", a.Cited?.Agent);
    }
}
