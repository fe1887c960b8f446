using TraceRegress.Engine.Detectors;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A fortieth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP, each with error noise that is not the mistake.
/// <para>
/// Measured on arrival: 6/12 step and 7/12 agent in both modes (with and without the expected answer); now 12/12 step and
/// 12/12 agent in both modes (the pursuit's times read as figures since).
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
            { "gc-03-giant-marrow-weighin.json", 8, "Verification_Expert", null, null },
            { "gc-04-hedge-laying-lengths.json", 5, "Data_Analysis_Expert", null, null },
            { "gc-05-ice-house-ledger.json", 6, "Python_Expert", null, null },
            { "gc-06-camera-obscura-visitors.json", 7, "Visitor_Analytics_Expert", null, null },
            { "mo-01-velodrome-pursuit.json", 9, "WebSurfer", null, null },
            { "mo-02-tide-mill-restoration.json", 7, "WebSurfer", null, null },
            { "mo-03-balloon-launch-log.json", 1, "Orchestrator", null, null },
            { "mo-04-instrument-auction-sextants.json", 11, "WebSurfer", null, null },
            { "mo-05-juniper-germination.json", 11, "Coder", null, null },
            { "mo-06-cave-survey-length.json", 14, "Orchestrator", null, null },
        };
    }

    [Fact]
    public void With_the_expected_answer_the_verifier_who_dropped_a_valid_entry_after_the_right_median_is_cited()
    {
        const string file = "gc-03-giant-marrow-weighin.json";
        var request = new AttributionRequest { ExpectedAnswer = "37.2" };
        var a = AttributionEngine.Default.Attribute(Fixture.Load(Folder, file), request);
        // The printout lists 36.0 as one entry's weight and labels 37.2 its median; the expert names 36.0 as an operand
        // and concludes 37.2: both held the right answer.
        Assert.Equal(("final-answer", "Verification_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "37.2 kg");

        // The expert concluding with the wrong median, setting the right one aside: the loss is there.
        var concluded = Fixture.Edited(Folder, file, ("i.e. 37.2 kg", "i.e. 36.0 kg, not 37.2 kg"));
        Assert.Equal("Horticulture_Expert", AttributionEngine.Default.Attribute(concluded, request).Cited?.Agent);
    }

    [Fact]
    public void Without_the_expected_answer_a_median_named_only_as_an_operand_of_another_result_is_not_where_it_entered()
    {
        const string file = "gc-03-giant-marrow-weighin.json";
        var a = Fixture.Attribute(Folder, file);
        // 36.0 is one row of the printout; the expert names it on the way to 37.2 ("(36.0 and 38.4), i.e. 37.2 kg"), and
        // the verifier's own code makes it the median.
        Assert.Equal(("final-answer", "Verification_Expert"), (a.Detector, a.Cited?.Agent));

        // The expert concluding with 36.0 itself singled it out of the printout: it is cited.
        var concluded = Fixture.Edited(Folder, file, ("(36.0 and 38.4), i.e. 37.2 kg", "(36.0 and 38.4); I take 36.0 kg"));
        Assert.Equal("Horticulture_Expert", AttributionEngine.Default.Attribute(concluded).Cited?.Agent);
    }

    [Fact]
    public void A_worker_that_counts_the_sextants_on_page_one_of_a_longer_catalogue_as_all_of_them_is_cited()
    {
        const string file = "mo-04-instrument-auction-sextants.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal((PartialPageDetector.DetectorId, "WebSurfer"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Showing lots 1-40 of 63");
        Assert.Contains(a.Evidence, e => e.Quote.EndsWith("so 4 sextants in total.", StringComparison.Ordinal));

        // The page holding every lot: nothing was left unread, no finding.
        var whole = Fixture.Edited(Folder, file, ("Showing lots 1-40 of 63", "Showing lots 1-63 of 63"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(whole), f => f.Detector == PartialPageDetector.DetectorId);
    }

    [Fact]
    public void A_ledger_that_keeps_the_length_a_corrigendum_corrected_is_cited()
    {
        const string file = "mo-06-cave-survey-length.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("superseded-figure", "Orchestrator"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote.EndsWith("was given as 4,702 m.", StringComparison.Ordinal));

        // A note that gives another length without correcting the first: no finding.
        var uncorrected = Fixture.Edited(Folder, file, ("The corrected total surveyed length of Garrowby Pot is", "The length of the Oxbow Series alone is"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(uncorrected), f => f.Detector == "superseded-figure");
    }

    [Fact]
    public void A_plan_that_counts_flights_without_the_passengers_the_question_asks_for_is_cited()
    {
        const string file = "mo-03-balloon-launch-log.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("plan-condition", "Orchestrator", "Instruction Non-compliance"), (a.Detector, a.Cited?.Agent, a.Category?.L4));
        Assert.Contains(a.Evidence, e => e.Quote.Contains("whose landing distance is greater than 10 km", StringComparison.Ordinal));

        // A plan that sets out to count the passenger flights: the condition is kept, no finding.
        var kept = Fixture.Edited(Folder, file, ("in August 2023 whose landing distance is greater than 10 km", "in August 2023 with a passenger aboard whose landing distance is greater than 10 km"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "plan-condition");
    }

    [Fact]
    public void A_printed_row_with_two_year_like_figures_is_no_header_of_periods()
    {
        const string file = "gc-06-camera-obscura-visitors.json";
        var trace = Fixture.Load(Folder, file);
        // "2021 Apr 26 1958" holds 26 besides 2021 and 1958: a row of a table without a header, not a header of two years.
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == "misread-cell");
        Assert.Equal("Visitor_Analytics_Expert", AttributionEngine.Default.Attribute(trace).Cited?.Agent);
    }
}
