namespace TraceRegress.AttributionTests;

/// <summary>
/// A thirteenth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>) before the engine was run on them, by a writer who had read neither the engine nor its
/// documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in OTLP, each with
/// error noise that is not the mistake.
/// <para>
/// Measured on arrival (with every rule of the twelfth batch already in): without the expected answer 6/12 step, 7/12
/// agent; with it 7/12 step, 8/12 agent, the first batch whose agent-level arrival is above 55% in both modes. After
/// one change made on principle (below): a strict comparison against a bound the task includes ("from 1 March to 15
/// March 2023 (inclusive)" against <c>date &lt; '2023-03-15'</c>) is where the count went wrong: without 7/12 step, 8/12
/// agent; with 8/12 step, 9/12 agent. Each miss is pinned with what is cited instead and why no rule reaches it.
/// </para>
/// </summary>
public class MultiAgentBlind13Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind13";

    protected override int MagenticOneTurns => 12;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string womens = "17 WebSurfer: a summary that gives the men's winner for the women's race is a row of another table no rule ties to the instruction's qualifier; with race times read as figures, the surfer's later reading of that time is cited";
        const string millimetres = "8 WebSurfer: a sum of millimetres divided by 100 as if centimetres is a scale read from a header (\"Units: mm water equivalent\") no rule compares with the code's divisor; a stalled page is cited";
        const string lighthouse = "10 Orchestrator: a snippet about a light of a near-identical name (Carrickmoor for Carrickmore) is an entity the rules match by name only; a later instruction is cited";
        const string verifier = "8 Statistics_Expert: a verifier that recomputes from a rounded summary sheet against the task's instruction to use the records is a choice of source no rule weighs; an earlier figure is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "magentic-one-websurfer-mens-time-for-womens-race.json", 13, "WebSurfer", womens, womens },
            { "magentic-one-orchestrator-summed-partial-table.json", 16, "Orchestrator", null, null },
            { "magentic-one-coder-mm-read-as-cm.json", 5, "Coder", millimetres, millimetres },
            { "magentic-one-websurfer-snippet-from-lookalike-lighthouse.json", 3, "WebSurfer", lighthouse, lighthouse },
            { "magentic-one-orchestrator-season-as-calendar-year.json", 1, "Orchestrator", null, null },
            { "magentic-one-coder-girth-strict-threshold.json", 19, "Coder", null, null },
            { "groupchat-merge-duplicates-rating-renewals.json", 6, "DataAnalysis_Expert", null, null },
            { "groupchat-average-includes-closed-mondays.json", 4, "Statistics_Expert", null, null },
            { "groupchat-date-window-drops-last-day.json", 1, "Python_Expert", null, null },
            { "groupchat-currency-rates-never-applied.json", 11, "Finance_Expert", null, null },
            { "groupchat-verifier-uses-rounded-summary.json", 11, "Verification_Expert", verifier, null },
            { "groupchat-confirmed-column-from-wrong-year.json", 3, "DataAnalysis_Expert", null, null },
        };
    }

    [Fact]
    public void A_date_window_the_task_includes_compared_strictly_at_its_end_drops_the_last_day()
    {
        const string file = "groupchat-date-window-drops-last-day.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("strict-boundary", "Python_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("< '2023-03-15'", StringComparison.Ordinal));

        // The window kept whole: "<= '2023-03-15'" includes the 15th.
        var kept = Fixture.Edited(Folder, file, ("< '2023-03-15'", "<= '2023-03-15'"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "strict-boundary");
    }
}
