namespace TraceRegress.AttributionTests;

/// <summary>
/// A sixteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step, agent and span) before the engine was run on them, by a writer who had read neither
/// the engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, some turns holding their own model and tool calls as child spans, each run with error noise that is not the
/// mistake.
/// <para>
/// Measured on arrival (with every rule of the fifteenth batch and the thirteenth blind set already in): without the
/// expected answer 6/12 step, 10/12 agent; with it 7/12 step, 11/12 agent. After one change made on principle (below):
/// an instruction that changed a date of the task is cited when the worker's answer to it already states the run's final
/// answer, even where the value is first traced to a later turn that took it up: without 7/12 step, 10/12 agent; with
/// 8/12 step, 11/12 agent. Then a page titled for a place in another state than the one the task names ("Springfield,
/// Missouri - Wikipedia" for "the capital city of Illinois") is a namesake's: without 8/12 step, 10/12 agent; with 9/12
/// step, 11/12 agent. Then code that reads another version of the data file the task names (a cached
/// <c>cbc_ashford_2023.parquet</c> for <c>cbc_ashford_2023_final.csv</c>), and reads it without failing, worked from
/// other data: without 9/12 step, 11/12 agent; with 10/12 step, 12/12 agent. Later, a number the task gives as an
/// ordinal ("the 13th day") is grounded by it: without 10/12 step, 12/12 agent. Later still, a plan whose fact sheet drops
/// the task's "19:00" and that no instruction brings back is cited (plan-condition): 11/12 step, 12/12 agent. Each miss is pinned with what is cited
/// instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind16Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind16";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string edition = "5 Bibliography_Expert: a plan that names the second edition's ISBN for the first edition is an identifier no rule ties to an edition; the expert's later statement of the page count is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-penguin-census.json", 12, "Coder", null, null },
            { "mo-02-nozomi-evening.json", 1, "Orchestrator", null, null },
            { "mo-03-kew-palm-house.json", 7, "WebSurfer", null, null },
            { "mo-04-mersenne-digits.json", 7, "Orchestrator", null, null },
            { "mo-05-springfield-census.json", 3, "WebSurfer", null, null },
            { "mo-06-market-stall-fees.json", 14, "Orchestrator", null, null },
            { "gc-01-vanern-pikeperch.json", 5, "Fisheries_Expert", null, null },
            { "gc-02-friday13-count.json", 9, "Verification_Expert", null, null },
            { "gc-03-challenger-fathoms.json", 5, "Oceanography_Expert", null, null },
            { "gc-04-bird-count-cache.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-05-chunnel-10000th-day.json", 6, "Python_Expert", null, null },
            { "gc-06-kr-first-edition.json", 0, "Bibliography_Expert", edition, edition },
        };
    }

    [Fact]
    public void An_instruction_that_changed_the_tasks_date_is_cited_where_the_worker_answered_it()
    {
        const string file = "mo-04-mersenne-digits.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains("30 June 2019", a.Summary, StringComparison.Ordinal);

        // The instruction keeps the task's date: nothing redirected the worker.
        var kept = Fixture.Edited(Folder, file, ("which prime held the record as of 30 June 2019", "which prime held the record as of 30 June 2018"));
        Assert.NotEqual("dropped-constraint", AttributionEngine.Default.Attribute(kept).Detector);
    }

    [Fact]
    public void A_page_titled_for_a_place_in_another_state_than_the_tasks_is_a_namesakes()
    {
        const string file = "mo-05-springfield-census.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("other-place", "Poor Information Retrieval", "WebSurfer"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Springfield, Missouri - Wikipedia");

        // A task that names two states (a comparison) does not place the page in one of them.
        var two = Fixture.Edited(Folder, file, ("the capital city of Illinois", "the capital city of Illinois or Missouri"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(two), f => f.Detector == "other-place");
    }

    [Fact]
    public void Code_that_reads_another_version_of_the_file_the_task_names_worked_from_other_data()
    {
        const string file = "gc-04-bird-count-cache.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("wrong-file", "Poor Information Retrieval", "DataAnalysis_Expert"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("cbc_ashford_2023.parquet", StringComparison.Ordinal));

        // The file the task names, read as asked: nothing else was read.
        var right = Fixture.Edited(Folder, file, ("pd.read_parquet(\\\"/workspace/.cache/cbc_ashford_2023.parquet\\\")", "pd.read_csv(\\\"/workspace/cbc_ashford_2023_final.csv\\\")"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == "wrong-file");
    }

    [Fact]
    public void A_loop_that_stops_before_the_tasks_last_included_year_is_read()
    {
        const string file = "gc-02-friday13-count.json";
        var trace = Fixture.Load(Folder, file);
        var found = Assert.Single(AttributionEngine.Default.Detect(trace), f => f.Detector == "exclusive-range");
        Assert.Equal("Verification_Expert", found.Span.Agent);
        // With the expected answer, the verifier's loss of the right count is cited.
        var a = AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = LabelledRun.ExpectedAnswer(Folder, file) });
        Assert.Equal("Verification_Expert", a.Cited?.Agent);

        // A loop that reaches the last year: nothing is left out.
        var whole = Fixture.Edited(Folder, file, ("for year in range(2001, 2020):", "for year in range(2001, 2021):"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == "exclusive-range");
    }

    [Fact]
    public void A_day_the_task_gives_as_an_ordinal_is_no_invented_figure_in_the_code()
    {
        const string file = "gc-02-friday13-count.json";
        // "date(year, m, 13)" for "the 13th day of a month": grounded.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "13"));
        Assert.Equal("Verification_Expert", Fixture.Attribute(Folder, file).Cited?.Agent);

        // Written as a word, the ordinal gives no figure: 13 is then the code's own.
        var word = Fixture.Edited(Folder, file, ("13th", "thirteenth"));
        Assert.Contains(AttributionEngine.Default.Detect(word), f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "13"));
    }
}
