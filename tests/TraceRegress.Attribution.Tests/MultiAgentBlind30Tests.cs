namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirtieth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP written in the order spans end (root last), each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 5/12 step and 5/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 11/12 step and 11/12 agent in both modes. The misses are pinned with what is cited instead
/// and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind30Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind30";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string avalanche = "5 DataAnalysis_Expert: a window shifted a day by an expert's claim about what a date column means is a reading of a column's meaning no rule weighs against its name; the code that counted is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-public-holidays.json", 7, "Verification_Expert", null, null },
            { "gc-02-oyster-yield.json", 7, "DataAnalysis_Expert", null, null },
            { "gc-03-lego-technic.json", 4, "DataAnalysis_Expert", null, null },
            { "gc-04-avalanche-danger.json", 4, "Avalanche_Expert", avalanche, avalanche },
            { "gc-05-wii-sales.json", 3, "DataAnalysis_Expert", null, null },
            { "gc-06-language-speakers.json", 6, "Linguistics_Expert", null, null },
            { "mo-01-pumpkin-weighoff.json", 13, "WebSurfer", null, null },
            { "mo-02-sea-ice.json", 19, "Coder", null, null },
            { "mo-03-lithium.json", 1, "Orchestrator", null, null },
            { "mo-04-shark-bites.json", 11, "WebSurfer", null, null },
            { "mo-05-rice-releases.json", 8, "Orchestrator", null, null },
            { "mo-06-estadio-nacional.json", 7, "WebSurfer", null, null },
        };
    }

    [Fact]
    public void A_figure_an_expert_gave_from_memory_and_the_code_then_used_is_where_the_answer_went_wrong()
    {
        const string file = "gc-06-language-speakers.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("Linguistics_Expert", "Language-only hallucination"), (a.Cited?.Agent, a.Category.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("237 million", StringComparison.Ordinal));

        // The code takes the figure from the file instead: the expert's aside no longer reaches the answer.
        var fromFile = Fixture.Edited(Folder, file, ("bengali_l1 = 237.0", "bengali_l1 = 233.7"));
        Assert.NotEqual("Linguistics_Expert", AttributionEngine.Default.Attribute(fromFile).Cited?.Agent);
    }

    [Fact]
    public void A_count_given_with_the_scale_the_task_counts_in_is_the_figure_the_script_printed()
    {
        // "487.3 million" after the terminal printed 487.3, for a task asking "in millions": grounded, not invented.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "gc-06-language-speakers.json")),
            f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "487.3 million"));
    }

    [Fact]
    public void How_many_rows_a_script_shows_is_no_fact_of_the_answer()
    {
        // "print(df.head(12))" states no 12 the team must ground.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, "gc-01-public-holidays.json")),
            f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "12"));
    }

    [Fact]
    public void A_surfer_that_calls_the_rows_it_showed_of_a_fifth_of_a_page_the_complete_table_read_part_of_the_list()
    {
        const string file = "mo-04-shark-bites.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("complete county table", StringComparison.Ordinal));

        // Without the claim the surfer only reported what it saw; this reading does not fire.
        var modest = Fixture.Edited(Folder, file, ("That is the complete county table, so four", "So four"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(modest), f => f.Detector == Engine.Detectors.PartialPageDetector.DetectorId && f.Summary.Contains("then said", StringComparison.Ordinal));
    }

    [Fact]
    public void An_instruction_to_open_a_file_beside_its_revision_chose_the_superseded_release()
    {
        const string file = "mo-05-rice-releases.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.SupersededFileDetector.DetectorId, "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("rice_paddy_production_2022_final_rev2023-11.csv", StringComparison.Ordinal));

        // A listing with no revision of the 2022 file: the final file was the one to open.
        var noRevision = Fixture.Edited(Folder, file, ("rice_paddy_production_2022_final_rev2023-11.csv", "rice_paddy_production_2023_final.csv"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(noRevision), f => f.Detector == Engine.Detectors.SupersededFileDetector.DetectorId);
    }

    [Fact]
    public void A_substring_filter_that_also_keeps_a_platform_the_value_counts_list_apart_counts_another_category()
    {
        const string file = "gc-05-wii-sales.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.SubstringFilterDetector.DetectorId, "DataAnalysis_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("str.contains(\"Wii\"", StringComparison.Ordinal));

        // An exact match keeps the task's platform alone.
        var exact = Fixture.Edited(Folder, file, ("d[\\\"Platform\\\"].str.contains(\\\"Wii\\\")", "(d[\\\"Platform\\\"] == \\\"Wii\\\")"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(exact), f => f.Detector == Engine.Detectors.SubstringFilterDetector.DetectorId);
    }

    [Fact]
    public void A_plan_that_ranks_every_country_where_the_task_asks_within_a_region_dropped_the_region()
    {
        const string file = "mo-03-lithium.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.DroppedQualifierDetector.DetectorId, "magentic_one.run/invoke_agent Orchestrator[1]"), (a.Detector, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "in the Americas");
        Assert.Contains(a.Evidence, e => e.Quote == "each listed country");

        // A plan that keeps the region hands the question on whole.
        var kept = Fixture.Edited(Folder, file,
            ("for each listed country", "for each listed country in the Americas"),
            ("rank all countries in the table by 2023 production", "rank the countries of the Americas in the table by 2023 production"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == Engine.Detectors.DroppedQualifierDetector.DetectorId && f.Summary.Contains("plan", StringComparison.Ordinal));
    }

    [Fact]
    public void A_verifier_that_argues_the_printed_count_away_is_where_the_answer_changed()
    {
        const string file = "gc-01-public-holidays.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((Engine.Detectors.OverruledResultDetector.DetectorId, "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "I have to disagree with excluding Neujahr.");
        Assert.Contains(a.Evidence, e => e.Quote == "Falling Monday-Friday: 6");

        // With the expected answer the printed 6 was the right one: the same turn lost it.
        var trace = Fixture.Load(Folder, file);
        Assert.Equal("Verification_Expert", AttributionEngine.Default.Attribute(trace, new AttributionRequest { ExpectedAnswer = "6" }).Cited?.Agent);
        // An expected answer that is neither: the printed result was wrong too, and this reading says nothing.
        var context = AttributionEngine.Default.CreateContext(trace, new AttributionRequest { ExpectedAnswer = "5" });
        Assert.Empty(new Engine.Detectors.OverruledResultDetector().Detect(context));

        // A verifier that argues without naming the result it sets aside still overrules the one it was asked to check.
        var unnamed = Fixture.Edited(Folder, file, ("the six Monday-Friday holidays plus Neujahr", "the weekday holidays plus Neujahr"));
        Assert.Contains(AttributionEngine.Default.Detect(unnamed), f => f.Detector == Engine.Detectors.OverruledResultDetector.DetectorId);

        // One that agrees overrules nothing.
        var agrees = Fixture.Edited(Folder, file, ("I have to disagree with excluding Neujahr.", "I agree with excluding Neujahr."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(agrees), f => f.Detector == Engine.Detectors.OverruledResultDetector.DetectorId);
    }
}
