using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A forty-first held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 7/12 step and 8/12 agent in both modes (with and without the expected answer); now 11/12 and 11/12
/// in both.
/// </para>
/// </summary>
public class MultiAgentBlind41Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind41";

    protected override int MagenticOneTurns => 14;

    protected override int GroupChatTurns => 14;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        return new TheoryData<string, int, string, string?, string?>
        {
            { "gc-01-cider-pressing.json", 9, "UnitConversion_Expert", null, null },
            { "gc-02-meteorite-catalogue.json", 8, "DataAnalysis_Expert", null, null },
            { "gc-03-lace-circle.json", 5, "Statistics_Expert", null, null },
            { "gc-04-peat-core.json", 5, "Python_Expert", null, null },
            { "gc-05-chess-by-post.json", 8, "Verification_Expert", "0 ChessHistory_Expert: arrival", "0 ChessHistory_Expert: arrival" },
            { "gc-06-falconry-licences.json", 8, "DataAnalysis_Expert", null, null },
            { "mo-01-thatching-reed.json", 12, "Orchestrator", null, null },
            { "mo-02-paper-marblers.json", 5, "WebSurfer", null, null },
            { "mo-03-sundial-register.json", 15, "Coder", null, null },
            { "mo-04-kite-festival.json", 7, "WebSurfer", null, null },
            { "mo-05-bog-snorkelling.json", 14, "Orchestrator", null, null },
            { "mo-06-typewriter-museum.json", 1, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void A_plan_that_counts_the_german_typewriters_without_the_display_condition_is_cited_at_the_plan()
    {
        const string file = "mo-06-typewriter-museum.json";
        var a = Fixture.Attribute(Folder, file);
        // The plan restates the question by its own words ("count the German-made typewriters in the catalogue"), with no
        // figure of it: the restatement is the plan's, before any instruction.
        Assert.Equal(("dropped-filter", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "- Coder: count the German-made typewriters in the catalogue.");

        // A plan that keeps the store out of the count: nothing dropped there, no finding.
        var kept = Fixture.Edited(Folder, file, ("count the German-made typewriters in the catalogue.", "count the German-made typewriters in the catalogue that are not in the store or on loan."));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-filter");
    }

    [Fact]
    public void A_script_that_counts_page_one_of_the_register_after_the_whole_register_was_asked_for_is_cited()
    {
        const string file = "mo-03-sundial-register.json";
        var a = Fixture.Attribute(Folder, file);
        // The Orchestrator asked for the CSV export, then for all entries: the Coder's script read page 1 alone.
        Assert.Equal((PartialPageDetector.DetectorId, "Coder"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Showing 1-25 of 61");
        Assert.Contains(a.Evidence, e => e.Quote == "Entries parsed: 25");

        // A script that parsed all 61 entries read the whole register: the Coder is not cited for it.
        var whole = Fixture.Edited(Folder, file, ("Entries parsed: 25", "Entries parsed: 61"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == PartialPageDetector.DetectorId && f.Summary.Contains("counted the page's rows alone", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ledger_that_reports_the_provisional_time_the_amendment_replaces_is_cited()
    {
        const string file = "mo-05-bog-snorkelling.json";
        var a = Fixture.Attribute(Folder, file);
        // "1:32.15" is a time taken (92.15 s); the amendment names it provisional beside the official 1:35.80.
        Assert.Equal(("superseded-figure", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "The amended times below replace the provisional times and are the official times for the 2021 championship.");
        // The surfer was told to open the amendment and landed on it under another link's words: no wrong link.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "wrong-link");

        // A row that gives the old time under no name the notice replaces: nothing says 1:32.15 was replaced.
        var unnamed = Fixture.Edited(Folder, file, ("(provisional 1:32.15)", "(heat 1:32.15)"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(unnamed), f => f.Detector == "superseded-figure");
    }

    [Fact]
    public void A_surfer_that_clicked_another_link_and_landed_on_another_page_than_the_one_asked_for_followed_a_wrong_link()
    {
        const string file = "mo-05-bog-snorkelling.json";
        var elsewhere = Fixture.Edited(Folder, file, ("[Results amendment - women's heat 3 |", "[Corrected times archive |"));
        Assert.Contains(AttributionEngine.Default.Detect(elsewhere), f => f.Detector == "wrong-link");
    }

    [Fact]
    public void A_surfer_that_reads_the_namesake_guilds_year_out_of_the_page_it_opened_is_cited_not_the_ledger_that_followed()
    {
        const string file = "mo-02-paper-marblers.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("closer-sentence", "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.StartsWith("The society's about page states that its first public exhibition was held in 1928", StringComparison.Ordinal));

        // A surfer that only shows the page, saying nothing of it: the ledger that took 1928 up settled on it.
        var shown = Fixture.Edited(Folder, file, ("The society's about page states that its first public exhibition was held in 1928, in the Temperance Hall on Water Street (ninety sheets of Turkish, combed and Spanish patterns).", "The page is shown above."));
        Assert.Equal(("closer-sentence", "Orchestrator"), (AttributionEngine.Default.Attribute(shown).Detector, AttributionEngine.Default.Attribute(shown).Cited?.Agent));
    }
}
