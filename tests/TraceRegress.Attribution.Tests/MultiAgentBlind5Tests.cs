using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.AttributionTests;

/// <summary>
/// A fifth held-out batch of multi-agent attribution: twelve failed runs written and labelled (the folder's
/// <c>LABELS.md</c>, committed with the runs) before the engine was run on them, by a writer who had not read the engine:
/// six Magentic-One orchestrator logs (26 to 38 turns, JSON progress ledgers, cookie banners, a stalled PDF, a pandas
/// install before the script runs) and six CaptainAgent group chats (8 to 10 turns, a code terminal, a traceback and its
/// fix, verifiers). Every turn is an <c>invoke_agent</c> span with status OK. The mistakes: a surfer that takes a
/// promenade walk's length from a search snippet for the pier's, a surfer that reads one page of results and reports no
/// titles, an orchestrator that answers with its plan's educated guess once a brochure stalls, a sort ascending for
/// "highest first", an instruction that sends the surfer to Wikipedia when the task asks for the club's own website, a
/// Sunday assumed to keep the weekday timetable; <c>drop_duplicates</c> on whole rows, a count given where a ward's name
/// was asked, a verifier that divides by the new year, the architect of the burnt church taken for the present one's,
/// Ireland assumed on UTC+0 in July, thousands separators coerced to blanks.
/// <para>
/// Measured before any rule was changed for them (step right / agent right, of 6 each, same in both modes): orchestrator
/// logs 0/6 step, 3/6 agent; group chats 5/6, 5/6. After six changes made on principle, each checked on every other
/// labelled set: lengths written "362 metres" are measures, so the snippet's two lengths are told apart and the surfer's
/// pick of one is where the value entered; an answer of none or 0 entered where a worker first reported finding none; a
/// value first stated among a plan's educated guesses became a fact where a later turn gave it as the answer; a name that
/// first stood as one row of a table a surfer showed entered where a later turn singled it out, and a turn whose only code
/// installs packages wrote none of what the script printed; an instruction that sends a worker to another source
/// (Wikipedia) than the one the task names ("according to the club's own website") redirects the work; a final turn that
/// concludes with a name ("... is Robert Carew.") is the final answer though it states no fact of its own, a query in a
/// code block is no answer, and a name among what a search in code found was picked by whoever read it out. Then:
/// orchestrator logs 5/6 step and agent in both modes; group chats 6/6 and 6/6.
/// </para>
/// </summary>
public class MultiAgentBlind5Tests : BlindMultiAgentBatch
{
    protected override string Folder => "multiagent-blind5";

    protected override int MostTurns => 40;

    private const string FerryMiss = "17 WebSurfer: the answer is a clock time (07:30), which is no fact the rules trace, so the first stall report is cited; the assumption that Sunday keeps the Monday-to-Saturday times is said in words";

    /// <summary>File, labelled step (0-based, in the order the messages were logged), labelled agent, known miss without the expected answer, known miss with it ("step agent: why").</summary>
    public static TheoryData<string, int, string, string?, string?> Runs() => new()
    {
        // Magentic-One: the human's request is step 0.
        { "magentic-one-surfer-reports-the-promenade-length.json", 29, "WebSurfer", null, null },
        { "magentic-one-surfer-stops-at-results-page-one.json", 25, "WebSurfer", null, null },
        { "magentic-one-orchestrator-answers-its-own-guess.json", 26, "Orchestrator", null, null },
        { "magentic-one-coder-sorts-ascending-for-highest.json", 9, "Coder", null, null },
        { "magentic-one-instruction-sends-surfer-to-wikipedia.json", 6, "Orchestrator", null, null },
        { "magentic-one-assumes-sunday-ferry-keeps-weekday-times.json", 26, "Orchestrator", FerryMiss, FerryMiss },

        // CaptainAgent group chats: step 0 restates the task and the manager's plan.
        { "groupchat-drop-duplicates-counts-purchases.json", 3, "CustomerAnalytics_Expert", null, null },
        { "groupchat-count-given-for-ward-name.json", 5, "PlanningData_Expert", null, null },
        { "groupchat-verifier-divides-by-the-new-year.json", 6, "FigureChecking_Expert", null, null },
        { "groupchat-architect-of-the-burnt-church.json", 5, "ArchitecturalHistory_Expert", null, null },
        { "groupchat-ireland-assumed-on-gmt-in-july.json", 1, "TimeZone_Expert", null, null },
        { "groupchat-coerce-drops-thousands.json", 5, "MuseumStatistics_Expert", null, null },
    };


    // ---- the rules changed for this batch, each with the case where it must not fire ----

    [Theory]
    [InlineData("the pier is 362 metres long", "m")]
    [InlineData("a 4.2 kilometre walk", "km")]
    [InlineData("the 1,150 m promenade", "m")]
    [InlineData("12 metrics were tracked", "")]
    public void A_length_written_with_the_units_word_is_a_measure(string text, string dimension) =>
        Assert.Equal(dimension, Assert.Single(Facts.Extract(text), f => f.Kind == FactKind.Number).Dimension);

    [Fact]
    public void An_educated_guess_is_no_statement_of_fact_until_a_turn_gives_it_as_the_answer()
    {
        const string plan = "Here is an initial fact sheet to consider:\n\n1. GIVEN OR VERIFIED FACTS\n- The venue has 3 rooms.\n\n4. EDUCATED GUESSES\n- Such rooms seat about 120 guests.\n\n\nHere is the plan to follow as best as you can:\n- Seat 140 guests.";
        Assert.True(Guesses.Within(plan, plan.IndexOf("120", StringComparison.Ordinal)));
        Assert.False(Guesses.Within(plan, plan.IndexOf("3 rooms", StringComparison.Ordinal)));
        Assert.False(Guesses.Within(plan, plan.IndexOf("140", StringComparison.Ordinal)));

        // The plan's guess is not reported as invented; the ledger that gave it as the answer is where it became a fact.
        var trace = Fixture.Load(Folder, "magentic-one-orchestrator-answers-its-own-guess.json");
        var planSpan = LabelledRun.Steps(trace)[1];
        Assert.DoesNotContain(AttributionEngine.Default.Detect(trace), f => f.Detector == "unsupported-fact" && f.Span.SpanId == planSpan.SpanId);
        Assert.Equal("Language-only hallucination", AttributionEngine.Default.Attribute(trace).Category!.L4);
    }

    [Fact]
    public void An_instruction_to_another_source_is_cited_only_when_the_task_names_its_source()
    {
        const string file = "magentic-one-instruction-sends-surfer-to-wikipedia.json";
        var a = Fixture.Attribute(Folder, file);
        Assert.Equal("dropped-constraint", a.Detector);
        Assert.Contains(a.Evidence, e => e.Quote == "Liscarra Rowing Club's own website");

        // The same run, with a task that names no source: Wikipedia is as good a place as any.
        var open = Fixture.Edited(Folder, file, ("According to Liscarra Rowing Club's own website, in what year was the club founded?", "In what year was Liscarra Rowing Club founded?"));
        Assert.DoesNotContain(AttributionEngine.Default.Detect(open), f => f.Detector == "dropped-constraint" && f.Summary.Contains("sends the work to", StringComparison.Ordinal));
    }

    [Fact]
    public void A_none_answer_is_traced_to_the_worker_that_found_none()
    {
        var a = Fixture.Attribute(Folder, "magentic-one-surfer-stops-at-results-page-one.json");
        Assert.Contains(a.Evidence, e => e.Quote.Contains("none of them is by Áine Brolly", StringComparison.Ordinal));
    }
}
