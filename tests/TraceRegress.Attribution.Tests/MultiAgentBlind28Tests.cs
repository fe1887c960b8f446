using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-eighth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP with spans out of order, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 5/12 step and 5/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 8/12 step and 8/12 agent in both modes. The misses are pinned with what is cited
/// instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind28Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind28";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string rounding = "0 WaterResources_Expert: an intermediate figure rounded before the conversion (49.19 m3 to 49) is a rounding the rules do not weigh against the task's rounding of the answer alone; the plan that first stated the answer's figure is cited";
        const string tunnel = "7 WebSurfer: an instruction to open the older namesake's page, whose hatnote points to the one the task asks about, is a choice of page the rules read only in the surfer's click; the surfer's page is cited";
        const string register = "18 Orchestrator: a register opened by its name \"final\" whose header dates it 2019, where the README names another file the 2023 register, is a file the superseded-file rule does not read (no word of the listing calls it out of date); the step that took up the value is cited";
        const string gigawatts = "16 Orchestrator: 1.32 GW written into code as 1.32 under a comment that says MW is a unit the record-unit rule reads only in prose; the step that took up the sum is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-cod-quotas.json", 6, "Verification_Expert", null, null },
            { "gc-02-apple-orchards.json", 4, "DataAnalysis_Expert", null, null },
            { "gc-03-hospital-beds.json", 8, "HealthStatistics_Expert", null, null },
            { "gc-04-water-use.json", 6, "DataAnalysis_Expert", rounding, rounding },
            { "gc-05-lottery-jackpots.json", 4, "Statistics_Expert", null, null },
            { "gc-06-salt-production.json", 0, "SaltIndustry_Expert", null, null },
            { "mo-01-olive-oil.json", 14, "WebSurfer", null, null },
            { "mo-02-rail-tunnels.json", 4, "Orchestrator", tunnel, tunnel },
            { "mo-03-university-enrollment.json", 13, "Coder", null, null },
            { "mo-04-island-populations.json", 11, "FileSurfer", register, register },
            { "mo-05-hydro-dams.json", 14, "Coder", gigawatts, gigawatts },
            { "mo-06-monarch-butterflies.json", 9, "WebSurfer", null, null },
        };
    }

    [Fact]
    public void A_filter_that_keeps_the_bound_the_task_leaves_out_counts_it_in()
    {
        const string file = "gc-05-lottery-jackpots.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("strict-boundary", "Statistics_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "more than EUR 50 million");

        var strict = Fixture.Edited(Folder, file, (">= 50_000_000", "> 50_000_000"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(strict), f => f.Detector == StrictBoundaryDetector.DetectorId);
    }

    [Fact]
    public void A_group_chat_opening_that_restates_the_task_without_its_exclusion_is_a_misread_task()
    {
        const string file = "gc-06-salt-production.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-count-rule", "SaltIndustry_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Exclude rock salt and vacuum salt");

        var kept = Fixture.Edited(Folder, file, ("Sum the production_kt column over all works for 2022.", "Sum the production_kt column for 2022, excluding rock salt and vacuum salt."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == DroppedCountRuleDetector.DetectorId);
    }

    [Fact]
    public void A_surfer_that_calls_part_of_a_table_complete_is_cited()
    {
        const string file = "mo-06-monarch-butterflies.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("partial-page", "WebSurfer"), (a.Detector, a.Cited?.Agent));

        var unsure = Fixture.Edited(Folder, file, ("The complete table of seasons is visible;", "Part of the table of seasons is visible;"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unsure), f => f.Detector == PartialPageDetector.DetectorId && f.Span.SpanId == a.Cited!.SpanId);
    }
}
