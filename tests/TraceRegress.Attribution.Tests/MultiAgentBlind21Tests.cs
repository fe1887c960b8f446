using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-first held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with the turn text in <c>gen_ai.output.messages</c>, four with child spans), each with error noise that is
/// not the mistake.
/// <para>
/// Measured on arrival: 8/12 step and 8/12 agent, in both modes. After changes on principle, each with the case where it
/// must not fire (below): a value given from memory ("No need to hammer Wikipedia again ... Taihō Kōki won 33") where a
/// printout the team had read ties the task's name to another ("the record of 32 set by Taihō"), which the answer
/// restates; a growth worked out against the wrong base that gave the answer's own figure; "× 100" is a percentage's
/// scale, not a fact; a plan that restates the question without the category it counts ("steel", a Type the data holds)
/// when no code filters by it: 12/12 and 12/12 in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind21Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind21";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-spelling-bee.json", 9, "WebSurfer", null, null },
            { "mo-02-roller-coasters.json", 1, "Orchestrator", null, null },
            { "mo-03-yellowstone-area.json", 12, "Coder", null, null },
            { "mo-04-beekeeping.json", 7, "FileSurfer", null, null },
            { "mo-05-apollo-eva.json", 12, "Orchestrator", null, null },
            { "mo-06-futura-typeface.json", 7, "WebSurfer", null, null },
            { "gc-01-patent-filings.json", 8, "DataAnalysis_Expert", null, null },
            { "gc-02-coral-cover.json", 8, "Verification_Expert", null, null },
            { "gc-03-sumo-yusho.json", 3, "Sumo_History_Expert", null, null },
            { "gc-04-ski-lift-incidents.json", 6, "Data_Analysis_Expert", null, null },
            { "gc-05-living-wage.json", 7, "Economics_Expert", null, null },
            { "gc-06-robotics-league.json", 3, "Robotics_Competition_Expert", null, null },
        };
    }

    [Fact]
    public void A_value_from_memory_against_a_printout_that_ties_the_name_to_another_is_cited()
    {
        const string file = "gc-03-sumo-yusho.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("memory-over-evidence", "Sumo_History_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains("33 for Taihō", a.Summary, StringComparison.Ordinal);

        // The printout gives the remembered figure: memory agrees with what was read.
        var agrees = Fixture.Edited(Folder, file, ("record of 32 set by Taihō", "record of 33 set by Taihō"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == "memory-over-evidence");
    }

    [Fact]
    public void A_growth_against_the_wrong_base_that_gave_the_answer_is_cited()
    {
        var a = Fixture.Attribute(Folder, "gc-05-living-wage.json");
        Assert.Equal(("growth-base", "Economics_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "30.9%");
    }

    [Fact]
    public void A_percentage_scale_is_no_fact_and_the_wrong_file_is_cited()
    {
        var a = Fixture.Attribute(Folder, "mo-04-beekeeping.json");
        Assert.Equal(("wrong-file", "FileSurfer"), (a.Detector, a.Cited?.Agent));

        const string formula = "survival = alive in spring / colonies in autumn × 100; pct = x * 100; 100*x; 1100 × 2; × 100.5";
        Assert.True(UnsupportedFactDetector.PercentScale(formula, formula.IndexOf("100;", StringComparison.Ordinal)));
        Assert.True(UnsupportedFactDetector.PercentScale(formula, formula.IndexOf("100; 100", StringComparison.Ordinal) + 5));
        Assert.False(UnsupportedFactDetector.PercentScale(formula, formula.IndexOf("1100", StringComparison.Ordinal) + 1));
        Assert.False(UnsupportedFactDetector.PercentScale(formula, formula.IndexOf("100.5", StringComparison.Ordinal)));
        Assert.False(UnsupportedFactDetector.PercentScale("It has 100 members.", 7));
    }

    [Fact]
    public void A_plan_that_restates_the_question_without_the_category_it_counts_is_cited()
    {
        const string file = "mo-02-roller-coasters.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-filter", "Orchestrator", "Task Orchestration"), (a.Detector, a.Cited?.Agent, a.Category!.L4));
        Assert.Contains(a.Evidence, e => e.Quote == "steel");

        // The plan keeps the word.
        var kept = Fixture.Edited(Folder, file, ("The number of coasters whose opening year is earlier than 2000", "The number of steel coasters whose opening year is earlier than 2000"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-filter");

        // The code filters by it.
        var filtered = Fixture.Edited(Folder, file, ("""pre_2000 = df[df[\"Opened\"] < 2000]""", """pre_2000 = df[(df[\"Opened\"] < 2000) & (df[\"Type\"] == \"Steel\")]"""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(filtered), f => f.Detector == "dropped-filter");
    }

    [Fact]
    public void Day_first_dates_parsed_month_first_are_cited()
    {
        var a = Fixture.Attribute(Folder, "gc-04-ski-lift-incidents.json");
        Assert.Equal(("month-first-parse", "Data_Analysis_Expert"), (a.Detector, a.Cited?.Agent));
    }
}
