namespace TraceRegress.AttributionTests;

/// <summary>
/// A twenty-second held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, each run's step and agent) before the engine was run on them, by a writer who had read neither the
/// engine nor its documentation: six Magentic-One logs and six group chats, half in the flat span layout and half in
/// OTLP (two with the turn text in <c>gen_ai.output.messages</c>, four with child spans), each with error noise that is
/// not the mistake.
/// <para>
/// Measured on arrival: 6/12 step and 8/12 agent without the expected answer, 7/12 and 9/12 with it. After one change on
/// principle, with the case where it must not fire (below): a group chat's opening that restates the question without
/// the days of the week it picks out ("issued on a Saturday or Sunday"), which no member names again or filters by,
/// sent the team after another question: 7/12 and 9/12 without, 8/12 and 10/12 with. The misses are pinned with what is
/// cited instead and why no rule reaches them.
/// </para>
/// </summary>
public class MultiAgentBlind22Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind22";

    protected override int MagenticOneTurns => 10;

    protected override int GroupChatTurns => 10;

    /// <summary>File, labelled step, labelled agent, known miss without the expected answer, known miss with it.</summary>
    public static TheoryData<string, int, string, string?, string?> Runs()
    {
        const string palme = "12 WebSurfer: the winner's name the surfer gave for 2013 stands on the page on the 2014 row, but a name is no period figure the table rules read; the page the name first stood on is cited";
        const string dogs = "10 Coder: \"aged two or older\" is a condition written in words, no figure or category a plan's restatement is compared with; the code that counted every dog printed the answer";
        const string parks = "1 Orchestrator: the plan's conversion factors (0.40468564224 hectares to the acre, 247.105 acres to the square kilometre) are no factors the grounding knows, so they read as invented";
        const string college = "11 Coder: a side panel about Trinity College beside the Trinity Hall page is a namesake the rules do not tell apart from the page itself; the code that worked out the difference printed the answer";
        const string scores = "7 Verification_Expert: a library's trimmed mean that trims nothing for seven scores is a reading of a function's behaviour, no fact; the verifier's earlier turn that first gave the answer's figure is cited";
        return new TheoryData<string, int, string, string?, string?>
        {
            { "mo-01-palme-dor.json", 14, "WebSurfer", palme, palme },
            { "mo-02-dog-show.json", 1, "Orchestrator", dogs, dogs },
            { "mo-03-city-parks.json", 12, "Coder", parks, null },
            { "mo-04-quiz-league.json", 11, "FileSurfer", null, null },
            { "mo-05-uk-election-turnout.json", 12, "Orchestrator", null, null },
            { "mo-06-college-founding.json", 5, "WebSurfer", college, college },
            { "gc-01-parking-tickets.json", 0, "ParkingEnforcement_Expert", null, null },
            { "gc-02-ice-rink.json", 5, "DataAnalysis_Expert", null, null },
            { "gc-03-hackathon-scores.json", 9, "Verification_Expert", scores, scores },
            { "gc-04-skyscraper-floors.json", 6, "Architecture_Expert", null, null },
            { "gc-05-lost-property.json", 5, "DataManipulation_Expert", null, null },
            { "gc-06-exam-pass-rate.json", 7, "LanguageAssessment_Expert", null, null },
        };
    }

    [Fact]
    public void An_opening_that_restates_the_question_without_its_days_of_the_week_sends_the_team_after_another()
    {
        const string file = "gc-01-parking-tickets.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal(("dropped-constraint", "ParkingEnforcement_Expert"), (a.Detector, a.Cited?.Agent));
        Assert.Contains(a.Evidence, e => e.Quote == "Saturday");

        // The restatement keeps the days: the team was asked the task's question.
        var kept = Fixture.Edited(Folder, file, ("Determine the number of penalty charge notices (PCNs) issued in the Harbour zone",
            "Determine the number of penalty charge notices (PCNs) issued on a Saturday or Sunday in the Harbour zone"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(kept), f => f.Detector == "dropped-constraint" && f.Span.Agent == "ParkingEnforcement_Expert");
    }
}
