using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-seventh held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 5/12 step and 6/12 agent in both modes (with and without the expected answer). After changes on
/// principle (below, each with a case where it must not fire): gc-01, gc-05, gc-06, mo-01, mo-02, mo-03 and mo-04 right:
/// 12/12 step and 12/12 agent in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind37Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind37";

    protected override int MagenticOneTurns => 13;

    protected override int GroupChatTurns => 13;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-lido-temperatures.json", 10, "Verification_Expert", null, null },
            { "gc-02-cider-cooperative.json", 7, "DataAnalysis_Expert", null, null },
            { "gc-03-chalk-figures.json", 9, "Heritage_Expert", null, null },
            { "gc-04-road-closure.json", 3, "Python_Expert", null, null },
            { "gc-05-junior-football.json", 7, "Statistics_Expert", null, null },
            { "gc-06-trail-counters.json", 1, "Countryside_Access_Expert", null, null },
            { "mo-01-pier-lengths.json", 9, "WebSurfer", null, null },
            { "mo-02-hedge-laying.json", 1, "Orchestrator", null, null },
            { "mo-03-storm-sewer-tbms.json", 9, "WebSurfer", null, null },
            { "mo-04-parish-grants.json", 7, "FileSurfer", null, null },
            { "mo-05-sheepdog-trial.json", 15, "Coder", null, null },
            { "mo-06-market-hall-clockmaker.json", 4, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void A_surfer_that_lists_the_row_above_s_length_under_the_pier_it_names_misread_the_table()
    {
        const string file = "mo-01-pier-lengths.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((MisreadCellDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "- Brinscombe Pier: 412 m");

        // The list's items are read one by one: the pier's own length, listed, is no misreading.
        var right = Fixture.Edited(Folder, file, ("- Brinscombe Pier: 412 m", "- Brinscombe Pier: 538 m"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_answers_from_three_drives_of_a_page_that_counts_five_read_part_of_the_list()
    {
        const string file = "mo-03-storm-sewer-tbms.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "- Drive C (TBM Cordelia): 2,615 m");

        // A page shown whole was read whole.
        var whole = Fixture.Edited(Folder, file, ("The viewport shows 45% of the webpage", "The viewport shows 100% of the webpage"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == PartialPageDetector.DetectorId);

        // An instruction that lists the drives and asks for the longest names none of them the longest.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "misread-extreme");
    }

    [Fact]
    public void A_file_reader_that_opens_the_draft_its_own_readme_marks_superseded_chose_the_wrong_file()
    {
        const string file = "mo-04-parish-grants.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFileDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("grants_2023-24_final.csv", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote == "Path: /workspace/fenwick_grants/grants_2023-24_draft.csv");

        // The reader that opened the final list below the readme chose right; whoever took the draft later is cited.
        var final = Fixture.Edited(Folder, file, ("Path: /workspace/fenwick_grants/grants_2023-24_draft.csv\\nViewport", "Path: /workspace/fenwick_grants/grants_2023-24_final.csv\\nViewport"));
        var other = AttributionEngine.Default.Attribute(final);
        Assert.False(other.Detector == SupersededFileDetector.DetectorId && other.Cited?.Agent == "FileSurfer", other.Summary);
    }

    [Fact]
    public void A_plan_that_looks_for_the_class_winner_without_the_style_the_task_names_drops_a_condition()
    {
        const string file = "mo-02-hedge-laying.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PlanConditionDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "in the Midland style");

        // A fact sheet that keeps the style keeps the condition.
        var kept = Fixture.Edited(Folder, file, ("The class of interest is the Novice class.", "The class of interest is the Novice class, Midland style only."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == PlanConditionDetector.DetectorId);
    }

    [Fact]
    public void A_verifier_that_recounts_above_the_bound_the_task_includes_overrules_the_right_count()
    {
        const string file = "gc-01-lido-temperatures.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((StrictBoundaryDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));

        // A recount that keeps the bound overrules nothing.
        var kept = Fixture.Edited(Folder, file, ("] > 20.0]", "] >= 20.0]"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == StrictBoundaryDetector.DetectorId);
    }

    [Fact]
    public void A_script_that_counts_away_wins_by_the_home_team_column_reads_the_sibling_of_the_role_the_plan_names()
    {
        const string file = "gc-05-junior-football.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SiblingColumnDetector.DetectorId, "Statistics_Expert", "invoke_agent chat_manager/invoke_agent Statistics_Expert[4]"), (a.Detector, a.Cited?.Agent, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "Harrowgate Colts were the away team");

        // The away team's column, read: no finding.
        var right = Fixture.Edited(Folder, file, ("away_wins = u12[(u12[\\\\\\\"home_team\\\\\\\"]", "away_wins = u12[(u12[\\\\\\\"away_team\\\\\\\"]"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == SiblingColumnDetector.DetectorId);

        // The closing "won 2 Under-12 matches away from home" is the run's answer: the 14 of "the 14-match total" above it is not.
        Assert.DoesNotContain("states 14", a.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expert_that_ranks_by_the_absolute_change_where_the_task_asks_for_the_percentage_redefines_the_measure()
    {
        const string file = "gc-06-trail-counters.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((RedefinedMeasureDetector.DetectorId, "Countryside_Access_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "percentage increase");

        // A script after it that divides the change by the earlier year's figure came back to the percentage.
        var divided = Fixture.Edited(Folder, file, ("df[\\\"change\\\"] = df[\\\"walkers_2023\\\"] - df[\\\"walkers_2022\\\"]\\n", "df[\\\"change\\\"] = (df[\\\"walkers_2023\\\"] - df[\\\"walkers_2022\\\"]) / df[\\\"walkers_2022\\\"]\\n"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(divided), f => f.Detector == RedefinedMeasureDetector.DetectorId);
    }
}
