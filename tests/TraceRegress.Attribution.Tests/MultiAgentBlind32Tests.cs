using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-second held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step and 7/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 11/12 step and 11/12 agent in both modes. The miss is pinned with what is cited instead
/// and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind32Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind32";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string wheels = "9 WebSurfer: \"immediately before\" read as the row above in a list sorted by height rather than the holder before in time is a misreading of the question no rule weighs against the list's order; the surfer whose page gave the answer's name is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-swim-relay.json", 11, "Verification_Expert", null, null },
            { "gc-02-bike-share.json", 8, "Urban_Mobility_Expert", null, null },
            { "gc-03-parish-population.json", 2, "DataAnalysis_Expert", null, null },
            { "gc-04-airport-delays.json", 6, "Aviation_Expert", null, null },
            { "gc-05-lunar-eclipses.json", 4, "Astronomy_Expert", null, null },
            { "gc-06-plant-genus-eponym.json", 12, "Plant_Taxonomy_Expert", null, null },
            { "mo-01-mountain-passes.json", 9, "WebSurfer", null, null },
            { "mo-02-reservoir-capacity.json", 16, "Coder", null, null },
            { "mo-03-heritage-railways.json", 1, "Orchestrator", null, null },
            { "mo-04-sister-cities.json", 11, "WebSurfer", null, null },
            { "mo-05-school-term-dates.json", 7, "FileSurfer", null, null },
            { "mo-06-ferris-wheels.json", 12, "Orchestrator", wheels, wheels },
        };
    }

    [Fact]
    public void A_verifier_that_adds_to_a_printed_time_overrules_it()
    {
        const string file = "gc-01-swim-relay.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Cumulative at leg 4: 4:16.62");
        Assert.Contains(a.Evidence, e => e.Quote == "Adjusted final time: 4:17.43");

        // A check that disagrees with nothing overrules nothing.
        var agrees = Fixture.Edited(Folder, file, ("One thing is missing: in a medley relay", "For completeness: in a medley relay"), ("so the official team time has to include them", "so they could be shown beside the time"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == OverruledResultDetector.DetectorId);
    }

    [Fact]
    public void A_script_that_failed_worked_from_no_file_so_the_first_use_that_ran_chose_the_superseded_one()
    {
        const string file = "gc-02-bike-share.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFileDetector.DetectorId, "Urban_Mobility_Expert"), (a.Detector, a.Cited?.Agent));

        // Had the first script run, it would have been the choice.
        var ran = Fixture.Edited(Folder, file, ("exitcode: 1 (execution failed)", "exitcode: 0 (execution succeeded)"), ("Traceback (most recent call last):", "Done."));
        Assert.Contains(AttributionEngine.Default.Detect(ran), f => f.Detector == SupersededFileDetector.DetectorId && f.Summary.Contains("and DataAnalysis_Expert worked from", StringComparison.Ordinal));
    }

    [Fact]
    public void A_script_that_reads_the_arrival_delay_for_a_departure_delay_measures_another_thing()
    {
        const string file = "gc-04-airport-delays.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SiblingColumnDetector.DetectorId, "Aviation_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "delay = pd.to_numeric(df['arr_delay_min'], errors='coerce')");

        // Every script reads the column the task names.
        var right = Fixture.Edited(Folder, file, ("['arr_delay_min']", "['dep_delay_min']"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == SiblingColumnDetector.DetectorId);

        // A task that names both kinds of delay picks neither column out.
        var both = Fixture.Edited(Folder, file, ("had a departure delay of more than 15 minutes", "had an arrival delay of more than 15 minutes"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(both), f => f.Detector == SiblingColumnDetector.DetectorId);
    }

    [Theory]
    [InlineData("arr_delay_min", "dep_delay_min", "arr", "dep")]
    [InlineData("gross_sales", "net_sales", "gross", "net")]
    [InlineData("sales_2023", "sales", null, null)]
    [InlineData("dep_delay_min", "arr_delay_max", null, null)]
    public void Sibling_columns_differ_in_one_word(string used, string other, string? own, string? theirs)
    {
        var differ = SiblingColumnDetector.Differ(used, other);
        Assert.Equal(own, differ?.Own);
        Assert.Equal(theirs, differ?.Theirs);
    }

    [Fact]
    public void A_surfer_that_counts_the_top_of_a_page_as_the_whole_list_read_part_of_it()
    {
        const string file = "mo-04-sister-cities.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.EndsWith("4 towns.", StringComparison.Ordinal));

        // A surfer that gives no count took nothing as whole.
        var uncounted = Fixture.Edited(Folder, file, ("Marrowby is formally twinned with\\n4 towns.", "More entries may follow below."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(uncounted), f => f.Detector == PartialPageDetector.DetectorId && f.Summary.Contains("counted what it saw", StringComparison.Ordinal));
    }

    [Fact]
    public void A_surfer_that_gives_the_next_rows_elevation_for_a_ranked_pass_misread_the_table()
    {
        const string file = "mo-01-mountain-passes.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MisreadCellDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "3 | Umbrail Saddle | Switzerland | 2,503 | Route 28a | 1901");

        // The pass's own elevation, read right.
        var right = Fixture.Edited(Folder, file, ("2,503 m", "2,509 m"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId);
    }
}
