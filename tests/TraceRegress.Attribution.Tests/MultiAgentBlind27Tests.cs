using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-seventh held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with the turn text in <c>gen_ai.output.messages</c>, two with child spans), each with error noise that is
/// not the mistake.
/// <para>
/// Measured on arrival: 5/12 step and 6/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 12/12 step and 12/12 agent in both modes.
/// </para>
/// </summary>
public class MultiAgentBlind27Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind27";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-metro-ridership.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-02-orbital-launches.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-03-booker-ages.json", 7, "Verification_Expert", null, null },
            { "gc-04-cocoa-grindings.json", 4, "Commodities_Expert", null, null },
            { "gc-05-wine-yields.json", 6, "Viticulture_Expert", null, null },
            { "gc-06-reactor-capacity.json", 5, "Nuclear_Engineering_Expert", null, null },
            { "mo-01-maple-syrup.json", 9, "WebSurfer", null, null },
            { "mo-02-salmon-counts.json", 1, "Orchestrator", null, null },
            { "mo-03-lake-depths.json", 8, "Orchestrator", null, null },
            { "mo-04-texas-river.json", 5, "WebSurfer", null, null },
            { "mo-05-street-trees.json", 12, "Orchestrator", null, null },
            { "mo-06-dark-sky.json", 11, "WebSurfer", null, null },
        };
    }

    [Fact]
    public void The_expert_whose_method_the_next_turn_says_it_follows_is_where_the_value_was_decided()
    {
        const string file = "gc-05-wine-yields.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("final-answer", "Viticulture_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains("by the method", a.Summary, StringComparison.Ordinal);

        // Code that does not say whose method it follows is its author's own.
        var own = Fixture.Edited(Folder, file, ("Following that approach, averaging the three regional yields:", "Averaging the three regional yields:"));
        Assert.Equal("DataAnalysis_Expert", AttributionEngine.Default.Attribute(own).Cited?.Agent);
    }

    [Fact]
    public void A_measure_a_page_gave_in_two_units_restated_under_the_second_is_a_misread_unit()
    {
        const string file = "mo-03-lake-depths.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("record-unit", "Tool Output Misinterpretation"), (a.Detector, a.Category?.L4));
        Assert.Equal(["453 m", "1,486 ft", "453 ft"], a.Evidence.Select(e => e.Quote));

        var right = Fixture.Edited(Folder, file, ("Lake Chelan 453 ft)", "Lake Chelan 1,486 ft)"), ("maximum depth (453 ft)", "maximum depth (1,486 ft)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == RecordUnitDetector.DetectorId);
    }

    [Fact]
    public void A_plan_that_adds_up_what_the_task_excludes_is_a_misread_task()
    {
        const string file = "mo-02-salmon-counts.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-count-rule", "magentic_one.run/invoke_agent Orchestrator[1]"), (a.Detector, a.Cited?.Path));
        Assert.Contains(a.Evidence, e => e.Quote == "excluding jacks");

        var kept = Fixture.Edited(Folder, file, ("both the adult Chinook and the jack Chinook columns", "the adult Chinook column only, excluding jacks"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == DroppedCountRuleDetector.DetectorId);
    }

    [Fact]
    public void A_filter_that_keeps_a_code_the_run_spelled_out_as_another_category_is_a_misread_task()
    {
        const string file = "gc-01-metro-ridership.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("coded-category", "Incorrect Problem Identification", "DataAnalysis_Expert"), (a.Detector, a.Category?.L4, a.Cited?.Agent));
        Assert.Equal(["LR = light rail", ".isin([\"HR\", \"LR\"]"], a.Evidence.Select(e => e.Quote));

        var heavy = Fixture.Edited(Folder, file, ("isin([\\\"HR\\\", \\\"LR\\\"])", "isin([\\\"HR\\\"])"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(heavy), f => f.Detector == CodedCategoryDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_says_it_read_the_whole_list_from_part_of_the_page_is_cited_not_who_believed_it()
    {
        const string file = "mo-06-dark-sky.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("partial-page", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "I have reached the end of the list.");

        var unsure = Fixture.Edited(Folder, file, ("I have reached the end of the list. In total", "I can see more below. So far"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unsure), f => f.Detector == PartialPageDetector.DetectorId && f.Span.SpanId == a.Cited!.SpanId);
    }

    [Fact]
    public void A_sentence_that_reads_two_columns_of_a_row_is_read_clause_by_clause()
    {
        const string file = "mo-01-maple-syrup.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("misread-cell", "WebSurfer"), (a.Detector, a.Cited?.Agent));

        // Read right, the surfer's sentence is no finding; the coordinator's restatement of the old reading still is.
        var right = Fixture.Edited(Folder, file, ("1,550 (thousand gallons) in 2020", "2,220 (thousand gallons) in 2020"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId && f.Span.SpanId == a.Cited!.SpanId);
        Assert.Contains(AttributionEngine.Default.Detect(right), f => f.Detector == MisreadCellDetector.DetectorId && f.Span.Agent == "Orchestrator");
    }

    [Fact]
    public void Working_from_the_file_a_readme_calls_interim_beside_the_final_one_is_poor_retrieval()
    {
        const string file = "mo-05-street-trees.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("superseded-file", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("interim export of 2 April 2023", StringComparison.Ordinal));

        var final = Fixture.Edited(Folder, file, ("Load /workspace/trees/street_trees_2023.csv", "Load /workspace/trees/street_trees_2023_rev2.csv"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(final), f => f.Detector == SupersededFileDetector.DetectorId);
    }
}
