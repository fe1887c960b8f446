namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-first held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 7/12 step and 9/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 12/12 step and 12/12 agent in both modes. A verifier that overrules a printed result was
/// read for an earlier batch and met here in another shape (code of its own printing the new figure).
/// </para>
/// </summary>
public class MultiAgentBlind31Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind31";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-river-length.json", 3, "Geography_Expert", null, null },
            { "gc-02-folk-festival.json", 7, "DataAnalysis_Expert", null, null },
            { "gc-03-planetarium-median.json", 10, "Verification_Expert", null, null },
            { "gc-04-electric-buses.json", 7, "DataAnalysis_Expert", null, null },
            { "gc-05-landfill-decrease.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-06-debut-novels.json", 10, "DataAnalysis_Expert", null, null },
            { "mo-01-marathon-winners.json", 9, "WebSurfer", null, null },
            { "mo-02-funicular-speed.json", 13, "Coder", null, null },
            { "mo-03-museum-visitors.json", 1, "Orchestrator", null, null },
            { "mo-04-opera-house-seats.json", 9, "WebSurfer", null, null },
            { "mo-05-asteroid-names.json", 8, "FileSurfer", null, null },
            { "mo-06-cycling-commuters.json", 12, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void A_verifier_whose_own_code_prints_the_figure_it_argued_for_overruled_the_median()
    {
        const string file = "gc-03-planetarium-median.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "median_low: 84");
        Assert.Contains(a.Evidence, e => e.Quote == "Median: 87.5");

        // An expected answer other than the result it set aside: the overruled median was wrong too; nothing is read.
        var context = AttributionEngine.Default.CreateContext(Fixture.Load(Folder, file), new AttributionRequest { ExpectedAnswer = "91" });
        Assert.Empty(new Engine.Detectors.OverruledResultDetector().Detect(context));
    }

    [Fact]
    public void A_file_reader_that_showed_page_one_of_two_and_said_it_read_the_table_counted_part_of_it()
    {
        const string file = "mo-05-asteroid-names.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.PartialPageDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "The viewport shows 45% of the document");

        // The whole document shown: the reading is of all of it.
        var whole = Fixture.Edited(Folder, file, ("The viewport shows 45% of the document", "The viewport shows 100% of the document"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == Engine.Detectors.PartialPageDetector.DetectorId && f.Summary.StartsWith("FileSurfer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rise_in_percentage_points_worked_out_as_a_change_relative_to_the_earlier_share_answers_another_question()
    {
        const string file = "mo-06-cycling-commuters.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.PercentagePointsDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "percentage points");

        // A plan that names the relative change only to set it aside computes no such thing.
        var aside = Fixture.Edited(Folder, file, ("expressed as a percentage of the 2012 value, i.e. (13.0 - 8.4) / 8.4 * 100", "as a difference of the two shares, not the percent change, i.e. 13.0 - 8.4"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(aside), f => f.Detector == Engine.Detectors.PercentagePointsDetector.DetectorId && f.Summary.Contains("Orchestrator", StringComparison.Ordinal));

        // Asked for a percentage, the relative change is the right one.
        var percent = Fixture.Edited(Folder, file, ("By how many percentage points did", "By what percentage did"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(percent), f => f.Detector == Engine.Detectors.PercentagePointsDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_gives_the_next_years_time_for_the_year_asked_read_the_neighbouring_row()
    {
        const string file = "mo-01-marathon-winners.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.MisreadCellDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("1998 | Samuel Kiprop", StringComparison.Ordinal));

        // A reading that gives the year's own time reads its own row.
        var right = Fixture.Edited(Folder, file, ("For 1997 the women's race was won by Anneli Borg in 2:28:15", "For 1997 the women's race was won by Greta Solheim in 2:29:44"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == Engine.Detectors.MisreadCellDetector.DetectorId && f.Summary.Contains("2:28:15", StringComparison.Ordinal));
    }

    [Fact]
    public void A_surfer_that_opened_a_fact_sheet_dated_before_the_renovation_asked_about_read_an_older_state()
    {
        const string file = "mo-04-opera-house-seats.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.OlderResultDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Published 15.08.2016");
        Assert.Contains(a.Evidence, e => e.Quote == "Updated 10.01.2022");

        // A sheet dated after the time asked about may report on it.
        var later = Fixture.Edited(Folder, file, ("Published 15.08.2016", "Published 15.08.2022"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(later), f => f.Detector == Engine.Detectors.OlderResultDetector.DetectorId);
    }
}
