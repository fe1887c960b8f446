namespace TraceRegress.AttributionTests;

/// <summary>
/// A seventh held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs (22 to 42 turns; timeouts, a stall, a re-plan, tracebacks that are not the
/// mistake) and six CaptainAgent group chats (6 to 11 turns). Every turn is an <c>invoke_agent</c> span with status OK.
/// <para>
/// Measured before any rule was changed for them (step right / agent right, of 12): without the expected answer 4/12
/// step, 5/12 agent; with it 5/12, 5/12. The Magentic-One logs were 0/6 steps without it. After one change made on
/// principle (an answer value that first appears as a coordinator's right arithmetic on figures its workers reported is
/// traced to the earliest worker report it used): without the expected answer 5/12 step, 6/12 agent; with it 6/12,
/// 6/12. Then two more (a format string's template, <c>"Total: £{total:.2f}"</c>, is no quoted name; a last sentence
/// that newly states one figure and says it concludes, "The school will pay £230.00 in total.", states the answer, its
/// other figures the premises): 6/12 and 7/12 without the expected answer, 7/12 and 7/12 with it. Then a value a script
/// printed on a labelled line of its own is the script's result, its author's, however long the table before it: 8/12 and
/// 9/12 without the expected answer, 9/12 and 9/12 with it. Then a worker told to open one file that opened another is
/// cited (a rule made for the ninth batch): 9/12 and 10/12 without the expected answer. Then a failed code run the
/// team got past is no error the run ended on, so the team's own reports decide (a rule made for the fifteenth batch):
/// 10/12 and 10/12 without the expected answer. The misses are pinned, each with what is cited instead and why no rule
/// reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind7Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind7";

    protected override int MagenticOneTurns => 20;

    protected override int GroupChatTurns => 6;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string timetable = "1 Orchestrator: a clock time (18:15) is no fact the rules trace, so the answer's content enters nowhere and the first step that worked on the task is cited";
        const string draft = "18 Orchestrator: with the expected answer, the right variety's name stood in the plan and is read as lost where a ledger moved off it, before the wrong file is weighed";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "magentic-one-surfer-reads-the-archived-timetable.json", 17, "WebSurfer", timetable, timetable },
            { "magentic-one-surfer-takes-the-venue-capacity-from-a-snippet.json", 5, "WebSurfer", null, null },
            { "magentic-one-plan-takes-the-financial-year-as-the-calendar-year.json", 1, "Orchestrator", null, null },
            { "magentic-one-orchestrator-settles-for-last-season-count.json", 33, "Orchestrator", null, null },
            { "magentic-one-filesurfer-opens-the-draft-workbook.json", 9, "FileSurfer", null, draft },
            { "magentic-one-coder-drops-new-years-eve.json", 33, "Coder", null, null },
            { "groupchat-assumes-the-sample-log-is-in-date-order.json", 3, "WaterQuality_Expert", null, null },
            { "groupchat-expert-converts-nautical-miles-as-land-miles.json", 5, "UnitConversion_Expert", null, null },
            { "groupchat-expert-invents-the-2023-visitor-figure.json", 3, "DataAnalysis_Expert", null, null },
            { "groupchat-verifier-misquotes-the-free-places-rule.json", 7, "Verification_Expert", null, null },
            { "groupchat-joins-stations-on-a-shared-name.json", 5, "TransitData_Expert", null, null },
            { "groupchat-expert-halves-the-half-hourly-kwh.json", 1, "DataAnalysis_Expert", null, null },
        };
    }


    [Fact]
    public void A_coordinators_right_arithmetic_on_a_workers_figure_is_traced_to_the_workers_report()
    {
        // "2,150 - 1,120 = 1,030": the sum is right; the surfer that took the building's capacity for the hall's is cited.
        var a = Fixture.Attribute(Folder, "magentic-one-surfer-takes-the-venue-capacity-from-a-snippet.json");
        Assert.Equal(("WebSurfer", "Poor Information Retrieval"), (a.Cited?.Agent, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "2,150");

        // The same run with the orchestrator's difference miscomputed: its own arithmetic is the mistake.
        var wrong = Fixture.Edited(Folder, "magentic-one-surfer-takes-the-venue-capacity-from-a-snippet.json", ("1,030", "1,130"));
        Assert.Equal("Orchestrator", AttributionEngine.Default.Attribute(wrong).Cited?.Agent);
    }

    [Fact]
    public void A_format_strings_template_is_no_name_and_a_concluding_sentence_gives_the_answer()
    {
        Assert.DoesNotContain(Engine.Text.Facts.Extract("print(f\"Total: £{total:.2f}\")\nprint(\"%s Items\" % n)"), f => f.Kind == Engine.Text.FactKind.Name);
        Assert.Contains(Engine.Text.Facts.Extract("The winner was \"Harbour Lights\"."), f => f.Kind == Engine.Text.FactKind.Name);

        // The verifier that changed the right £221.00 to £230.00 is where the answer's figure entered.
        var a = Fixture.Attribute(Folder, "groupchat-verifier-misquotes-the-free-places-rule.json");
        Assert.Equal("Verification_Expert", a.Cited?.Agent);
        Assert.Contains("£230.00", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_that_gives_the_tasks_period_a_span_its_source_gives_otherwise_is_cited()
    {
        const string file = "magentic-one-plan-takes-the-financial-year-as-the-calendar-year.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("assumed-period", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "January to December 2023");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("1 April 2022 to 31 March 2023", StringComparison.Ordinal));

        // The plan gives the council's own span: nothing was assumed.
        var same = Fixture.Edited(Folder, file, ("from January to December 2023", "from April 2022 to March 2023"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == "assumed-period");
    }
}
