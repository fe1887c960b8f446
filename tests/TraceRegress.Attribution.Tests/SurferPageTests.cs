using System.Text;
using System.Text.Json.Nodes;

namespace TraceRegress.AttributionTests;

/// <summary>
/// Small orchestrator runs, each written for one rule of where a surfer's value or a coordinator's instruction went
/// wrong, with the run that differs only where the rule says it should not apply: a value shown after scrolling a page
/// entered with the click that opened it; a surfer's answer that relays the value's own line picked nothing, one that
/// ties it to another row did; an instruction that asks for "the most recent" member of what the task names by a
/// value is cited before the worker, and not when the task itself asks for the most recent; an answer adopted in so
/// many words ("we go with ... as our final answer") is the run's answer.
/// </summary>
public class SurferPageTests
{
    private const string Task = "According to the Marlow Ferries website, how many vehicles does the ferry MV Tarrant carry?";

    private static string Page(string action, string url, string ocr) =>
        $"{action}\n\nHere is a screenshot of [Marlow Ferries]({url}). The viewport shows 30% of the webpage, and is positioned at the top of the page.\nAutomatic OCR of the page screenshot has detected the following text:\n\n{ocr}";

    private static string Ledger(string speaker, string instruction) =>
        "Updated Ledger:\n" + new JsonObject
        {
            ["is_request_satisfied"] = new JsonObject { ["reason"] = "The figure has not been read.", ["answer"] = false },
            ["is_in_loop"] = new JsonObject { ["reason"] = "We are just starting.", ["answer"] = false },
            ["is_progress_being_made"] = new JsonObject { ["reason"] = "We are just starting.", ["answer"] = true },
            ["next_speaker"] = new JsonObject { ["reason"] = $"{speaker} can open local files.", ["answer"] = speaker },
            ["instruction_or_question"] = new JsonObject { ["reason"] = "Continue with the plan.", ["answer"] = instruction },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static AgentTrace Run(params (string Agent, string Text)[] turns)
    {
        var spans = new JsonArray();
        for (var i = 0; i < turns.Length; i++)
        {
            spans.Add(new JsonObject
            {
                ["traceId"] = "5e1f0a2b3c4d5e6f7a8b9c0d1e2f3a4b",
                ["spanId"] = $"5e1f0a2b3c4d{i + 1:x4}",
                ["parentSpanId"] = null,
                ["operationName"] = "invoke_agent " + turns[i].Agent,
                ["startTime"] = new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc).AddSeconds(4 * i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["duration"] = 3000,
                ["status"] = new JsonObject { ["code"] = "OK" },
                ["attributes"] = new JsonObject { ["gen_ai.operation.name"] = "invoke_agent", ["gen_ai.agent.name"] = turns[i].Agent, ["output.value"] = turns[i].Text },
                ["events"] = new JsonArray(),
            });
        }

        return AgentTrace.Parse(Encoding.UTF8.GetBytes(new JsonObject { ["spans"] = spans }.ToJsonString()), "run.json");
    }

    private static (int Step, string? Agent) Cited(AgentTrace trace, string? expected = null)
    {
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = expected });
        Fixture.AssertEvidenceIsInSpans(trace, a);
        return (LabelledRun.Steps(trace).FindIndex(s => s.SpanId == a.Cited!.SpanId), a.Cited!.Agent);
    }

    private static (string, string)[] FerryRun(string click, string readOut) =>
    [
        ("human", Task),
        ("Orchestrator (thought)", "Plan: WebSurfer opens the Marlow Ferries website and finds the MV Tarrant's vehicle capacity."),
        ("Orchestrator (-> WebSurfer)", "Search for Marlow Ferries and open the fleet page of the ferry company's own website."),
        ("WebSurfer", Page("I typed 'Marlow Ferries fleet' into the search bar.", "https://www.bing.com/search?q=Marlow+Ferries+fleet",
            "Marlow Ferries - Our fleet\nhttps://www.marlowferries.example.com/fleet\nMarlow Harbour car park and ferry terminal\nhttps://www.marlowharbour.example.com/parking")),
        ("Orchestrator (-> WebSurfer)", "Open the Marlow Ferries fleet page."),
        ("WebSurfer", Page(click, "https://www.marlowharbour.example.com/parking", "Marlow Harbour\nParking at the ferry terminal")),
        ("Orchestrator (-> WebSurfer)", "Scroll down to the vehicle figures."),
        ("WebSurfer", Page("I scrolled down one page in the browser.", "https://www.marlowharbour.example.com/parking",
            "Long stay car park: 140 vehicles\nShort stay car park: 60 vehicles\nCoach bays: 6")),
        ("Orchestrator (-> WebSurfer)", "How many vehicles does the page give?"),
        ("WebSurfer", readOut),
        ("Orchestrator (final answer)", "FINAL ANSWER: 140"),
    ];

    [Fact]
    public void A_value_shown_after_scrolling_a_page_entered_with_the_click_that_opened_it()
    {
        var trace = Run(FerryRun("I clicked 'Marlow Harbour car park and ferry terminal'.", "The long stay car park holds 140 vehicles."));
        Assert.Equal((5, "WebSurfer"), Cited(trace));
        Assert.Equal((5, "WebSurfer"), Cited(trace, "52"));
    }

    [Fact]
    public void A_surfer_answer_that_ties_the_value_to_another_line_picked_it()
    {
        // "Short stay" is the other line's: the surfer read 140 off the long-stay line as the short-stay figure.
        var trace = Run(FerryRun("I clicked 'Marlow Harbour car park and ferry terminal'.", "The short stay car park holds 140 vehicles."));
        Assert.Equal((9, "WebSurfer"), Cited(trace));
    }

    [Fact]
    public void An_instruction_that_asks_for_the_most_recent_member_of_what_the_task_names_by_a_value_is_cited_before_the_worker()
    {
        (string, string)[] Report(string task, string instruction) =>
        [
            ("human", task),
            ("Orchestrator (thought)", "Plan: FileSurfer opens the annual reports and reads the figure the task asks for."),
            ("Orchestrator (thought)", Ledger("FileSurfer", instruction)),
            ("Orchestrator (-> FileSurfer)", instruction),
            ("FileSurfer", "Address: file:///workspace/reports/annual_report_2023.md\nViewport position: Showing page 3 of 12.\n## Our year in numbers\nPassengers carried in 2023: 471,250\nPassengers carried in 2022: 455,900\nSailings operated: 9,812"),
            ("Orchestrator (-> FileSurfer)", "What passenger figure does the report give?"),
            ("FileSurfer", "The 2023 annual report, the most recent one, gives 471,250 passengers carried in 2023."),
            ("Orchestrator (final answer)", "FINAL ANSWER: 471,250"),
        ];

        var changed = Run(Report("How many passengers did Marlow Ferries carry according to its 2021 annual report in /workspace/reports?",
            "Open /workspace/reports and find the passenger figure of Marlow Ferries in the most recent annual report."));
        Assert.Equal((2, "Orchestrator"), Cited(changed));
        Assert.Equal((2, "Orchestrator"), Cited(changed, "412,300"));

        // The task itself asks for the most recent report: the same instruction changes nothing.
        var asked = Run(Report("How many passengers did Marlow Ferries carry according to its most recent annual report in /workspace/reports?",
            "Open /workspace/reports and find the passenger figure of Marlow Ferries in the most recent annual report."));
        Assert.Equal((4, "FileSurfer"), Cited(asked));
    }

    [Fact]
    public void An_answer_adopted_in_so_many_words_is_the_answer_not_the_premises_on_the_way()
    {
        var trace = Run(
            ("human", "In which town was the first Marlow Ferries office opened?"),
            ("History_Expert", "Let me search for the company's history.\n\n```python\nprint(search('Marlow Ferries history first office'))\n```"),
            ("Computer_terminal", "exitcode: 0 (execution succeeded)\nCode output: Marlow Ferries was founded in 1931 by the Tarrant family and now runs six routes."),
            ("History_Expert", "The result gives the founding year but not the town of the first office."),
            ("Verification_Expert", "The company was founded in 1931 and its first ferries sailed from Dunvane, so we go with Dunvane as our final answer.\n\nTERMINATE"));
        Assert.Equal((4, "Verification_Expert"), Cited(trace, "Kessock"));
    }
}
