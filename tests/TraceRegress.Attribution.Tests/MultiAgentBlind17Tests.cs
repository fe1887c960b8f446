namespace TraceRegress.AttributionTests;

/// <summary>
/// A seventeenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step, agent and span) before the engine was run on them, by a writer who had read neither
/// the engine nor its documentation: six Magentic-One logs whose Orchestrator instructs through its progress ledgers
/// alone, and six group chats, half in the flat span layout and half in OTLP, each run with error noise that is not the
/// mistake.
/// <para>
/// Measured on arrival (with every rule of the fifteenth blind set already in): 6/12 step, 8/12 agent in both modes. After
/// changes on principle, each with the case where it must not fire (below): a conversion with the factor of the other
/// variant of a unit the run named (the US gallon's 3.785 for imperial gallons) worked out the answer; a ledger's
/// instruction to open a file is read where the ledger gives it; a worker told to click one result that clicked a
/// namesake; a table set out in columns with thousands grouped by spaces read by its columns; a named year (a water year)
/// the data's README defines, defined again by an agent: 11/12 step, 11/12 agent in both modes. The miss is pinned with
/// what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind17Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind17";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string regatta = "12 WebSurfer: a ledger that declares the task done with the event's first year, not its first on the full course, is a premature stop no rule tells from a finished one; the surfer's page about the 1,000 m course is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-county-show-attendance.json", 1, "Orchestrator", "15 Coder: the plan's years 2017-2020 lie inside the task's 2016-2022, so they are no longer read as invented; the plan's dropped \"in person\" is found but ranks below the answer's entry", "15 Coder: as without" },
            { "mo-02-lyceum-sheffield-seats.json", 9, "WebSurfer", null, null },
            { "mo-03-flying-scotsman-tender.json", 12, "Coder", null, null },
            { "mo-04-allotment-waiting-list.json", 10, "FileSurfer", null, null },
            { "mo-05-regatta-double-sculls.json", 13, "Orchestrator", regatta, regatta },
            { "mo-06-evenes-passengers.json", 14, "WebSurfer", null, null },
            { "gc-01-armagh-rainfall-median.json", 7, "Verification_Expert", null, null },
            { "gc-02-matterhorn-north-face.json", 7, "Alpine_History_Expert", null, null },
            { "gc-03-konstanz-low-water.json", 5, "Python_Expert", null, null },
            { "gc-04-foxley-butterfly-transect.json", 8, "DataAnalysis_Expert", null, null },
            { "gc-05-akl-lax-flight-time.json", 3, "DateTime_Expert", null, null },
            { "gc-06-eildon-water-year.json", 9, "Hydrology_Expert", null, null },
        };
    }

    [Fact]
    public void A_factor_of_the_other_variant_of_the_unit_the_run_named_worked_out_the_answer()
    {
        const string file = "mo-03-flying-scotsman-tender.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-factor", "Coder"), (a.Detector, a.Cited?.Agent));
        Assert.Contains("imperial", a.Summary, StringComparison.Ordinal);

        // The imperial factor: the conversion is right.
        var imperial = Fixture.Edited(Folder, file, ("GALLON_TO_LITRE = 3.785411784", "GALLON_TO_LITRE = 4.54609"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(imperial), f => f.Detector == "wrong-factor");
    }

    [Fact]
    public void A_worker_told_to_click_one_result_that_clicked_a_namesake_read_the_wrong_page()
    {
        const string file = "mo-02-lyceum-sheffield-seats.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-link", "Poor Information Retrieval", "WebSurfer"), (a.Detector, a.Category?.L4, a.Cited?.Agent));

        // The click the instruction asked for: nothing to report.
        var right = Fixture.Edited(Folder, file, ("I clicked 'Lyceum Theatre, London - Wikipedia'.", "I clicked 'Lyceum Theatre, Sheffield - Wikipedia'."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-link");
    }

    [Fact]
    public void A_file_a_ledger_instructs_to_open_and_another_opened_is_the_wrong_file()
    {
        const string file = "mo-04-allotment-waiting-list.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-file", "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("AGM_2024_minutes_APPROVED_12-03-2024.docx", StringComparison.Ordinal));

        // The ledger asks for the draft: the worker opened what it was told to.
        var draft = Fixture.Edited(Folder, file, ("AGM_2024_minutes_APPROVED_12-03-2024.docx (the approved", "AGM_2024_minutes_DRAFT_v2.docx (the approved"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(draft), f => f.Detector == "wrong-file");
    }

    [Fact]
    public void A_table_in_spaced_columns_is_read_by_its_columns()
    {
        const string file = "mo-06-evenes-passengers.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains("742 871", a.Evidence.Last().Quote, StringComparison.Ordinal);

        // The columns the other way round: 716 204 is the 2019 figure, and the reading is right.
        var swapped = Fixture.Edited(Folder, file, ("Evenes          742 871     716 204", "Evenes          716 204     742 871"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(swapped), f => f.Detector == "misread-cell");
    }

    [Fact]
    public void A_named_year_the_readme_defines_defined_again_by_an_agent_is_cited_there()
    {
        const string file = "gc-06-eildon-water-year.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("redefined-period", "Hydrology_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Water year: 1 July to 30 June");

        // The same months as the README: no redefinition.
        var same = Fixture.Edited(Folder, file, ("the water year runs from 1 October to 30 September", "the water year runs from 1 July to 30 June"),
            ("water year is therefore October 2021 to September 2022", "water year is therefore July 2021 to June 2022"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(same), f => f.Detector == "redefined-period");
    }
}
