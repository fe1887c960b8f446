namespace TraceRegress.AttributionTests;

/// <summary>
/// A fortieth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step and 7/12 agent in both modes (with and without the expected answer).
/// </para>
/// </summary>
public class MultiAgentBlind40Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind40";

    protected override int MagenticOneTurns => 14;

    protected override int GroupChatTurns => 14;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-coastal-rowing-marathon.json", 3, "Navigation_Expert", null, null },
            { "gc-02-glass-eel-counts.json", 6, "Data_Analysis_Expert", null, null },
            { "gc-03-giant-marrow-weighin.json", 8, "Verification_Expert", "7 Horticulture_Expert: arrival", "7 Horticulture_Expert: arrival" },
            { "gc-04-hedge-laying-lengths.json", 5, "Data_Analysis_Expert", null, null },
            { "gc-05-ice-house-ledger.json", 6, "Python_Expert", null, null },
            { "gc-06-camera-obscura-visitors.json", 7, "Visitor_Analytics_Expert", "6 Python_Expert: arrival", "6 Python_Expert: arrival" },
            { "mo-01-velodrome-pursuit.json", 9, "WebSurfer", "7 WebSurfer: arrival", "7 WebSurfer: arrival" },
            { "mo-02-tide-mill-restoration.json", 7, "WebSurfer", null, null },
            { "mo-03-balloon-launch-log.json", 1, "Orchestrator", "5 Coder: arrival", "5 Coder: arrival" },
            { "mo-04-instrument-auction-sextants.json", 11, "WebSurfer", "1 Orchestrator: arrival", "1 Orchestrator: arrival" },
            { "mo-05-juniper-germination.json", 11, "Coder", null, null },
            { "mo-06-cave-survey-length.json", 14, "Orchestrator", "7 WebSurfer: arrival", "7 WebSurfer: arrival" },
        };
    }
}
