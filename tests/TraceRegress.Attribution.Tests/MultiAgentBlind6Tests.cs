using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A sixth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs (30 to 45 turns, a re-plan with a new fact sheet, a stall, a traceback and its
/// fix) and six CaptainAgent group chats (8 to 11 turns). Every turn is an <c>invoke_agent</c> span with status OK.
/// <para>
/// Measured before any rule was changed for them (step right / agent right, of 12, same in both modes): 1/12 step,
/// 8/12 agent. After two changes made on principle (the facts an answer's last sentence restates are its conclusion, the
/// others its premises; two rows of one printed table are alternatives, so whoever took one picked it): 3/12 step, 8/12
/// agent. Then an answer given in the data's unit where the task asked for another (kilograms for tonnes) is read as
/// such, at the ledger that took it as the answer: 4/12 step, 9/12 agent. Then a claim that every row holds a value a printed
/// row contradicts ("All of the tenders passed" over a "fail") is read as a misreading: 5/12 step, 10/12 agent. Then dates the data writes
/// day first ("13/01/2024") parsed month first (<c>format='mixed'</c>, no <c>dayfirst=True</c>): 6/12 step. Then a plan
/// that leaves out a negated relative clause of the question ("that does not need to be booked in advance"), where the
/// answer's own row says what it excludes ("Booking essential"): 7/12 step, 11/12 agent. Below the engine's other multi-agent sets, and below what this batch's predecessors scored before their rules:
/// the misses are pinned, each with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind6Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind6";

    private static TheoryData<string, int, string, string?> Rows() => new()
    {
        { "magentic-one-surfer-gives-the-overall-course-record.json", 29, "WebSurfer", "17 WebSurfer: the record's time is no fact the rules trace (a clock reading), so the first stall report is cited" },
        { "magentic-one-orchestrator-accepts-a-forum-reply.json", 41, "Orchestrator", "43 Orchestrator: the forum's \"the 31st\" is no full date, so the date the answer states first appears where the orchestrator wrote it out, after the ledger that accepted it" },
        { "magentic-one-orchestrator-reports-kilograms-for-tonnes.json", 30, "Orchestrator", null },
        { "magentic-one-filesurfer-reads-the-budget-sheet.json", 9, "FileSurfer", "29 WebSurfer: the answer is a difference computed from the wrong sheet's figure; the sheet's name is no constraint the rules read, so a later stall report is cited" },
        { "magentic-one-surfer-reads-the-year-to-date-column.json", 25, "WebSurfer", "9 WebSurfer: the page showing the table is where the value first stood; the surfer's later reading relays the value's own line, so the page is cited" },
        { "magentic-one-plan-drops-the-no-booking-condition.json", 1, "Orchestrator", null },
        { "groupchat-not-closed-counted-as-open.json", 5, "HousingData_Expert", null },
        { "groupchat-expert-misquotes-the-august-average.json", 7, "GreenwayData_Expert", null },
        { "groupchat-plan-ranks-members-by-best-time.json", 0, "RunningStats_Expert", "5 RunningStats_Expert: a flawed plan in the opening message is not cited; the expert who followed it is" },
        { "groupchat-district-population-given-for-the-town.json", 5, "CensusData_Expert", null },
        { "groupchat-assumes-every-tender-passed.json", 3, "Procurement_Expert", null },
        { "groupchat-mixed-format-reads-dates-month-first.json", 5, "LibraryData_Expert", null },
    };

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it (the same here).</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        var runs = new TheoryData<string, int, string, string?, string?>();
        foreach (var row in Rows()) runs.Add((string)row[0]!, (int)row[1]!, (string)row[2]!, (string?)row[3], (string?)row[3]);
        return runs;
    }


    [Fact]
    public void Two_rows_of_one_printed_table_are_alternatives_and_the_answer_restates_its_conclusion()
    {
        // The district's row and the town's row were both printed; the expert who took the district's picked it.
        var district = Fixture.Attribute(Folder, "groupchat-district-population-given-for-the-town.json");
        Assert.Equal("Tool Output Misinterpretation", district.Category!.L4);

        // "of the 150 requests, 118 are closed and 32 are still open ... had 32 open repair requests": 32 is the answer.
        var open = Fixture.Attribute(Folder, "groupchat-not-closed-counted-as-open.json");
        Assert.Contains("states 32,", open.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_that_every_row_holds_a_value_a_printed_row_contradicts_is_a_misreading()
    {
        const string file = "groupchat-assumes-every-tender-passed.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("contradicted-claim", "Procurement_Expert", "Tool Output Misinterpretation"), (a.Detector, a.Cited?.Agent, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Clarecastle Paving", StringComparison.Ordinal) && e.Quote.Contains("fail", StringComparison.Ordinal));

        // Every printed row passed: the claim is true.
        var true_ = Fixture.Edited(Folder, file, ("171200      fail", "171200      pass"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(true_), f => f.Detector == "contradicted-claim");

        // A check still to make claims nothing.
        var check = Fixture.Edited(Folder, file, ("All of the tenders passed the technical assessment, so", "Let me check whether all of the tenders passed the technical assessment, so"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(check), f => f.Detector == "contradicted-claim");
    }

    [Fact]
    public void Day_first_dates_parsed_month_first_are_cited_at_the_parse_that_ran()
    {
        const string file = "groupchat-mixed-format-reads-dates-month-first.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("month-first-parse", "LibraryData_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "to_datetime(df['joined'], format='mixed')");
        Assert.Contains(a.Evidence, e => e.Quote == "13/01/2024");

        // Parsed day first: nothing to cite.
        var right = Fixture.Edited(Folder, file, ("format='mixed')", "format='mixed', dayfirst=True)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "month-first-parse");

        // A day-first format string reads them rightly too.
        var format = Fixture.Edited(Folder, file, ("format='mixed')", "format='%d/%m/%Y')"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(format), f => f.Detector == "month-first-parse");
    }

    [Fact]
    public void A_plan_that_drops_a_negated_condition_of_the_question_is_cited_where_the_answers_row_breaks_it()
    {
        const string file = "magentic-one-plan-drops-the-no-booking-condition.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((DroppedQualifierDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "that does not need to be booked in advance");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("Booking essential", StringComparison.Ordinal));

        // The answer's row says no booking is needed: the condition held, whatever the plan said.
        var held = Fixture.Edited(Folder, file, ("Booking essential", "No booking needed"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(held), f => f.Detector == DroppedQualifierDetector.DetectorId);

        // A plan that keeps the condition drops nothing.
        var kept = Fixture.Edited(Folder, file, ("picks the longest walk and reports its name", "picks the longest walk with no booking needed and reports its name"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == DroppedQualifierDetector.DetectorId && f.Span.Name.Contains("Orchestrator", StringComparison.Ordinal) && f.Evidence.Any(e => e.Quote.Contains("booked", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Which is the longest walk that does not need to be booked in advance?", "book")]
    [InlineData("Who is the first player who has never played a final?", "play")]
    [InlineData("Name the route which doesn't require a permit.", "permit")]
    [InlineData("Which walk is the longest?", null)]
    public void A_negated_relative_clause_is_read_as_a_condition_on_its_stem(string task, string? stem)
    {
        var clauses = TraceRegress.Engine.Text.Qualifiers.NegatedClauses(task);
        Assert.Equal(stem, clauses.Select(c => c.Words[0]).FirstOrDefault());
    }
}
