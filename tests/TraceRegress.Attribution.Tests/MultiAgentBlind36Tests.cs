namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirty-sixth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step in both modes (with and without the expected answer), 7/12 agent without the expected
/// answer and 8/12 with it. The misses are pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind36Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind36";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 12;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string archery = "7 Archery_Expert: the verifier that replaces the README's tie-break (most 10s) with an X-count rule the README excludes is not read as overruling; the answer is traced to the turn before it";
        const string quarry = "10 Verification_Expert: a fall divided by the later year's value is found (growth-base), but at the verifier that repeats the division, not the expert who first wrote it";
        const string sundial = "3 DataAnalysis_Expert: a count of dials given where the question asks for distinct parishes is a reading of the question no rule makes; a recovered code error is cited";
        const string moth = "3 FileSurfer: the July values read one row too low are traced to the file's first reading, four steps before the misread";
        const string glass = "1 Orchestrator: a count from the top half of a page (the viewport shows 50%) is not read as a partial page here; the answer's origin is inferred at the plan";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-archery-scores.json", 8, "Verification_Expert", archery, archery },
            { "gc-02-hop-harvest.json", 1, "DataAnalysis_Expert", null, null },
            { "gc-03-whale-sightings.json", 7, "Marine_Biology_Expert", null, null },
            { "gc-04-marble-quarry.json", 5, "Mining_Expert", quarry, quarry },
            { "gc-05-manuscript-folios.json", 9, "DataAnalysis_Expert", null, null },
            { "gc-06-sundial-survey.json", 12, "Sundial_Expert", sundial, sundial },
            { "mo-01-ski-jump-hill-size.json", 5, "WebSurfer", null, null },
            { "mo-02-lifeboat-launches.json", 1, "Orchestrator", null, null },
            { "mo-03-moth-trap-counts.json", 7, "FileSurfer", moth, moth },
            { "mo-04-velodrome-lap-record.json", 13, "Coder", null, null },
            { "mo-05-stained-glass-windows.json", 7, "WebSurfer", glass, glass },
            { "mo-06-glider-club-flights.json", 18, "Orchestrator",
                "7 WebSurfer: the provisional AGM figure chosen over the final statistics that replace it is not read as a superseded source; a dropped constraint in the surfer's search is cited",
                "15 Orchestrator: the provisional AGM figure chosen over the final statistics that replace it is not read as a superseded source; the answer's value is traced to an earlier orchestrator turn" },
        };
    }
}
