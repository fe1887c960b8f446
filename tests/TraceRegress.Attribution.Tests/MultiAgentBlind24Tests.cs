namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-fourth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with the turn text in <c>gen_ai.output.messages</c>, four with child spans), each with error noise that is
/// not the mistake.
/// <para>
/// Measured on arrival: 9/12 step and 9/12 agent, in both modes; no rule was changed for it. Later, a plan's "Q1 2024"
/// for "the first quarter of 2024" and its "1-29 February 2024" for "February 2024" restate what the task gives, so the
/// between() filter that drops the month's last day is cited: 10/12 and 10/12 in both modes. The misses are pinned with
/// what is cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind24Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind24";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string rust = "15 Coder: a snippet about a namesake (the Rust video game's 1.0 on Steam) read for the language is a namesake the rules tell apart only by a capitalised name the task writes, and the task writes \"Rust\" for both; the code that worked out the days printed the answer";
        const string ceramics = "11 Coder: a table headed \"(£000 unless otherwise stated)\" read without its scale by the surfer is a scale the rules read in records and code, not in a page's OCR; the code that used the figure printed the answer";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-snooker-centuries.json", 1, "Orchestrator", null, null },
            { "mo-02-rust-release.json", 9, "WebSurfer", rust, rust },
            { "mo-03-container-port.json", 7, "FileSurfer", null, null },
            { "mo-04-blood-donation.json", 11, "Coder", null, null },
            { "mo-05-ceramics-revenue.json", 9, "WebSurfer", ceramics, ceramics },
            { "mo-06-podcast-episodes.json", 15, "Orchestrator", null, null },
            { "gc-01-fire-callouts.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-02-cheese-awards.json", 11, "DataAnalysis_Expert", null, null },
            { "gc-03-broadband-speeds.json", 10, "Verification_Expert", null, null },
            { "gc-04-speedcubing.json", 7, "Speedcubing_Expert", null, null },
            { "gc-05-animal-shelter.json", 0, "AnimalWelfare_Expert", null, null },
            { "gc-06-noise-complaints.json", 5, "DataAnalysis_Expert", null, null },
        };
    }

    [Fact]
    public void A_quarter_and_a_whole_month_written_short_in_a_plan_restate_the_task()
    {
        const string file = "mo-04-blood-donation.json";
        var findings = AttributionEngine.Default.Detect(Fixture.Load(Folder, file));
        Assert.DoesNotContain(findings, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote is "Q1 2024" or "29 February 2024"));
        Assert.Equal(("strict-boundary", "Coder"), (Fixture.Attribute(Folder, file).Detector, Fixture.Attribute(Folder, file).Cited?.Agent));

        // A quarter the task does not name, and a range that does not start on the month's first day, are the plan's own.
        var other = Fixture.Edited(Folder, file, ("for Q1 2024", "for Q2 2024"), ("dated 1-29 February 2024", "dated 2-29 February 2024"));
        var own = AttributionEngine.Default.Detect(other);
        Assert.Contains(own, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "Q2 2024"));
        Assert.Contains(own, f => f.Detector == "unsupported-fact" && f.Evidence.Any(e => e.Quote == "29 February 2024"));
    }
}
