namespace TraceRegress.AttributionTests;

/// <summary>
/// A twelfth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in OTLP. Every run
/// carries error noise that is not the mistake (404 pages, 503s, timeouts, failed installs, missing modules, tracebacks
/// that get fixed); in most the decisive agent is not the one that answers.
/// <para>
/// Measured on arrival (step right / agent right, of 12, same in both modes, with the rules made that day for the
/// eleventh batch already in): 5/12 step, 7/12 agent. After changes made on principle, each with the case where it must
/// not fire (below): a value that entered on the page a worker showed in part came from part of the list; a turn that
/// gives a row's figures which the table it read shows on another row misread the table; Magentic-One's terminal
/// reports a run that succeeded as "exited with Success (0)", which recovers the failures before it; the first and last
/// day of a month an input names with its year are no invented dates; a worker's report of what it did that leaves out a
/// value its instruction gave, on a page that holds another of the same form, is where the run went wrong: 8/12 step,
/// 10/12 agent in both modes. Then a month's half-open range in code (>= "2023-06-01" and < "2023-07-01") is the month
/// the task names, not two invented dates: 9/12 step, 10/12 agent. Then a surfer that says the answer's value in its
/// own words before the page it shows ("The top result answers the question directly: ... now seats 412") picked it
/// there: 10/12 step, 10/12 agent. Each miss is pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind12Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind12";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string edition = "7 WebSurfer: a plan that counts editions by assuming the race was held every year is arithmetic on a guess no rule checks against the cancelled year the results show; the ledger's stall after a page that did not load is cited";
        const string lifeguard = "16 Verification_Expert: a column taken by its position (iloc[:, 3]) for another than the one its result is named after is a reading of code the rules do not do; the verifier's restatement is where the answer entered";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "magentic-one-websurfer-seat-count-from-other-state-snippet.json", 16, "WebSurfer", null, null },
            { "magentic-one-orchestrator-tenth-edition-assumed-annual.json", 1, "Orchestrator", edition, edition },
            { "magentic-one-filesurfer-eastdale-row-read-as-eastgate.json", 12, "FileSurfer", null, null },
            { "magentic-one-orchestrator-satisfied-before-probable-bats.json", 17, "Orchestrator", null, null },
            { "magentic-one-websurfer-zip-filter-left-off.json", 3, "WebSurfer", null, null },
            { "magentic-one-coder-power-readings-summed-as-energy.json", 11, "Coder", null, null },
            { "groupchat-hot-day-threshold-made-strict.json", 1, "Climatology_Expert", null, null },
            { "groupchat-recaptures-kept-after-claimed-dedup.json", 8, "Python_Expert", null, null },
            { "groupchat-verifier-recomputes-from-rounded-tonnes.json", 14, "Verification_Expert", null, null },
            { "groupchat-block-estimates-file-used-as-harvest.json", 2, "DataAnalysis_Expert", null, null },
            { "groupchat-lifeguard-hours-column-used-as-open-days.json", 7, "DataAnalysis_Expert", lifeguard, lifeguard },
            { "groupchat-fiscal-year-rows-summed-for-calendar-2021.json", 13, "DataAnalysis_Expert", null, null },
        };
    }

    [Fact]
    public void Figures_given_for_one_row_that_the_table_shows_on_its_neighbour_misread_the_table()
    {
        const string file = "magentic-one-filesurfer-eastdale-row-read-as-eastgate.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "FileSurfer", "Tool Output Misinterpretation"), (a.Detector, a.Cited?.Agent, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("Eastdale ", StringComparison.Ordinal) && e.Quote.Contains("5,870", StringComparison.Ordinal));

        // The surfer gives Eastgate's own figures: the reading is right.
        var right = Fixture.Edited(Folder, file, ("For the Eastgate branch the table reports 214 programs held and a program attendance of 5,870", "For the Eastgate branch the table reports 187 programs held and a program attendance of 4,912"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "misread-cell" && f.Span.Name == "invoke_agent FileSurfer");
    }

    [Fact]
    public void A_workers_report_that_leaves_out_the_zip_code_it_was_given_is_where_the_count_went_wrong()
    {
        const string file = "magentic-one-websurfer-zip-filter-left-off.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "47403");
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file)).ToList();
        // The stdlib rewrite that "exited with Success (0)" recovered the missing module; the plan's dates are March 2023's.
        Assert.DoesNotContain(findings, f => f.Detector == "code-execution-error" && f.Confidence > 0.5);
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Summary.Contains("2023-03-01", StringComparison.Ordinal));

        // The filter kept: nothing was left out.
        var kept = Fixture.Edited(Folder, file, ("and result is 'Fail'", "zip_code is 47403, and result is 'Fail'"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-constraint" && f.Span.Name == "invoke_agent WebSurfer");
    }

    [Fact]
    public void A_months_range_written_as_code_writes_it_states_the_month_the_task_names()
    {
        const string file = "magentic-one-coder-power-readings-summed-as-energy.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Summary.Contains("2023-06-01", StringComparison.Ordinal));

        // A range that is not the month's (the 2nd to the 1st of the next): two dates of its own.
        var shifted = Fixture.Edited(Folder, file, (">= \\\\\\\"2023-06-01", ">= \\\\\\\"2023-06-02"));
        Assert.Contains(AttributionEngine.Default.Detect(shifted), f => f.Detector == "unsupported-fact" && f.Summary.Contains("2023-06-02", StringComparison.Ordinal));
    }

    [Fact]
    public void A_surfer_that_reads_the_value_out_in_its_own_words_picked_it_on_that_page()
    {
        const string file = "magentic-one-websurfer-seat-count-from-other-state-snippet.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("WebSurfer", 16), (a.Cited?.Agent, LabelledRun.Steps(Fixture.Load(Folder, file)).FindIndex(s => s.SpanId == a.Cited?.SpanId)));

        // Said in no words of its own: the page it showed gave the value, and the article it opened later restated it.
        var shown = Fixture.Edited(Folder, file, ("The top result answers the question directly: the renovated Riverside Theatre auditorium \\\"now seats 412\\\" (Millbrook Messenger, Sep 14, 2019, reporting on the reopening after the 2019 renovation).", "I searched for the reopening."));
        var b = AttributionEngine.Default.Attribute(shown);
        Assert.NotEqual(16, LabelledRun.Steps(Fixture.Load(Folder, file)).FindIndex(s => s.SpanId == b.Cited?.SpanId));
    }

    [Fact]
    public void A_value_that_entered_on_a_page_shown_in_part_is_cited_at_the_step_that_declared_the_list_whole()
    {
        var a = Fixture.Attribute(Folder, "magentic-one-orchestrator-satisfied-before-probable-bats.json");
        Assert.Equal(("partial-page", "Orchestrator"), (a.Detector, a.Cited?.Agent));
    }
}
