using TraceRegress.Engine.Text;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A nineteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each run with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step, 8/12 agent in both modes. After changes on principle, each with the case where it must
/// not fire (below): a page or title an instruction sends someone to look at, and a value it gives as an example to try,
/// is a place to look, not a statement; a browser link that answered 404 or 429 is got past when a later page load
/// succeeds; a plan that restates what the team must find without the task's range ("the deepest steel-hulled wreck in
/// the file" for "lost between 1900 and 1909") sends the team after another question; "FY2021" is the fiscal year 2021,
/// and a year in a file name is stated by it; the clock an answer is to be written in ("24-hour") is no constraint of the
/// question: 8/12 step, 9/12 agent without the expected answer, 9/12 and 10/12 with it. The misses are pinned with what
/// is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind19Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind19";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string boxOffice = "5 FilmIndustry_Expert: scraping the domestic chart for a worldwide question is a choice of source whose table names no scope the rules read; the turn where the final answer's title entered is cited";
        const string bridge = "-1 Computer_terminal: a total length recalled as the main span is a value from memory that no source of the chat ties to the same word; a search that answered 429 and was never retried stays the error signal";
        const string comet = "15 Orchestrator: a Julian Date converted as if it began at midnight is arithmetic no rule checks without the right answer; a date the orchestrator states first is cited";
        const string sunday = "1 Orchestrator: results for a Monday accepted for a Sunday question is a qualifier the ledger drops that no rule reads in a page summary; the plan is cited as the final answer's origin";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-lighthouse-heights.json", 11, "WebSurfer", null, null },
            { "mo-02-comet-perihelion.json", 12, "Coder", comet, null },
            { "mo-03-shipwreck-depths.json", 1, "Orchestrator", null, null },
            { "mo-04-library-loans.json", 7, "FileSurfer", null, null },
            { "mo-05-rail-timetable.json", 10, "Orchestrator", sunday, sunday },
            { "mo-06-rainfall-records.json", 3, "Coder", null, null },
            { "gc-01-eurovision-points.json", 8, "Verification_Expert", null, null },
            { "gc-02-bird-migration.json", 6, "DataAnalysis_Expert", null, null },
            { "gc-03-film-box-office.json", 1, "Python_Expert", boxOffice, boxOffice },
            { "gc-04-bridge-spans.json", 5, "Bridge_Expert", bridge, bridge },
            { "gc-05-meteorite-falls.json", 9, "Verification_Expert", null, null },
            { "gc-06-ferry-sailings.json", 4, "Pandas_Expert", null, null },
        };
    }

    [Fact]
    public void A_plan_that_restates_the_question_without_its_range_sends_the_team_after_another()
    {
        const string file = "mo-03-shipwreck-depths.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "1900");

        // The restatement keeps the range: the plan asks the task's question.
        var kept = Fixture.Edited(Folder, file, ("We need the depth, in feet, of the deepest steel-hulled wreck in the file.", "We need the depth, in feet, of the deepest steel-hulled wreck lost between 1900 and 1909."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-constraint" && f.Span.Agent == "Orchestrator");
    }

    [Fact]
    public void A_fiscal_year_written_short_is_the_year_the_task_names()
    {
        const string file = "mo-04-library-loans.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "FY2021"));

        // The task names another year: FY2021 is the plan's own.
        var other = Fixture.Edited(Folder, file, ("fiscal year 2021", "fiscal year 2020"));
        Assert.Contains(AttributionEngine.Default.Detect(other), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "FY2021"));

        var fy = Assert.Single(Facts.Extract("the FY2021 e-book figure"));
        Assert.Equal((FactKind.Number, 2021m, true), (fy.Kind, fy.Value, fy.Reference));
        Assert.Equal(FactKind.Identifier, Assert.Single(Facts.Extract("flight FY2021X")).Kind);
    }

    [Fact]
    public void A_value_an_instruction_gives_as_an_example_to_try_is_no_statement()
    {
        const string plan = "- If the PDF is unavailable, WebSurfer: use sbb.ch, query Interlaken Ost -> Grindelwald for a Sunday date in 2024 (e.g. Sunday 10 March 2024), earliest connection.";
        Assert.True(LookupTargets.InExample(plan, plan.IndexOf("10 March", StringComparison.Ordinal)));
        Assert.False(LookupTargets.InExample(plan, plan.IndexOf("2024 (", StringComparison.Ordinal)));
        // An example in a statement is stated.
        const string said = "Sunday services began early that year (e.g. Sunday 10 March 2024 had a 05:35 train).";
        Assert.False(LookupTargets.InExample(said, said.IndexOf("10 March", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_rate_limited_click_is_got_past_by_a_later_page_load_and_the_answers_clock_is_no_constraint()
    {
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, "mo-05-rail-timetable.json"));
        var limited = Assert.Single(findings, f => f.Detector == "http-status" && f.Summary.Contains("429", StringComparison.Ordinal));
        Assert.Equal(0.45, limited.Confidence);
        // "Give the time in 24-hour HH:MM format" says how to write the answer, not what to look for.
        Assert.DoesNotContain(findings, f => f.Detector == "dropped-constraint" && f.Evidence.Any(e => e.Quote == "24"));
    }
}
