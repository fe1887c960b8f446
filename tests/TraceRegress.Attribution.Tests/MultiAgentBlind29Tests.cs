using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-ninth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with spans out of order), each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 9/12 step and 9/12 agent, the same in both modes. After changes on principle (below, each with a
/// case where it must not fire): 10/12 step and 11/12 agent in both modes. The misses are pinned with what is cited
/// instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind29Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind29";

    protected override int MagenticOneTurns => 15;

    protected override int GroupChatTurns => 8;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string plazas = "5 DataAnalysis_Expert: an approach that applies the cash test \"to every plaza in the inventory\" and says \"No other filtering is needed\" drops the task's \"mainline\" in words no rule reads as a plan without a qualifier; the same expert's code, where the count entered, is cited";
        const string nests = "14 Coder: an instruction that counts every CC row as a nest, where the data dictionary calls a false crawl no nest, is a method given in words that the Coder carried out \"as instructed\"; the Coder's count is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-hot-springs.json", 7, "Geothermal_Expert", null, null },
            { "gc-02-marine-park-zones.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-03-craft-breweries.json", 8, "Verification_Expert", null, null },
            { "gc-04-antarctic-station.json", 5, "Polar_Logistics_Expert", null, null },
            { "gc-05-toll-plazas.json", 1, "DataAnalysis_Expert", plazas, plazas },
            { "gc-06-carillon-bells.json", 5, "Carillon_Expert", null, null },
            { "mo-01-cherry-blossom.json", 11, "Coder", null, null },
            { "mo-02-sea-turtle-nests.json", 13, "Orchestrator", nests, nests },
            { "mo-03-old-faithful-intervals.json", 14, "Coder", null, null },
            { "mo-04-dictionary-update.json", 7, "WebSurfer", null, null },
            { "mo-05-ice-hockey-attendance.json", 8, "WebSurfer", null, null },
            { "mo-06-tulip-bulb-exports.json", 12, "FileSurfer", null, null },
        };
    }

    [Fact]
    public void A_worker_that_opens_the_preliminary_file_beside_the_final_one_chose_the_wrong_source()
    {
        const string file = "mo-06-tulip-bulb-exports.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((SupersededFileDetector.DetectorId, "FileSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("exports_2022_prelim.csv", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("exports_2022_final.csv", StringComparison.Ordinal));

        // Where the folder holds no final file of that name, the preliminary one was the only choice.
        var alone = Fixture.Edited(Folder, file, ("exports_2022_final.csv", "exports_2021_summary.csv"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(alone), f => f.Detector == SupersededFileDetector.DetectorId);
    }

    [Theory]
    [InlineData("'TBD' marks a plaza where cash removal is planned.")]
    [InlineData("The field reads \"N/A\" for closed sites.")]
    [InlineData("Its status stays 'Pending' until paid.")]
    public void A_mark_for_a_value_not_there_yet_is_no_name(string text) =>
        Assert.DoesNotContain(Engine.Text.Facts.Extract(text), f => f.Kind == Engine.Text.FactKind.Name);

    [Fact]
    public void A_quoted_name_is_still_a_name() =>
        Assert.Contains(Engine.Text.Facts.Extract("The club is called 'London Knights'."), f => f.Kind == Engine.Text.FactKind.Name);
}
