using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-third held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival (with the rules written earlier the same day for multiagent-blind32 already in): 5/12 step and 8/12
/// agent, the same in both modes. After changes on principle (below, each with a case where it must not fire): 10/12 step
/// and 11/12 agent in both modes. A later session's plan rule (a fact sheet that drops the task's "Class 2" and "IRC",
/// which no instruction brings back) takes the sailing run: 11/12 step and 12/12 agent. The misses are pinned with what
/// is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind33Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind33";

    protected override int MagenticOneTurns => 14;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string poet = "3 WebSurfer: the painter's birth year taken for her niece the poet, on a page that says the niece became the laureate, is a namesake the rules tell apart only by another place or a capitalised name the task writes; the surfer's first page that gave the year is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-textile-mills.json", 6, "DataAnalysis_Expert", null, null },
            { "gc-02-violin-makers.json", 8, "Verification_Expert", null, null },
            { "gc-03-bottle-kilns.json", 3, "Ceramics_Expert", null, null },
            { "gc-04-metro-escalators.json", 10, "Python_Expert", null, null },
            { "gc-05-perseid-observing-log.json", 5, "Statistics_Expert", null, null },
            { "gc-06-market-clock-stoppages.json", 11, "Horology_Expert", null, null },
            { "mo-01-aqueduct-arches.json", 9, "WebSurfer", null, null },
            { "mo-02-telescope-mirrors.json", 11, "Coder", null, null },
            { "mo-03-offshore-sailing-race.json", 1, "Orchestrator", null, null },
            { "mo-04-town-poet-laureate.json", 7, "WebSurfer", poet, poet },
            { "mo-05-harbour-dredging.json", 7, "WebSurfer", null, null },
            { "mo-06-vintage-aircraft-register.json", 15, "FileSurfer", null, null },
        };
    }

    [Fact]
    public void A_figure_given_from_a_history_nobody_read_against_the_files_note_is_memory_over_evidence()
    {
        const string file = "gc-03-bottle-kilns.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MemoryOverEvidenceDetector.DetectorId, "Ceramics_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("The Longridge return records 39 bottle kilns", StringComparison.Ordinal));

        // Said without a source of its own, the figure is no remembered one.
        var plain = Fixture.Edited(Folder, file, ("From the ceramics history of the district, Longridge", "Longridge"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(plain), f => f.Detector == MemoryOverEvidenceDetector.DetectorId);
    }

    [Fact]
    public void A_script_that_divides_the_increase_by_the_figure_it_grew_to_works_out_the_growth_wrong()
    {
        const string file = "gc-04-metro-escalators.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((GrowthBaseDetector.DetectorId, "Python_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "pct = increase / total_2023 * 100");

        // Divided by where it started: right.
        var right = Fixture.Edited(Folder, file, ("pct = increase / total_2023 * 100", "pct = increase / total_2015 * 100"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == GrowthBaseDetector.DetectorId && f.Summary.Contains("script", StringComparison.Ordinal));
    }

    [Fact]
    public void A_script_that_counts_by_another_column_than_the_one_the_task_names_measures_another_thing()
    {
        const string file = "gc-05-perseid-observing-log.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SiblingColumnDetector.DetectorId, "Statistics_Expert"), (a.Detector, a.Cited?.Agent));

        // Compared by the named column, the expert's script is right (the verifier who later compares obs_rate is not).
        var right = Fixture.Edited(Folder, file, (@"perseids[\\\""obs_rate\\\""] >= 50", @"perseids[\\\""zhr\\\""] >= 50"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == SiblingColumnDetector.DetectorId && f.Span.Agent == "Statistics_Expert");
    }

    [Fact]
    public void A_surfer_that_calls_the_visible_rows_all_the_campaigns_took_part_of_the_table_for_the_whole()
    {
        const string file = "mo-05-harbour-dredging.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));

        // A surfer that says more rows follow claims nothing whole.
        var more = Fixture.Edited(Folder, file, ("These are all the campaigns listed in the report.", "More campaigns follow below."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(more), f => f.Detector == PartialPageDetector.DetectorId && f.Summary.Contains("said it had the whole list", StringComparison.Ordinal));
    }

    [Fact]
    public void A_register_whose_own_header_says_it_was_superseded_is_the_wrong_source()
    {
        const string file = "mo-06-vintage-aircraft-register.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFileDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("SUPERSEDED: this issue was replaced by Issue 8", StringComparison.Ordinal));

        // A header that says nothing of a later issue leaves the choice unread.
        var current = Fixture.Edited(Folder, file, ("SUPERSEDED: this issue was replaced by Issue 8", "Note: this issue sits beside Issue 8"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(current), f => f.Detector == SupersededFileDetector.DetectorId && f.Summary.Contains("says it was replaced", StringComparison.Ordinal));
    }
}
