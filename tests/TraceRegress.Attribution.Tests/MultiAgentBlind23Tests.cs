using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-third held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with the turn text in <c>gen_ai.output.messages</c>, four with child spans), each with error noise that is
/// not the mistake.
/// <para>
/// Measured on arrival: 7/12 step and 9/12 agent, in both modes. After changes on principle (each below, with a case
/// where it must not fire): 12/12 step and 12/12 agent in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind23Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind23";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs() => new()
    {
        { "mo-01-windmills.json", 1, "Orchestrator", null, null },
        { "mo-02-m1-max-transistors.json", 5, "WebSurfer", null, null },
        { "mo-03-fossil-catalogue.json", 3, "FileSurfer", null, null },
        { "mo-04-puccini-premieres.json", 14, "Coder", null, null },
        { "mo-05-hornsea-turbines.json", 12, "Orchestrator", null, null },
        { "mo-06-hugo-best-novel.json", 13, "WebSurfer", null, null },
        { "gc-01-atlantic-named-storms.json", 0, "Meteorology_Expert", null, null },
        { "gc-02-tea-auction-average.json", 9, "Verification_Expert", null, null },
        { "gc-03-submarine-cable-length.json", 3, "Telecom_Infrastructure_Expert", null, null },
        { "gc-04-norway-ev-registrations.json", 6, "DataAnalysis_Expert", null, null },
        { "gc-05-unesco-italy-natural.json", 9, "Heritage_Expert", null, null },
        { "gc-06-food-hygiene-ratings.json", 8, "Python_Expert", null, null },
    };

    [Fact]
    public void A_run_of_years_shifted_off_the_one_the_task_counts_back_from_is_a_misread_task()
    {
        const string file = "gc-01-atlantic-named-storms.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("year-window", "Meteorology_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "2017, 2018 and 2019");

        // Three seasons ending with 2019 are 2017 to 2019.
        var right = Fixture.Edited(Folder, file, ("ending with the 2020 season", "ending with the 2019 season"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == YearWindowDetector.DetectorId);
    }

    [Fact]
    public void The_step_that_chose_a_printed_result_over_the_one_proposed_is_cited()
    {
        const string file = "gc-02-tea-auction-average.json";
        Assert.Equal("Verification_Expert", Fixture.Attribute(Folder, file).Cited?.Agent);
        // "the '-' placeholders" of a column are its data, not data made up.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "assumed-data");

        // Nobody put the other result forward: the code that printed both is where the answer entered.
        var unproposed = Fixture.Edited(Folder, file, ("My reading is that the sale average is the quantity-weighted figure, 587.59, but ", ""));
        Assert.Equal("DataAnalysis_Expert", AttributionEngine.Default.Attribute(unproposed).Cited?.Agent);
    }

    [Fact]
    public void A_refused_page_the_surfer_got_past_is_noise_and_a_bare_figure_comes_from_where_it_was_written_with_its_scale()
    {
        const string file = "mo-02-m1-max-transistors.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.Contains(findings, f => f.Detector == "http-status" && f.Evidence.Any(e => e.Quote == "403") && f.Confidence < 0.5);
        // The answer "33.7" was first written "33.7 billion" on the results page; the surfer's reading picked it.
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("final-answer", "WebSurfer"), (a.Detector, a.Cited?.Agent));
    }

    [Fact]
    public void A_value_vouched_for_by_the_plans_fact_sheet_against_the_page_is_memory_over_evidence()
    {
        const string file = "mo-05-hornsea-turbines.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("memory-over-evidence", a.Detector);
        Assert.Contains("gives 175 for Hornsea", a.Summary, StringComparison.Ordinal);

        var unmarked = Fixture.Edited(Folder, file, (", as noted in our fact sheet", ""));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unmarked), f => f.Detector == MemoryOverEvidenceDetector.DetectorId);
    }

    [Fact]
    public void A_name_the_plan_guesses_among_candidates_did_not_enter_the_answer_there()
    {
        Assert.Equal(("wrong-file", "FileSurfer"), (Fixture.Attribute(Folder, "mo-03-fossil-catalogue.json").Detector, Fixture.Attribute(Folder, "mo-03-fossil-catalogue.json").Cited?.Agent));
        // A plan that guesses one name, which the answer then gives unchecked, is still where it entered.
        var guessed = Fixture.Attribute("multiagent", "magentic-one-plan-guess-answered.json");
        Assert.Equal("invoke_agent MagenticOne/invoke_agent Orchestrator (thought)[1]", guessed.Cited?.Path);
    }
}
