namespace TraceRegress.AttributionTests;

/// <summary>
/// A fifteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in OTLP, each with
/// error noise that is not the mistake.
/// <para>
/// Measured on arrival (with every rule of the fourteenth batch and the twelfth blind set already in): without the
/// expected answer 5/12 step, 6/12 agent; with it 5/12 step, 6/12 agent. After changes made on principle (below): a factor
/// between units stated wrong ("1 mile = 1.852 km", <c>KM_PER_MILE = 1.852</c>) is invented knowledge, cited where it was
/// written; an answer asked for "in miles per hour" asks for a speed, not a length; a failed code run the team got past
/// is no error the run ended on, so the team's own reports decide: without 6/12 step, 7/12 agent; with 7/12 step, 8/12
/// agent. Then a clock time asked for in local time and given in universal time is an answer in the wrong unit: without
/// 7/12 step, 8/12 agent; with 7/12 step, 8/12 agent. Then a value a script printed on a line labelled for a result with
/// one word ("Total: 463") is the script's result, however long the rows before it: without 8/12 step, 9/12 agent; with
/// 8/12 step, 9/12 agent. Then a turn that sets out to use another edition of the document the task names (the World
/// Malaria Report 2020 for a question about the 2019 report) put the work on a wrong basis: without 9/12 step, 10/12
/// agent; with 9/12 step, 10/12 agent. Then a re-plan that waives the cross-checking its first plan called for ("no
/// further cross-checking is necessary") decided the answer: without 10/12 step, 11/12 agent; with 10/12 step, 11/12
/// agent. Then a table drawn with pipes is read column by column, signed cells ("+5") included, so a figure given for
/// 2022 that the table has under 2021 is a misreading: without 11/12 step, 12/12 agent; with 11/12 step, 12/12 agent. Each miss is pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind15Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind15";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string confirmed = "10 Orchestrator: a plan that leaves \"confirmed\" out of its fact sheet is a qualifier dropped where no instruction carries it to a worker; the ledger that accepted the count is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-orchid-show.json", 7, "WebSurfer", null, null },
            { "mo-02-kepler-small-planets.json", 1, "Orchestrator", confirmed, confirmed },
            { "mo-03-zeppelin-cruise-speed.json", 11, "Coder", null, null },
            { "mo-04-darwin-hooker-letter.json", 12, "Orchestrator", null, null },
            { "mo-05-rescue-winter-missions.json", 6, "Orchestrator", null, null },
            { "mo-06-boardgame-first-edition.json", 9, "Orchestrator", null, null },
            { "gc-01-ytterby-elements.json", 8, "Verification_Expert", null, null },
            { "gc-02-southern-quakes.json", 2, "DataAnalysis_Expert", null, null },
            { "gc-03-zoo-primate-feed.json", 6, "Accounting_Expert", null, null },
            { "gc-04-hubble-10000-days.json", 4, "Python_Expert", null, null },
            { "gc-05-malaria-report-deaths.json", 3, "WebScraping_Expert", null, null },
            { "gc-06-eclipse-dallas-maximum.json", 12, "Verification_Expert", null, null },
        };
    }

    [Fact]
    public void A_factor_between_units_stated_wrong_is_cited_where_it_was_written()
    {
        const string file = "mo-03-zeppelin-cruise-speed.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-factor", "Language-only hallucination", "Coder"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains("1.609344", a.Summary, StringComparison.Ordinal);
        // An answer asked "in miles per hour" asks for a speed: the km/h figure converted to mph is no length left unconverted.
        Assert.DoesNotContain(a.OtherFindings, f => f.Detector == "requested-unit");

        // The statute mile's factor: nothing is wrong with it.
        var right = Fixture.Edited(Folder, file, ("KM_PER_MILE = 1.852", "KM_PER_MILE = 1.609344"), ("# 1 mile = 1.852 km", "# 1 mile = 1.609344 km"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-factor");
    }

    [Fact]
    public void A_failed_code_run_the_team_got_past_is_no_error_the_run_ended_on()
    {
        const string file = "gc-06-eclipse-dallas-maximum.json";
        var trace = Fixture.Load(Folder, file);
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = "13:42" });
        Assert.Equal((AttributionBasis.ExpectedAnswer, "Verification_Expert"), (a.Basis, a.Cited?.Agent));
        Assert.Contains(a.OtherFindings, f => f.Detector == "code-execution-error");
    }

    [Fact]
    public void A_clock_time_asked_in_local_time_and_given_in_universal_time_is_in_the_wrong_unit()
    {
        const string file = "gc-06-eclipse-dallas-maximum.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("requested-unit", "Instruction Non-compliance", "Verification_Expert"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("an answer in UTC", StringComparison.Ordinal));

        // The task asks for the time in UTC: the answer gives it as asked.
        var utc = Fixture.Edited(Folder, file, ("at what local time", "at what time (UTC)"), ("Dallas local time, not UTC", "UTC, not Dallas time"), ("24-hour local time", "24-hour UTC time"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(utc), f => f.Detector == "requested-unit");
    }

    [Fact]
    public void A_value_on_a_line_labelled_total_is_the_scripts_result_however_long_the_rows_before_it()
    {
        const string file = "gc-01-ytterby-elements.json";
        var trace = Fixture.Load(Folder, file);
        var steps = LabelledRun.Steps(trace);
        foreach (var expected in new[] { null, "242" })
        {
            var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = expected });
            Assert.Equal((8, "Verification_Expert"), (steps.FindIndex(s => s.SpanId == a.Cited!.SpanId), a.Cited!.Agent));
        }

        // The sum printed bare under eight rows: a row of a listing, picked by whoever stated it next.
        var bare = Fixture.Edited(Folder, file, ("Total: 463", "463"));
        Assert.NotEqual("Verification_Expert", AttributionEngine.Default.Attribute(bare, new AttributionRequest { ExpectedAnswer = "242" }).Cited?.Agent);
    }

    [Fact]
    public void Another_edition_of_the_document_the_task_names_is_a_wrong_basis()
    {
        const string file = "gc-05-malaria-report-deaths.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-edition", "Poor Information Retrieval", "WebScraping_Expert"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("World Malaria Report 2019", StringComparison.Ordinal));

        // The edition the task names, downloaded as asked.
        var right = Fixture.Edited(Folder, file, ("I'll download the World malaria report 2020 PDF", "I'll download the World malaria report 2019 PDF"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-edition");

        // The other edition only mentioned, not acted on.
        var mentioned = Fixture.Edited(Folder, file, ("I'll download the World malaria report 2020 PDF and extract the 2018 deaths figure from it.", "The World malaria report 2020 revised that series."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(mentioned), f => f.Detector == "wrong-edition");
    }

    [Fact]
    public void A_coordinator_that_waives_the_checks_it_planned_decided_the_answer_there()
    {
        const string file = "mo-06-boardgame-first-edition.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("waived-check", "Task Orchestration", "Orchestrator"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("no further cross-checking is necessary", StringComparison.Ordinal));

        // The re-plan keeps a cross-check: nothing was waived.
        var kept = Fixture.Edited(Folder, file, ("since the official sources are unreachable, no further cross-checking is necessary", "cross-check it against one more source"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "waived-check");
    }

    [Fact]
    public void A_figure_given_for_one_column_of_a_pipe_table_that_stands_under_another_is_misread()
    {
        const string file = "mo-05-rescue-winter-missions.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "Tool Output Misinterpretation", "Orchestrator"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("| January   |   17 |   12 |     +5 |", StringComparison.Ordinal));

        // The table's columns the other way round: 12 is the 2022 figure, read right.
        var swapped = Fixture.Edited(Folder, file, ("| Month     | 2022 | 2021 | Change |", "| Month     | 2021 | 2022 | Change |"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(swapped), f => f.Detector == "misread-cell");
    }
}
