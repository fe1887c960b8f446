using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>The answer a run ended with: the turn that gave it, the part of the turn that states it, and the answer itself when it is marked.</summary>
/// <param name="Turn">The turn that gives the answer.</param>
/// <param name="Text">The part of the turn that states the answer: after "FINAL ANSWER:" when it says so, else all of it.</param>
/// <param name="Value">The answer as written after its marker, on its line, without emphasis or quotes; null when the turn marks none.</param>
/// <param name="Hedged">True when the turn says the answer is a guess made after the team got stuck ("we are stuck in a loop; based on what was seen, ...").</param>
internal sealed record FinalAnswer(AgentTurn Turn, string Text, string? Value, bool Hedged);

/// <summary>
/// Follows the final answer back through the run. With an expected answer: where the right value was stated and then
/// lost, or, when it never was, where the wrong value the run ended with first entered. Without one: where the final
/// answer's own content first entered the run, the most probable origin when nothing says "error". An answer's content is
/// its facts (numbers, dates, identifiers, quoted names) and, when the answer is marked ("FINAL ANSWER: bite"), the
/// answer's words themselves: found where they first appear, whoever wrote them. A value a terminal printed is the code's
/// author's; a value a web or file surfer reported is the surfer's.
/// </summary>
internal static partial class AnswerTrail
{
    public const string DetectorId = "final-answer";

    // Says, in a finding's summary, that the expected answer was stated and then lost (see IsLoss).
    private const string LostAt = " is lost at ";

    /// <summary>True for the finding that says where the expected answer was stated and then lost (not where a wrong value entered).</summary>
    public static bool IsLoss(Finding finding) => finding.Detector == DetectorId && finding.Summary.Contains(LostAt, StringComparison.Ordinal);

    [GeneratedRegex(@"FINAL ANSWER\s*:|\bfinal answer is\b:?|\bthe answer is\b:?|\banswer\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerMarker();

    // An answer a turn adopts in so many words, written before the words that adopt it: "I will take 2012 as the answer",
    // "we go with Bergen as our final answer".
    [GeneratedRegex(@"\b(?:take|use|give|report|accept|submit|go with|settle on)\s+(?<value>(?:[^\n.;:,]|(?<=\d)[.,](?=\d)){1,60}?)\s+as\s+(?:the|our|my)\s+(?:final\s+)?answer\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdoptedAnswer();

    // An answer given after the team got stuck, or as a guess: the stall, not the guess, is where the run went wrong.
    [GeneratedRegex(@"\b(?:we are|we're|the team is|i am|i'm)\s+(?:not making (?:any )?progress|stuck|going in circles|in a loop)|\bbased on (?:what (?:was|we have) seen|the (?:limited|partial|available) information)|\b(?:best|educated) guess\b|\b(?:could ?n[o']t|can ?n[o']t|cannot|unable to|was not able to|were not able to) (?:find|verify|confirm|locate|access|determine)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HedgeWords();

    // Coordination, not an answer: a progress ledger, a speaker selection, a re-plan.
    [GeneratedRegex(@"^\s*(?:Updated Ledger:|\{\s*""is_request_satisfied""|Next speaker\b|Stalled\b|Replanning\b|New plan:|Initial plan:|Request satisfied\.?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex CoordinationText();

    [GeneratedRegex(@"\b(?:unable|cannot|can't|could not|not (?:be )?(?:determined|found|available|known)|unknown|no (?:information|data|answer|results?)|insufficient|not enough)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NoAnswer();

    [GeneratedRegex(@"^\W*TERMINATE\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex TerminateOnly();

    private static readonly char[] ListSeparators = [',', ';'];

    // Answers that say nothing one could trace: yes, no, none.
    private static readonly HashSet<string> NotTraceable = new(StringComparer.Ordinal)
    {
        "yes", "no", "none", "true", "false", "unknown", "n/a", "na", "null", "not found", "not available", "terminate",
    };

    /// <summary>
    /// The answer the run ended with. In a single-agent run, the last turn that is not an observation. In a conversation,
    /// the last turn that marks an answer, else the last one that states something of its own: an orchestrator's ledgers,
    /// speaker selections and instructions, and a bare "TERMINATE", are coordination, not answers.
    /// </summary>
    public static FinalAnswer? Final(AgentTurns turns, FactIndex facts)
    {
        if (!turns.FinalKnown)
        {
            turns.FinalAnswer = FindFinal(turns, facts);
            turns.FinalKnown = true;
        }

        return turns.FinalAnswer;
    }

    private static FinalAnswer? FindFinal(AgentTurns turns, FactIndex facts)
    {
        var all = turns.All;
        // Every turn after this one so far is a bare "TERMINATE": the turn closes the conversation as much as one that
        // says TERMINATE itself.
        var closing = true;
        for (var i = all.Count - 1; i >= 0; i--)
        {
            var turn = all[i];
            if (turn.IsObservation) continue;
            var closes = closing;
            closing = closing && TerminateOnly().IsMatch(turn.Text);
            if (!turns.IsMultiAgent) return Of(turn);
            if (ReferenceEquals(turn, turns.TaskTurn)) return null;
            if (LastMarker(turn.Text) is not null || Adopted(turn.Text) is not null) return Of(turn);
            // A coordinator's last word, with no one after it to act on it, is the run's answer (a LangGraph supervisor
            // answers the user itself), unless it is a ledger or a plan.
            var lastWord = i == all.Count - 1 && !CoordinationText().IsMatch(turn.Text);
            if ((!lastWord && IsCoordination(turn)) || TerminateOnly().IsMatch(turn.Text)) continue;
            // A turn that states no fact of its own ("I agree with the result."): the answer is further up. A name it
            // concludes with ("The architect of the church is Robert Carew.") is its own answer, though no fact.
            if (!StatesOwnFact(turns, facts, turn) && Emphasised(turn.Text) is null && Concluded(turn.Text, turns.Task?.Text) is null && !ClosingCount(turn.Text, turns.Task?.Text, closes)) continue;
            return Of(turn, turns.Task?.Text);
        }

        return null;
    }

    // A count of one digit standing alone in a sentence: "won 2 Under-12 matches", "there were 3 of them".
    [GeneratedRegex(@"(?<![\w.,:/-])\d(?![\w.,:/%-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex OneDigit();

    /// <summary>
    /// True for a turn that ends the conversation (it says TERMINATE, or only a bare TERMINATE follows it) with a sentence
    /// of its own that answers a "how many" task with a count of one digit and words of the task ("Harrowgate Colts won 2
    /// Under-12 matches away from home"): a count too small to be read as a fact, but the run's answer, not a nod to one
    /// further up.
    /// </summary>
    private static bool ClosingCount(string text, string? task, bool closes)
    {
        if (task is null || !(closes || text.Contains("TERMINATE", StringComparison.Ordinal)) || !task.Contains("how many", StringComparison.OrdinalIgnoreCase)) return false;
        var taskWords = Facts.Words(task).Where(w => w.Length >= 4).ToHashSet(StringComparer.Ordinal);
        foreach (Match m in OneDigit().Matches(text))
        {
            if (InCode(text, m.Index)) continue;
            var sentence = Requests.Sentence(text, m.Index);
            if (Facts.Words(sentence).Count(taskWords.Contains) >= 3) return true;
        }

        return false;
    }

    private static bool StatesOwnFact(AgentTurns turns, FactIndex facts, AgentTurn turn)
    {
        var task = turns.Task?.Text;
        var text = turn.Text;
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Kind == FactKind.Url) continue;
            // What a code block writes (a search query, a constant) is no statement of the turn's answer.
            if (InCode(text, f.Index)) continue;
            if (task is null || !facts.States(task, f)) return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="index"/> lies inside a fenced code block of <paramref name="text"/>.</summary>
    internal static bool InCode(string text, int index)
    {
        var fences = 0;
        for (var at = text.IndexOf("```", StringComparison.Ordinal); at >= 0 && at < index; at = text.IndexOf("```", at + 3, StringComparison.Ordinal)) fences++;
        return fences % 2 == 1;
    }

    // A sentence that concludes with a name: "... is Robert Carew.", "... was the Rosewood Viaduct." (outside code).
    [GeneratedRegex(@"\b(?:is|was|are|were)\s+(?:the\s+)?(?<value>\p{Lu}[\p{L}'’-]*(?:\.(?=[ \t]\p{Lu}))?(?:[ \t]+(?:\p{Lu}[\p{L}'’-]*(?:\.(?=[ \t]\p{Lu}))?|of|de|van|von|der|la|le|du|da|y)){0,5})[ \t]*[.!]?[ \t]*(?:$|\n)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ConcludingName();

    /// <summary>
    /// The name the turn's last concluding sentence gives ("The architect of St Fintan's Church is Robert Carew."), when
    /// the task does not already hold it; null when there is none.
    /// </summary>
    private static string? Concluded(string text, string? task)
    {
        string? value = null;
        foreach (Match m in ConcludingName().Matches(text))
        {
            if (InCode(text, m.Index)) continue;
            var name = m.Groups["value"].Value.TrimEnd('.');
            if (task is not null && task.Contains(name, StringComparison.OrdinalIgnoreCase)) continue;
            value = name;
        }

        return value;
    }

    /// <summary>True for an orchestrator's or manager's coordination turn that marks no answer: a ledger, a plan, an instruction to a worker.</summary>
    public static bool IsCoordination(AgentTurn turn) =>
        CoordinationText().IsMatch(turn.Text) || (turn.Agent is { } agent && AgentTurn.CoordinatorAgentPattern().IsMatch(agent) && LastMarker(turn.Text) is null);

    private static Match? LastMarker(string text)
    {
        // Every marker says "answer": most turns are passed over without running the expression.
        if (!text.Contains("answer", StringComparison.OrdinalIgnoreCase)) return null;
        Match? last = null;
        foreach (Match m in AnswerMarker().Matches(text)) last = m;
        return last;
    }

    // A sentence that puts a value forward as the answer: "my reading is that ...", "the answer should be", "I'd report".
    [GeneratedRegex(@"\b(?:my reading is|I (?:think|believe|read it as)|the (?:answer|figure|value|result) (?:is|should be)|(?:I|we)(?:'d| would| should) (?:report|go with|use|take)|(?:is|should be) the (?:right|correct) (?:answer|figure|value|one)|I propose)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Proposal();

    /// <summary>
    /// True when a sentence of the text puts a value forward as the answer (<see cref="Proposal"/>), gives the right value
    /// (<paramref name="gives"/>) and does not state the wrong one (<paramref name="statesWrong"/>).
    /// </summary>
    private static bool ProposedIn(string text, Func<string, bool> gives, Func<string, bool> statesWrong)
    {
        foreach (Match m in Proposal().Matches(text))
        {
            var sentence = Requests.Sentence(text, m.Index);
            if (gives(sentence) && !statesWrong(sentence)) return true;
        }

        return false;
    }

    /// <summary>The last answer the text adopts in so many words ("I will take 2012 as the answer"); null when it adopts none.</summary>
    private static Group? Adopted(string text)
    {
        if (!text.Contains("answer", StringComparison.OrdinalIgnoreCase)) return null;
        Group? last = null;
        foreach (Match m in AdoptedAnswer().Matches(text)) last = m.Groups["value"];
        return last;
    }

    private static FinalAnswer Of(AgentTurn turn, string? task = null)
    {
        var marker = LastMarker(turn.Text);
        // "... most likely in 2012. I will take 2012 as the answer.": the adopted value is the answer, not the premises
        // stated on the way to it.
        if (marker is null && Adopted(turn.Text) is { } adopted)
        {
            var value = adopted.Value.Trim().Trim('*', '`', '"', '\'', '“', '”').Trim();
            return new FinalAnswer(turn, value, value, HedgeWords().IsMatch(turn.Text));
        }

        var text = marker is null ? turn.Text : turn.Text[(marker.Index + marker.Length)..];
        return new FinalAnswer(turn, text, marker is null ? Emphasised(turn.Text) ?? Concluded(turn.Text, task) : ValueOf(text), HedgeWords().IsMatch(turn.Text));
    }

    /// <summary>An unmarked answer's emphasis: the last <c>**bold**</c> phrase of the turn ("were held in **Bergen**"); null when there is none.</summary>
    private static string? Emphasised(string text)
    {
        var end = text.LastIndexOf("**", StringComparison.Ordinal);
        if (end <= 0) return null;
        var start = text.LastIndexOf("**", end - 1, StringComparison.Ordinal);
        if (start < 0) return null;
        var value = text[(start + 2)..end].Trim().TrimEnd('.');
        // "**Verification:**" is a heading, not an answer.
        var heading = value.EndsWith(':') || (end + 2 < text.Length && text[end + 2] == ':');
        return !heading && value.Length is > 0 and <= 80 && !value.Contains('\n', StringComparison.Ordinal) ? value : null;
    }

    /// <summary>The answer on the marker's line (or the next non-empty one), without emphasis, quotes or a closing full stop.</summary>
    private static string? ValueOf(string afterMarker)
    {
        foreach (var raw in afterMarker.Split('\n'))
        {
            var line = raw.Trim().Trim('*', '`', '"', '\'', '“', '”', ' ', '\t').TrimEnd('.', ' ').Trim('*', '"', '\'', ' ');
            if (line.Length == 0) continue;
            return line.Length > 160 ? null : line;
        }

        return null;
    }

    /// <summary>The finding an expected answer leads to; null when the final answer gives it or no step can be named.</summary>
    public static Finding? Expected(DetectionContext context, string expected)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (Final(turns, facts) is not { } final) return null;
        var wanted = facts.FactsOf(expected);
        var phrase = Normalise(expected);
        if (phrase.Length == 0) return null;

        bool Gives(string text) => wanted.Count > 0 ? wanted.TrueForAll(f => facts.States(text, f)) : WholeWords.Find(Normalise(text), phrase) >= 0;
        var givesFinal = wanted.Count == 0 && final.Value is { } value ? WholeWords.Find(Normalise(value), phrase) >= 0 : Gives(final.Text);
        if (givesFinal) return null;

        var finalFacts = WrongFacts(context, final, wanted);
        // The right value stated by an agent or printed by a terminal as a code's result; a web page that happens to show
        // it was not a statement, nor is a printout that lists it as one row among others (a table of every station's
        // total): whoever picked another row from it misread it, which is where the wrong value entered. An answer as
        // short as "3" is in every text: it is not looked for.
        var traceable = wanted.Count > 0 || phrase.Count(char.IsLetterOrDigit) >= 3;
        // A turn that states the wrong value the run ended with beside the right one ("Glenmoor is at the top, ahead of
        // Ardcraig") did not hold the right answer either: it named the right value as something else.
        var words = final.Value is { } v && v.Any(char.IsLetter) ? v.Trim().ToLowerInvariant() : null;
        // A printout that shows the wrong value only as one row of a listing (a table of every entry's weight) and labels
        // the right one as its result did not state the wrong one.
        bool StatesWrong(AgentTurn t) => finalFacts.Exists(f => facts.States(t.Text, f) && !(t.IsExecutionOutput && Lists(facts, t, f))) || (words is not null && WholeWords.Find(turns.Lower(t), words) >= 0);
        bool Listed(AgentTurn t) => t.IsExecutionOutput && (wanted.Count > 0 ? wanted.Exists(f => Lists(facts, t, f)) : ListsRows(t) || turns.LookedUpByCode(t));
        // A turn that weighs both and proposes the right one as the answer ("My reading is that the sale average is the
        // quantity-weighted figure, 587.59") held it all the same.
        bool Proposes(AgentTurn t) => !t.IsObservation && ProposedIn(t.Text, Gives, sentence => finalFacts.Exists(f => facts.States(sentence, f)) || (words is not null && sentence.Contains(words, StringComparison.OrdinalIgnoreCase)));
        // A figure in an agent's code is an operand (`100 * (implied - 1829)`), not a value stated: its prose is read.
        bool GivesStated(AgentTurn t) => Gives(t.IsObservation || !t.Text.Contains("```", StringComparison.Ordinal) ? t.Text : AgentTurns.CodeBlock().Replace(t.Text, " "));
        bool ConcludesRight(AgentTurn t)
        {
            if (wanted.Count == 0 || !GivesStated(t)) return false;
            var text = t.Text;
            var lastRight = wanted.Max(f => LastAt(facts, text, f));
            var lastWrong = finalFacts.Count == 0 ? -1 : finalFacts.Max(f => LastAt(facts, text, f));
            // "... is 10, not 11", "8.0 rather than 7.8": the right value set aside last is no conclusion.
            return lastRight > lastWrong && !SetAside().IsMatch(text.AsSpan(Math.Max(0, lastRight - 20), Math.Min(lastRight, 20)));
        }

        var right = !traceable ? null : turns.All.FirstOrDefault(t => !ReferenceEquals(t, turns.TaskTurn) && (!t.IsObservation || t.IsExecutionOutput) && GivesStated(t) && !Listed(t) && (!StatesWrong(t) || Proposes(t)));
        if (right is not null && right.Position < final.Turn.Position)
        {
            // A value of the final answer the run had already seen when the right answer was there (a date both answers
            // were worked from) was not what replaced it: the loss is where a value first seen later was stated.
            var rank = context.View.Rank(right.Span);
            var later = finalFacts.Where(f => facts.FirstSeen(f) is not { } seen || context.View.Rank(seen.Span) > rank).ToList();
            if (later.Count > 0 && later.Count < finalFacts.Count) finalFacts = later;
            // Lost: the first later reasoning turn that states the wrong value the run ended with, else the final turn.
            // A terminal that prints the wrong value as its code's result (not among the rows of something looked up)
            // lost it there: the code's author did, when that author wrote after the right value was seen.
            AgentTurn? lost = null;
            foreach (var t in turns.All.Skip(right.Position + 1))
            {
                // (A long printout is a listing, unless it labels the wrong value as its result: "Total: 463".)
                if (t.IsExecutionOutput && !finalFacts.Exists(f => Lists(facts, t, f)) && StatesWrong(t)
                    && turns.CodeAuthor(t) is { } author && author.Position > right.Position)
                {
                    lost = author;
                    break;
                }

                // A turn that names the wrong value as an operand and concludes with the right one ("the mean of the 5th and
                // 6th values (36.0 and 38.4), i.e. 37.2 kg") still holds the right answer.
                if (!t.IsObservation && StatesWrong(t) && !ConcludesRight(t))
                {
                    lost = t;
                    break;
                }
            }

            lost ??= final.Turn;
            var evidence = new List<Evidence> { new(right.Span.SpanId, right.Source, Written(facts, right.Text, wanted, expected)) };
            if (finalFacts.FirstOrDefault(f => facts.States(lost.Text, f)) is { } wrong) evidence.Add(new Evidence(lost.Span.SpanId, lost.Source, WrittenIn(facts, lost.Text, wrong)));
            else evidence.Add(new Evidence(lost.Span.SpanId, lost.Source, OpeningLine(lost.Text)));
            return context.CreateFinding(Id.Instance, lost.Span, lost.IsObservation ? "Poor Information Retrieval" : "Tool Output Misinterpretation",
                $"The expected answer \"{Quote.Cut(expected, 80)}\" was there at turn {right.Position + 1} ({right.Agent ?? right.Span.Name}) and{LostAt}turn {lost.Position + 1} ({lost.Agent ?? lost.Span.Name}); the run ends with \"{Quote.Cut(final.Text.Trim(), 80)}\".",
                evidence, 0.7) with { Basis = AttributionBasis.ExpectedAnswer };
        }

        if (Entry(context, final, finalFacts, phrase) is not { } entry) return null;
        return context.CreateFinding(Id.Instance, entry.Turn.Span, entry.Leaf,
            $"The run ends with {entry.Written} where {Quote.Cut(expected, 80)} was expected; {entry.Written} {entry.Where.Replace("entered the run at", "entered at", StringComparison.Ordinal)} and the expected answer appears nowhere in the run.",
            entry.Evidence, 0.7) with { Basis = AttributionBasis.ExpectedAnswer };
    }

    /// <summary>Where the final answer's content first entered the run; null when it all comes from the task, or there is none.</summary>
    public static Finding? Provenance(DetectionContext context)
    {
        if (Final(context.Turns, context.Facts) is not { } final) return null;
        var finalFacts = WrongFacts(context, final, []);
        if (Entry(context, final, finalFacts, null) is not { } entry) return null;
        return context.CreateFinding(Id.Instance, entry.Turn.Span, entry.Leaf,
            $"No error signal was found. The final answer states {entry.Written}, which {entry.Where}; that step is the most probable origin.",
            entry.Evidence, 0.3) with { Basis = AttributionBasis.Inference };
    }

    /// <summary>
    /// In a single-agent run whose answer's content cannot be traced upstream: the model call that wrote the answer. What
    /// nothing before it states entered there. Null in a conversation (its first working step is the fallback) or when
    /// the answer was not written by a model call.
    /// </summary>
    public static Finding? Answerer(DetectionContext context)
    {
        if (Final(context.Turns, context.Facts) is not { } final) return null;
        var g = final.Turn.G;
        var text = final.Turn.Text;
        var source = final.Turn.Source;
        if (!g.IsModelCall)
        {
            // A chain or agent span that restates its model call's answer: the model call below it wrote it.
            var said = text.Trim();
            var writer = final.Turn.Span.Descendants().Select(d => context.View[d])
                .LastOrDefault(d => d.IsModelCall && d.OutputText.Trim() is { Length: > 0 } o && (said.Contains(o, StringComparison.Ordinal) || o.Contains(said, StringComparison.Ordinal)));
            if (writer is null || AgentTurns.OutputOf(writer) is not { } output) return null;
            (g, text, source) = (writer, output.Text, output.Source);
        }

        var read = g.InputParts.Any(p => p.Kind == GenAi.PartKind.ToolCallResponse);
        return context.CreateFinding(Id.Instance, g.Span, read ? "Tool Output Misinterpretation" : "Incorrect Problem Identification",
            $"No error signal was found, and the final answer's content is stated nowhere before it: {g.Span.Name}, which wrote it{(read ? " from the tool results it was given" : "")}, is the most probable origin.",
            [new Evidence(g.Span.SpanId, source, OpeningLine(text))], 0.2) with { Basis = AttributionBasis.Inference };
    }

    /// <summary>The last resort: the first reasoning turn after the one that received the task, else the final turn.</summary>
    public static Finding? FirstStep(DetectionContext context)
    {
        var turns = context.Turns.All;
        var step = turns.Skip(1).FirstOrDefault(t => !t.IsObservation) ?? (turns.Count > 0 ? turns[0] : null);
        if (step is null) return null;
        return context.CreateFinding(Id.Instance, step.Span, "Incorrect Problem Identification",
            $"No error signal was found, and the final answer's content cannot be traced to a step. {step.Agent ?? step.Span.Name}'s turn {step.Position + 1} is the first step that worked on the task, the most probable origin.",
            [new Evidence(step.Span.SpanId, step.Source, OpeningLine(step.Text))], 0.2) with { Basis = AttributionBasis.Inference };
    }

    private sealed record EntryPoint(AgentTurn Turn, string Written, string Leaf, IReadOnlyList<Evidence> Evidence)
    {
        /// <summary>The turn that worked the value out by the method <see cref="Turn"/> gave; null when the value entered at <see cref="Turn"/>.</summary>
        public AgentTurn? Follower { get; init; }

        /// <summary>Where the value entered, as a summary says it.</summary>
        public string Where => Follower is { } f
            ? $"was worked out at turn {f.Position + 1} ({f.Agent ?? f.Span.Name}) by the method turn {Turn.Position + 1} ({Turn.Agent ?? Turn.Span.Name}) gave"
            : $"entered the run at turn {Turn.Position + 1} ({Turn.Agent ?? Turn.Span.Name})";
    }

    /// <summary>The earliest step where the final answer's content entered: its facts, and in a conversation its marked words.</summary>
    private static EntryPoint? Entry(DetectionContext context, FinalAnswer final, List<Fact> finalFacts, string? expectedPhrase)
    {
        // The answer restates its conclusion last ("Both give 32: 118 are closed and 32 are still open. The co-operative had
        // 32 open requests."): the facts its last sentence restates are the answer; the others are its premises.
        var concluded = Conclusion(context.Facts, final.Text, finalFacts);
        var byFact = (concluded.Count < finalFacts.Count ? FactEntry(context, concluded) : null) ?? FactEntry(context, finalFacts);
        var byWords = context.Turns.IsMultiAgent ? WordsEntry(context, final, expectedPhrase) ?? (byFact is null ? NoneEntry(context, final) : null) : null;
        var entry = byWords is null ? byFact : byFact is null ? byWords : byWords.Turn.Position < byFact.Turn.Position ? byWords : byFact;
        return entry is null ? null : Advised(context.Turns, entry) ?? entry;
    }

    // A turn that says it works by the method the turn before it gave ("Following that approach, averaging the three
    // regional yields:").
    [GeneratedRegex(@"^\W*(?:Following (?:that|this|your|the|their|his|her) (?:approach|advice|suggestion|recommendation|method|guidance)|As (?:you |\w+ )?(?:suggested|advised|recommended)|Per (?:your|the|that) (?:advice|suggestion|recommendation)|Taking (?:that|this|your) (?:approach|advice))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FollowsAdvice();

    /// <summary>
    /// In a conversation, the value entered at a turn that says it follows the method another agent gave in words just
    /// before it: the method was chosen there, and that turn is where the run went wrong. Null when the entry turn says
    /// no such thing, or the turn before it is its own agent's, or wrote code itself.
    /// </summary>
    private static EntryPoint? Advised(AgentTurns turns, EntryPoint entry)
    {
        if (!turns.IsMultiAgent || entry.Turn.IsObservation || !FollowsAdvice().IsMatch(entry.Turn.Text)) return null;
        if (turns.PreviousReasoningTurn(entry.Turn) is not { } adviser || string.Equals(adviser.Agent, entry.Turn.Agent, StringComparison.Ordinal)
            || adviser.Text.Contains("```", StringComparison.Ordinal) || ReferenceEquals(adviser, turns.TaskTurn))
        {
            return null;
        }

        return entry with
        {
            Turn = adviser,
            Follower = entry.Turn,
            Leaf = "Incorrect Problem Identification",
            Evidence = [new Evidence(adviser.Span.SpanId, adviser.Source, OpeningLine(adviser.Text)), .. entry.Evidence],
        };
    }

    /// <summary>
    /// The facts among <paramref name="candidates"/> that the text's last sentence stating any of them restates from an
    /// earlier sentence: the conclusion the text arrives at. All of them when there is no such restatement (a brief that
    /// mentions a figure once at its end does not conclude with it).
    /// </summary>
    private static List<Fact> Conclusion(FactIndex facts, string text, List<Fact> candidates)
    {
        if (candidates.Count < 2) return candidates;
        var end = text.Length;
        while (end > 0)
        {
            var start = end - 1;
            while (start > 0 && !(text[start - 1] == '\n' || (text[start - 1] is '.' or '!' or '?' && start < text.Length && char.IsWhiteSpace(text[start])))) start--;
            var sentence = text[start..end];
            var stated = candidates.Where(c => facts.States(sentence, c)).ToList();
            if (stated.Count > 0)
            {
                var before = text[..start];
                var restated = stated.Where(c => facts.States(before, c)).ToList();
                if (restated.Count > 0) return restated;
                // One figure, newly stated by a sentence that says it concludes ("The school will pay £230.00 in total."):
                // the premises came before it.
                return stated.Count == 1 && ConclusionCue().IsMatch(sentence) ? stated : candidates;
            }

            end = start - 1;
        }

        return candidates;
    }

    [GeneratedRegex(@"\b(?:in total|totals?|in all|altogether|overall|the answer|therefore|thus|hence|comes to|final(?:ly)?|in the end)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConclusionCue();

    private static EntryPoint? FactEntry(DetectionContext context, List<Fact> finalFacts)
    {
        var facts = context.Facts;
        var turns = context.Turns;
        EntryPoint? best = null;
        EntryPoint? bestInvented = null;
        foreach (var fact in finalFacts)
        {
            if (facts.FirstSeen(fact.Key) is not { } first) continue;
            // A bare figure ("33.7") an earlier text gave with its scale ("33.7 billion transistors") came from there.
            if (facts.FirstScaled(fact) is { } scaled && context.View.Rank(scaled.Span) < context.View.Rank(first.Span)) first = scaled;
            // A figure given with its scale ("487.3 million") that a script printed bare before (487.3) came from there.
            if (facts.FirstBare(fact) is { } bare && context.View.Rank(bare.Span) < context.View.Rank(first.Span)) first = bare;
            var turn = turns.TurnOf(first.Span);
            string leaf;
            if (turn is null)
            {
                // A tool returned it: the turn that picked it out of a list the tool returned, else the first turn after
                // the tool, which used it.
                turn = Picker(context, first, null);
                leaf = "Tool Output Misinterpretation";
                if (turn is null && Caller(context, first.Span) is { } caller)
                {
                    // The value came back alone from a call whose arguments hold a number the caller introduced (an
                    // operand mistyped or made up): the computation is the caller's, as a terminal's is its code's author's.
                    turn = caller;
                    leaf = "Incorrect Problem Identification";
                }

                turn ??= turns.All.FirstOrDefault(t => context.View.Rank(t.Span) > context.View.Rank(first.Span));
                if (turn is null) continue;
            }
            else if (turn.IsExecutionOutput)
            {
                (turn, leaf) = Reader(context, turn, t => facts.States(t.Text, fact), t => Lists(facts, t, fact), fact, Alternatives(facts, turn.Text, fact));
            }
            else if (turn.IsObservation && SurferReading(turn.Text) is { Length: > 0 } reading && facts.States(reading, fact))
            {
                // A surfer that said the value in its own words before the page it showed ("The top result answers the
                // question directly: ... now seats 412") picked it there, whatever the page held beside it.
                leaf = "Poor Information Retrieval";
            }
            else if (turn.IsObservation)
            {
                // A surfer that showed a page holding the value among others, then read it out alone, misread it there.
                // When the surfer only showed it, a later step that ties the value to what the task asks about, where the
                // page ties it to something else, misread the page it was shown.
                if (Picker(context, first, turn) is { } picked)
                {
                    turn = picked;
                    leaf = "Poor Information Retrieval";
                }
                else if (Misreader(context, first) is { } misread)
                {
                    turn = misread;
                    leaf = "Tool Output Misinterpretation";
                }
                else
                {
                    // The page held the value and nobody misread it: the page was the wrong one. When the surfer scrolled
                    // to the value, the page came with the step that opened it (a click on another result than the one
                    // asked for), not with the scroll.
                    turn = Opener(turns, turn);
                    leaf = "Poor Information Retrieval";
                }
            }
            else if (ReferenceEquals(first.Span, turn.Span) && turn.G.InputParts.Any(p => p.Kind == GenAi.PartKind.ToolCallResponse && p.Source == first.Source))
            {
                // The value came in with a tool's result handed to this very call (Microsoft.Extensions.AI and the newest
                // semconv record a tool's result only there): the call read it out of the tool's output.
                leaf = "Tool Output Misinterpretation";
            }
            else if (GuessedAt(facts, first) && Adopter(context, turn, fact) is { } adopter)
            {
                // A plan's educated guess became the answer where a later turn gave it as such, unchecked.
                turn = adopter;
                leaf = "Language-only hallucination";
            }
            else
            {
                leaf = facts.StatedBy(turn.Span).Any(s => s.Fact.Key == fact.Key && !s.Supported) ? "Language-only hallucination" : "Incorrect Problem Identification";
            }

            // At the same step, the later fact wins: an answer states its conclusion last ("... so €553.00 in total").
            // A fact its step stated with nothing upstream to support it (a miscomputed rate, a misstated difference)
            // outranks the facts the answer took faithfully from earlier steps, however early those entered.
            var invented = leaf == "Language-only hallucination";
            var current = invented ? bestInvented : best;
            if (current is not null && current.Turn.Position < turn.Position) continue;
            var evidence = new List<Evidence> { new(first.Span.SpanId, first.Source, first.Fact.Written) };
            if (!ReferenceEquals(first.Span, turn.Span)) evidence.Insert(0, new Evidence(turn.Span.SpanId, turn.Source, OpeningLine(turn.Text)));
            var entry = new EntryPoint(turn, first.Fact.Written, leaf, evidence);
            if (invented) bestInvented = entry;
            else best = entry;
        }

        best = bestInvented ?? best;
        return best is null ? null : Upstream(context, best);
    }

    /// <summary>
    /// What a browsing agent says in its own words before the page it shows (Magentic-One's WebSurfer: "The top result
    /// answers the question directly: ..." before "Here is a screenshot of ..."), without its account of the action it
    /// took ("I typed ...", "I clicked ..."), or after the page's text; for a file-reading agent, what it says after the
    /// document it shows. Empty when it says nothing of its own.
    /// </summary>
    internal static string SurferReading(string text)
    {
        var page = text.IndexOf("Here is a screenshot of", StringComparison.Ordinal);
        // A file-reading agent shows the document between rules of equals signs; what it says after the closing rule, in
        // its own voice ("I have read the table ..."), is its reading of the document.
        if (page < 0 && text.LastIndexOf("\n=====", StringComparison.Ordinal) is > 0 and var rule && text.IndexOf("=====", StringComparison.Ordinal) < rule
            && text.IndexOf('\n', rule + 1) is > 0 and var after && text[after..].TrimStart() is { } read && read.StartsWith("I ", StringComparison.Ordinal))
        {
            return read.Trim();
        }

        if (page <= 0) return "";
        // What it says after the page's text, in its own voice ("I have reached the end of the list. In total the
        // directory lists 20 ..."), is its reading of the page.
        var ocr = text.IndexOf(OcrMarker, page, StringComparison.Ordinal);
        if (ocr > 0 && text.IndexOf("\n\nI ", ocr, StringComparison.Ordinal) is > 0 and var closing) return text[(closing + 2)..].Trim();

        var own = text[..page].Trim();
        // The account of its action is what it did, not what it read.
        return own.StartsWith("I ", StringComparison.Ordinal) ? "" : own;
    }

    // Where a browsing agent's screenshot text begins: "Automatic OCR of the page screenshot has detected the following text:".
    private const string OcrMarker = "has detected the following text:";

    /// <summary>
    /// The paragraph a surfer closes its turn with after the page's text (or, for a file reader, after the document's last
    /// table), when it is no part of a table (no bars): its reading of the page ("The table lists the winners year by year.
    /// For 1997 ..."), whether or not it opens with "I ". Empty when there is none.
    /// </summary>
    internal static string SurferClosing(string text)
    {
        var ocr = text.IndexOf(OcrMarker, StringComparison.Ordinal);
        // A file reader shows the document itself: its closing words come after the document's last table, from the
        // first paragraph break after it on.
        var table = ocr < 0;
        if (table) ocr = text.LastIndexOf("|\n", StringComparison.Ordinal);
        if (ocr < 0) return "";
        var last = text.TrimEnd().LastIndexOf("\n\n", StringComparison.Ordinal);
        if (last <= ocr + (table ? 0 : 40)) return "";
        var paragraph = text[(last + 2)..].Trim();
        return paragraph.Contains('|', StringComparison.Ordinal) || paragraph.Split(' ').Length < 6 ? "" : paragraph;
    }

    /// <summary>
    /// When a tool returned the value among others of its kind (four fares, two flight numbers), the value was picked:
    /// the first later turn that states it without stating them all picked it. A turn that relays the whole list did not.
    /// For a page a surfer showed (<paramref name="surfer"/>), only the surfer's own later reading counts: what the
    /// orchestrator made of the page is not told apart from what the page said. Null when the value came alone, or no
    /// turn singled it out.
    /// </summary>
    private static AgentTurn? Picker(DetectionContext context, UpstreamFact source, AgentTurn? surfer)
    {
        var facts = context.Facts;
        var fact = source.Fact;
        string? text = null;
        foreach (var t in facts.TextsOf(source.Span))
        {
            if (t.Source == source.Source) text = t.Text;
        }

        if (text is null) return null;
        var peers = Peers(facts, text, fact);
        if (peers.Count == 0) return null;
        var rank = context.View.Rank(source.Span);
        foreach (var t in context.Turns.All)
        {
            if (context.View.Rank(t.Span) <= rank) continue;
            if (surfer is null ? t.IsObservation || IsCoordination(t) : !t.IsObservation || !string.Equals(t.Agent, surfer.Agent, StringComparison.Ordinal)) continue;
            if (facts.States(t.Text, fact) && !peers.TrueForAll(p => facts.States(t.Text, p)) && (surfer is null || AddressOf(t.Text) is not null || !Relays(facts, text, fact, peers, t.Text))) return t;
        }

        return null;
    }

    /// <summary>
    /// True when a surfer's reading of a value (an answer about the page, showing no page itself) relays the value's own
    /// line of the page: the sentence that states it says what sets that line apart from the other values' lines ("the
    /// children's book fund ... EUR 21,000" for "Children's book fund | 21,000"; not "Kestrel Bay's population" for the
    /// "Kestrel Bay district" row), shares no more words with another value's line, and states nothing that only another
    /// value's line holds (a reading that gives 2023's figure "in 2022" tied it to another row). Such a reading picked
    /// nothing: the page gave it the value.
    /// </summary>
    private static bool Relays(FactIndex facts, string page, Fact fact, List<Fact> peers, string reading)
    {
        if (ValueAt(facts, page, fact) is not { } own || ValueAt(facts, reading, fact) is not { } stated) return false;
        var ownText = ErrorText.LineAround(page, own.Index, int.MaxValue);
        var ownLine = Words(ownText);
        var readText = ErrorText.LineAround(reading, stated.Index, int.MaxValue);
        var said = Words(readText);
        var ownShared = said.Count(ownLine.Contains);
        if (ownShared == 0) return false;
        var readFacts = facts.FactsOf(readText).Where(f => f.Kind != FactKind.Url && f.Key != own.Key && f.Key != stated.Key).ToList();
        var apart = new HashSet<string>(ownLine, StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            if (ValueAt(facts, page, peer) is not { } at) continue;
            var peerText = ErrorText.LineAround(page, at.Index, int.MaxValue);
            if (peerText == ownText) continue;
            var peerLine = Words(peerText);
            apart.ExceptWith(peerLine);
            if (said.Count(peerLine.Contains) > ownShared) return false;
            if (readFacts.Exists(f => facts.States(peerText, f) && !facts.States(ownText, f))) return false;
        }

        return apart.Count == 0 || said.Overlaps(apart);
    }

    /// <summary>The fact as it stands in <paramref name="text"/>, or a number of the same value written with a unit or currency there; null when neither is.</summary>
    private static Fact? ValueAt(FactIndex facts, string text, Fact fact)
    {
        if (At(facts, text, fact) is { } same) return same;
        if (fact.Kind != FactKind.Number) return null;
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Kind == FactKind.Number && f.Value == fact.Value) return f;
        }

        return null;
    }

    [GeneratedRegex(@"^Address:\s*(\S+)|Here is a screenshot of \[[^\]\n]*\]\((\S+?)\)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PageAddress();

    /// <summary>The address of the page a surfer's turn shows (a web surfer's screenshot link, a file surfer's <c>Address:</c>); null when it shows none.</summary>
    private static string? AddressOf(string text)
    {
        if (!text.Contains("Address:", StringComparison.Ordinal) && !text.Contains("Here is a screenshot of", StringComparison.Ordinal)) return null;
        var m = PageAddress().Match(text);
        return !m.Success ? null : m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    /// <summary>
    /// The surfer's turn that opened the page <paramref name="shown"/> shows: going back over the same surfer's turns
    /// while they show the same address (scrolling, closing a cookie banner, answering about the page), the first of
    /// them. <paramref name="shown"/> itself when it shows no address or opened the page.
    /// </summary>
    private static AgentTurn Opener(AgentTurns turns, AgentTurn shown)
    {
        if (shown.Agent is null || AddressOf(shown.Text) is not { } address) return shown;
        var opener = shown;
        for (var i = shown.Position - 1; i >= 0; i--)
        {
            var t = turns.All[i];
            if (!string.Equals(t.Agent, shown.Agent, StringComparison.Ordinal)) continue;
            if (AddressOf(t.Text) is not { } other) continue;
            if (!string.Equals(other, address, StringComparison.Ordinal)) break;
            opener = t;
        }

        return opener;
    }

    /// <summary>
    /// The first later turn that states a value a surfer showed among others of its kind, when that turn misread the page:
    /// the line where it states the value shares with another of the page's lines (one holding another value of the kind)
    /// more of the task's words than with the value's own line, and one the value's line lacks, while the value's line names
    /// something the turn does not say ("the vegetable lasagne at 13.95" where the page reads "Beef lasagne 13.95" and
    /// "Vegetable lasagne 11.50"); or when the value's own line states none of the task's checkable facts while another
    /// value's line states one (the medal year of a namesake, where the painter "b. 1948" the task asks about has another
    /// year on the next line). A turn that ties the value to what
    /// its own line says relays the page faithfully (the page may be the wrong one: then the surfer is cited). Null when the
    /// first turn to state the value did not misread it, or the page shows no other value of its kind.
    /// </summary>
    private static AgentTurn? Misreader(DetectionContext context, UpstreamFact source)
    {
        var facts = context.Facts;
        if (context.Turns.Task is not { } task) return null;
        string? text = null;
        foreach (var t in facts.TextsOf(source.Span))
        {
            if (t.Source == source.Source) text = t.Text;
        }

        if (text is null || At(facts, text, source.Fact) is not { } own) return null;
        var peers = Peers(facts, text, own);
        if (peers.Count == 0) return null;
        var asked = Words(task.Text);
        var ownText = ErrorText.LineAround(text, own.Index, int.MaxValue);
        var ownLine = Words(ownText);
        // The task's checkable facts (a birth year, a date, an id) that the value's own line does not state.
        var constraints = facts.FactsOf(task.Text).Where(f => f.Kind != FactKind.Url && f.Key != own.Key && !facts.States(ownText, f)).ToList();
        var ownStatesNone = constraints.Count == facts.FactsOf(task.Text).Count(f => f.Kind != FactKind.Url && f.Key != own.Key);
        var rank = context.View.Rank(source.Span);
        foreach (var t in context.Turns.All)
        {
            if (context.View.Rank(t.Span) <= rank || t.IsObservation || ReferenceEquals(t, context.Turns.TaskTurn)) continue;
            if (At(facts, t.Text, source.Fact) is not { } stated) continue;
            var saidAll = Words(ErrorText.LineAround(t.Text, stated.Index, int.MaxValue));
            var said = new HashSet<string>(saidAll, StringComparer.Ordinal);
            said.IntersectWith(asked);
            var ownShared = said.Count(ownLine.Contains);
            foreach (var peer in peers)
            {
                var peerText = ErrorText.LineAround(text, peer.Index, int.MaxValue);
                var peerLine = Words(peerText);
                if (peerLine.SetEquals(ownLine)) continue;
                // The value's line states none of the task's checkable facts and another value's line states one ("b. 1948"
                // for the painter born in 1948): the step took the value of another thing than the task's.
                if (ownStatesNone && constraints.Count > 0 && peer.Key != own.Key && constraints.Exists(f => facts.States(peerText, f))) return t;
                var shared = said.Count(peerLine.Contains);
                // The value's own line names something the step left out and the other line lacks ("Beef"): a row of
                // the page for another thing, not a bare figure under a heading the step read rightly.
                var otherThing = ownLine.Any(w => !saidAll.Contains(w) && !peerLine.Contains(w));
                if (otherThing && shared > ownShared && said.Any(w => peerLine.Contains(w) && !ownLine.Contains(w))) return t;
            }

            return null;
        }

        return null;
    }

    /// <summary>
    /// True when the text last states the value as an operand of a result it then gives: within a few words after it,
    /// "i.e.", "=", "gives" or "which is" leads to another number ("(36.0 and 38.4), i.e. 37.2 kg").
    /// </summary>
    private static bool Operand(FactIndex facts, string text, Fact value)
    {
        var at = LastAt(facts, text, value);
        if (at < 0) return false;
        var rest = text.AsSpan(at, Math.Min(text.Length - at, 90)).ToString();
        var m = ResultAfterOperand().Match(rest);
        return m.Success && decimal.TryParse(m.Groups["n"].ValueSpan.ToString().Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var n) && n != value.Value;
    }

    [GeneratedRegex(@"^\S+[^\n]{0,60}?(?:\bi\.e\.,?|=|\bgives\b|\bgiving\b|\bwhich is\b|\bthat is\b|\bequals\b|\bcomes to\b)\s*(?:about|roughly|approximately|~)?\s*(?<n>\d[\d,]*(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex ResultAfterOperand();

    // Words that set the value after them aside: "not 11", "rather than 7.8", "instead of 36".
    [GeneratedRegex(@"\b(?:not|rather than|instead of|than|over)\s*(?:the\s+)?\(?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetAside();

    // Where the text last states the fact (or an equal value at its precision); -1 when it does not.
    private static int LastAt(FactIndex facts, string text, Fact fact)
    {
        var last = -1;
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Key == fact.Key || (fact.Kind == FactKind.Number && f.Kind == FactKind.Number && fact.Value != 0 && f.Value == fact.Value)) last = f.Index;
        }

        return last;
    }

    /// <summary>The fact as it stands in <paramref name="text"/> (with its position there); null when the text does not state it.</summary>
    private static Fact? At(FactIndex facts, string text, Fact fact)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Key == fact.Key) return f;
        }

        return null;
    }

    /// <summary>The other values of the fact's kind in a text, one per value; a year beside them is not one of them.</summary>
    private static List<Fact> Peers(FactIndex facts, string text, Fact fact)
    {
        var peers = new List<Fact>();
        foreach (var f in facts.FactsOf(text))
        {
            // A year beside the values ("2025-01": 18240) is not another value of their kind.
            if (f.Kind == FactKind.Number && IsYear(f) && !IsYear(fact)) continue;
            if (f.Kind == fact.Kind && f.Dimension == fact.Dimension && f.Key != fact.Key && !peers.Exists(p => p.Key == f.Key)) peers.Add(f);
        }

        return peers;
    }

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "that", "this", "these", "those", "are", "was", "were", "has", "have", "had", "how",
        "much", "many", "what", "which", "who", "does", "did", "its", "their", "per", "not", "all", "any", "according", "given",
        "answer", "please", "file", "page", "attached", "website",
    };

    /// <summary>The content words of a line, in lower case: words of three letters or more that are not filler.</summary>
    private static HashSet<string> Words(string line)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && char.IsLetter(line[i]))
            {
                if (start < 0) start = i;
                continue;
            }

            if (start >= 0 && i - start >= 3)
            {
                var word = line[start..i].ToLowerInvariant();
                if (!Filler.Contains(word)) words.Add(word);
            }

            start = -1;
        }

        return words;
    }

    /// <summary>The turn's first line that says something (a ReAct step may open with a blank line).</summary>
    private static string OpeningLine(string text) => ErrorText.LineAround(text, text.Length - text.TrimStart().Length);

    /// <summary>
    /// The model call that asked for the tool call executed in <paramref name="tool"/>, seen as a step of its agent, when
    /// the call's arguments hold a number nothing before the caller stated; null otherwise. A model call that only calls
    /// tools says nothing in text and is no turn of its own: here its arguments are what it said.
    /// </summary>
    private static AgentTurn? Caller(DetectionContext context, Span tool)
    {
        var facts = context.Facts;
        if (!context.View.ToolCalls.BySpan.TryGetValue(tool, out var calls)) return null;
        foreach (var call in calls)
        {
            if (!ReferenceEquals(call.Execution?.Span, tool) || call.RequestedBy is not { } requester || call.Arguments is not { } args) continue;
            if (context.Turns.TurnOf(requester.Span) is { } own) return Introduces(facts, args.Text, requester.Span) ? own : null;
            if (!Introduces(facts, args.Text, requester.Span)) return null;
            var next = context.Turns.All.FirstOrDefault(t => context.View.Rank(t.Span) > context.View.Rank(requester.Span));
            return new AgentTurn(requester, context.Turns.AgentOf(requester.Span), args.Text, args.Source, next?.Position ?? context.Turns.All.Count);
        }

        return null;
    }

    private static bool Introduces(FactIndex facts, string arguments, Span requester)
    {
        foreach (var f in facts.FactsOf(arguments))
        {
            if (f.Kind == FactKind.Number && facts.FirstSeen(f.Key) is { } first && ReferenceEquals(first.Span, requester)) return true;
        }

        return false;
    }

    private static bool IsYear(Fact f) => f.Kind == FactKind.Number && f.Dimension.Length == 0 && f.Value is >= 1900 and <= 2100 && f.Value == decimal.Truncate(f.Value);

    /// <summary>
    /// Who a value a terminal printed belongs to: a value the code computed is its author's; a value it looked up (search
    /// results, a page, a file's rows: see <see cref="AgentTurns.LooksUp"/>) is the first later turn's that picked it out,
    /// unless a later run of code printed it first as a result of its own (a count that happens to be a day of the month
    /// a calendar showed): then it is that code's author's.
    /// </summary>
    private static (AgentTurn Turn, string Leaf) Reader(DetectionContext context, AgentTurn execution, Func<AgentTurn, bool> states, Func<AgentTurn, bool> listing, Fact? value = null, List<Fact>? alternatives = null)
    {
        var turns = context.Turns;
        if (alternatives is { Count: > 0 } others && value is not null)
        {
            // The code printed the value beside another result of the same measure ("Quantity-weighted average: 587.59",
            // "Simple mean of lot prices: 728.00"), and a step put the other forward: the step that then chose this one
            // over it (the first whose last word on either names this one) made the choice.
            var proposed = false;
            for (var i = execution.Position + 1; i < turns.All.Count; i++)
            {
                var t = turns.All[i];
                if (t.IsObservation || IsCoordination(t)) continue;
                if (LastStated(context.Facts, t.Text, [value, .. others]) is not { } last) continue;
                if (last.Key != value.Key) proposed = true;
                else if (proposed) return (t, "Incorrect Problem Identification");
                else break;
            }
        }

        if (listing(execution))
        {
            for (var i = execution.Position + 1; i < turns.All.Count; i++)
            {
                var t = turns.All[i];
                if (t.IsExecutionOutput && !listing(t) && states(t)) return (turns.CodeAuthor(t) ?? t, "Incorrect Problem Identification");
                if (t.IsObservation || IsCoordination(t)) continue;
                // A turn that names the value only as an operand on the way to another result ("the mean of the 5th and
                // 6th values (36.0 and 38.4), i.e. 37.2 kg") did not single it out.
                if (states(t) && !(value is not null && Operand(context.Facts, t.Text, value))) return (t, "Tool Output Misinterpretation");
            }
        }

        var author = turns.CodeAuthor(execution);
        // The code computed it from an operand another agent gave from nowhere ("Ethnologue puts Bengali at roughly 237
        // million", then `bengali_l1 = 237.0`): the computation only carried the made-up figure.
        if (author is not null && SuppliedOperand(context, author) is { } supplier) return (supplier, "Language-only hallucination");
        return (author ?? execution, "Incorrect Problem Identification");
    }

    /// <summary>
    /// The earlier turn of another agent that stated, unsupported by anything before it, a figure the code of
    /// <paramref name="author"/> writes as a literal operand (bare, or in the unit the other gave it: 237.0 for "237
    /// million"); null when the code's literals are its own or grounded.
    /// </summary>
    private static AgentTurn? SuppliedOperand(DetectionContext context, AgentTurn author)
    {
        var facts = context.Facts;
        // Figures of three digits or more: a small count or factor matches too much to say where it came from.
        static bool Distinct(Fact f) => f.Written.Count(char.IsAsciiDigit) >= 3 && Math.Abs(f.Value) >= 10;
        var literals = facts.FactsOf(author.Text).Where(f => f.Kind == FactKind.Number && !IsYear(f) && f.Value != 0 && Distinct(f)).ToList();
        foreach (var literal in literals)
        {
            // The latest turn before the code that gave the figure (bare, or in the scale it was given in: 237.0 for "237
            // million") is where the code took it from.
            for (var i = author.Position - 1; i >= 0; i--)
            {
                var t = context.Turns.All[i];
                var stated = facts.FactsOf(t.Text).Find(f => f.Kind == FactKind.Number && (f.Value == literal.Value || (FactIndex.ScaleFactor(f.Written) is { } scale && f.Value / scale == literal.Value)));
                if (stated is null) continue;
                if (t.IsObservation || t.IsExecutionOutput || ReferenceEquals(t, context.Turns.TaskTurn) || string.Equals(t.Agent, author.Agent, StringComparison.Ordinal)) break;
                if (facts.StatedBy(t.Span).Any(x => !x.Supported && x.Fact.Key == stated.Key)) return t;
                break;
            }
        }

        return null;
    }


    /// <summary>
    /// True when a terminal's output is a listing the value was one row of: something looked up (see
    /// <see cref="AgentTurns.LooksUp"/>), or a printout holding three or more other values of the value's kind (a table of
    /// totals by region): whoever singled the value out of it picked it; the code only printed them all.
    /// </summary>
    private static bool Lists(FactIndex facts, AgentTurn execution, Fact fact)
    {
        var at = facts.States(execution.Text, fact) ? At(facts, execution.Text, fact) : null;
        // A value on a line of its own that the code labelled ("Average fare per journey in 2024: £3.18") is the code's
        // result, however long the table it printed before it, and wherever else the output shows it ("(6416, 5)").
        if (at is not null && facts.FactsOf(execution.Text).Exists(f => f.Key == at.Key && LabelledResult(ErrorText.LineAround(execution.Text, f.Index, int.MaxValue), f.Written))) return false;
        if (AgentTurns.LooksUp(execution)) return true;
        if (at is null) return false;
        var peers = Peers(facts, execution.Text, at);
        if (peers.Count >= 3) return true;
        // Two rows of one printed table (a data frame's rows for the district and the town): whoever took one picked it.
        var line = ErrorText.LineAround(execution.Text, at.Index, int.MaxValue);
        return peers.Exists(p => ErrorText.LineAround(execution.Text, p.Index, int.MaxValue) is var other && other != line && SameRowShape(line, other));
    }

    /// <summary>
    /// The other results a printout labels on lines of their own that may measure what the value measures: the same unit
    /// (a bracketed unit in the label too, "(km)" is not "(mi)") and precision, within a factor of ten ("Quantity-weighted average (INR/kg): 587.59" beside "Simple mean of lot prices
    /// (INR/kg): 728.00"); empty when the value is no labelled result or stands alone.
    /// </summary>
    private static List<Fact> Alternatives(FactIndex facts, string text, Fact fact)
    {
        var all = facts.FactsOf(text);
        var at = all.Find(f => f.Key == fact.Key && LabelledResult(ErrorText.LineAround(text, f.Index, int.MaxValue), f.Written));
        if (at is null || at.Value == 0) return [];
        var line = ErrorText.LineAround(text, at.Index, int.MaxValue);
        var others = all.Where(f => f.Kind == FactKind.Number && f.Key != at.Key && f.Dimension == at.Dimension && f.Precision == at.Precision && f.Value != 0
                                    && Math.Abs(f.Value / at.Value) is > 0.1m and < 10m && ErrorText.LineAround(text, f.Index, int.MaxValue) is var other && other != line
                                    && LabelledResult(other, f.Written) && UnitOfLabel(other) == UnitOfLabel(line)).ToList();
        return others.Count is >= 1 and <= 3 ? others : [];
    }

    // The unit a printed label gives in brackets ("Total (km): 7.5", "average (INR/kg): 587.59"); "" for none.
    private static string UnitOfLabel(string line)
    {
        var colon = line.LastIndexOfAny([':', '=']);
        var label = colon > 0 ? line[..colon] : line;
        var open = label.LastIndexOf('(');
        var close = open >= 0 ? label.IndexOf(')', open) : -1;
        return close > open + 1 ? label[(open + 1)..close].Trim().ToLowerInvariant() : "";
    }

    // Of the facts, the one the text's last sentence naming any of them names (the first of that sentence); null for none.
    private static Fact? LastStated(FactIndex facts, string text, List<Fact> candidates)
    {
        Fact? last = null;
        var lastAt = -1;
        foreach (var c in candidates)
        {
            foreach (var f in facts.FactsOf(text))
            {
                if (f.Key == c.Key && f.Index > lastAt) (last, lastAt) = (c, f.Index);
            }
        }

        if (last is null) return null;
        // Both named in that sentence: it weighs them, and chooses neither.
        var sentence = Requests.Sentence(text, lastAt);
        return candidates.Count(c => facts.States(sentence, c)) == 1 ? last : null;
    }

    // "Average fare per journey in 2024: £3.18", "total = 1284350": words, a colon or an equals sign, then the value.
    private static bool LabelledResult(string line, string value)
    {
        var at = line.IndexOf(value, StringComparison.Ordinal);
        if (at <= 0) return false;
        var before = line[..at].TrimEnd();
        if (before.Length < 4 || before[^1] is not (':' or '=')) return false;
        var words = before.TrimEnd(':', '=', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // One word labels a result only when it names one ("Total: 463", "Sum = 242"), not a row ("Holmium: 67").
        var labelled = words.Count(w => w.Any(char.IsLetter)) >= 2 || (words.Length == 1 && ResultLabels.Contains(words[0].ToLowerInvariant()));
        return labelled && line[(at + value.Length)..].Trim().Length <= 12;
    }

    private static readonly HashSet<string> ResultLabels = new(StringComparer.Ordinal)
    {
        "total", "sum", "result", "answer", "count", "mean", "average", "median", "difference", "change", "overall",
    };

    // Two lines of the same table: a row label or index in front and a number at the end in both, and about as many cells
    // (a cell may hold two words: "Municipal District", "Settlement").
    private static bool SameRowShape(string a, string b)
    {
        var x = a.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (x.Length < 3 || y.Length < 3 || Math.Abs(x.Length - y.Length) > 2) return false;
        static bool Number(string cell) => decimal.TryParse(cell.Replace(",", "", StringComparison.Ordinal), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _);
        return Number(x[0]) == Number(y[0]) && Number(x[^1]) && Number(y[^1]) && x.Skip(1).Any(c => !Number(c)) && y.Skip(1).Any(c => !Number(c));
    }

    /// <summary>
    /// True when a terminal's output is a listing a name was one row of: something looked up, or a printout of four lines
    /// or more (a data frame's rows). A name a code printed alone was its result; a name among printed rows was data. A
    /// name among what a search in code found (see <see cref="AgentTurns.LookedUpByCode"/>) was found, and picked by its reader.
    /// </summary>
    private static bool ListsRows(AgentTurn execution)
    {
        if (AgentTurns.LooksUp(execution)) return true;
        var lines = 0;
        foreach (var line in execution.Text.Split('\n'))
        {
            if (line.Trim().Length > 0 && !AgentTurn.ExecutionOutputPattern().IsMatch(line)) lines++;
        }

        return lines >= 4;
    }

    /// <summary>
    /// Follows an entry back to an ungrounded input: when the step that wrote the value (a computation, a conclusion)
    /// used a fact that an earlier agent stated with nothing upstream to support it, that earlier statement is where the
    /// run went wrong ("1987 - 1911" is right arithmetic on an invented year).
    /// </summary>
    private static EntryPoint Upstream(DetectionContext context, EntryPoint entry)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (entry.Turn.IsObservation) return entry;
        var task = turns.Task?.Text;
        AgentTurn? origin = null;
        Fact? used = null;
        UpstreamFact? seen = null;
        foreach (var f in UsedFacts(facts, entry.Turn.Text))
        {
            if (f.Kind == FactKind.Url || (task is not null && facts.States(task, f))) continue;
            if (facts.FirstSeen(f.Key) is not { } first || turns.TurnOf(first.Span) is not { } t) continue;
            if (t.Position >= entry.Turn.Position || t.IsObservation || ReferenceEquals(t, turns.TaskTurn)) continue;
            // A plan's educated guess is no statement of fact: the first turn that stated it as one, before the entry
            // used it, is where it became one ("the fact sheet already establishes that it opened in 1896").
            if (GuessedAt(facts, first))
            {
                if (Adopter(context, t, f) is { } adopter && adopter.Position < entry.Turn.Position && (origin is null || adopter.Position < origin.Position))
                {
                    (origin, used, seen) = (adopter, f, first);
                }

                continue;
            }

            // A search's query term ("... opened to passengers 2014") states nothing, nor does a program's setting (timeout=30)
            // or a percentage's scale ("× 100").
            if (!facts.StatedBy(t.Span).Any(x => x.Fact.Key == f.Key && !x.Supported
                                                 && !(x.Source == t.Source && (AgentTurns.InLookupQuery(t.Text, x.Fact.Index) || Detectors.UnsupportedFactDetector.CodeSetting(t.Text, x.Fact.Index)
                                                     || Detectors.UnsupportedFactDetector.PercentScale(t.Text, x.Fact.Index))))) continue;
            if (origin is not null && origin.Position <= t.Position) continue;
            (origin, used, seen) = (t, f, first);
        }

        if (origin is null || used is null || seen is null) return Relayed(context, entry);
        var evidence = new List<Evidence> { new(seen.Span.SpanId, seen.Source, seen.Fact.Written) };
        evidence.AddRange(entry.Evidence);
        return new EntryPoint(origin, entry.Written, "Language-only hallucination", evidence);
    }

    /// <summary>
    /// A coordinator (an orchestrator, a manager) that first states the answer's value worked it out from what its
    /// workers reported ("2,150 - 1,120 = 1,030"): it relays, and the content entered with the earliest worker report
    /// it used, a figure a surfer read off a page. That report is where the run went wrong; the arithmetic on it is not.
    /// A coordinator that used no worker's figure is its own entry.
    /// </summary>
    private static EntryPoint Relayed(DetectionContext context, EntryPoint entry)
    {
        var turns = context.Turns;
        if (entry.Turn.Agent is not { } agent || !AgentTurn.CoordinatorAgentPattern().IsMatch(agent)) return entry;
        var facts = context.Facts;
        // Only right arithmetic relays: a value the coordinator's figures do not give is its own mistake.
        // and only a value the coordinator worked out: one a worker showed was taken from the page by the coordinator.
        var value = facts.FactsOf(entry.Written);
        if (value.Count == 0 || !facts.StatedBy(entry.Turn.Span).Any(x => x.Supported && value.Exists(v => v.Key == x.Fact.Key))) return entry;
        if (value.Exists(v => facts.FirstSeen(v.Key) is { } seenAt && seenAt.Span != entry.Turn.Span)) return entry;
        var task = turns.Task?.Text;
        AgentTurn? origin = null;
        UpstreamFact? seen = null;
        foreach (var f in facts.FactsOf(entry.Turn.Text))
        {
            if (f.Kind != FactKind.Number || value.Exists(v => v.Key == f.Key) || (task is not null && facts.States(task, f))) continue;
            if (facts.FirstSeen(f.Key) is not { } first || turns.TurnOf(first.Span) is not { } t) continue;
            // A surfer's or reader's report, not a script's printout (whose author is another question).
            if (t.Position >= entry.Turn.Position || !t.IsObservation || t.IsExecutionOutput) continue;
            if (origin is not null && origin.Position <= t.Position) continue;
            (origin, seen) = (t, first);
        }

        if (origin is null || seen is null) return entry;
        // A worker that showed a page and, in the same turn, tied one of the figures to another label than the page's line
        // gives it ("a main span of 1,146 m" where the page reads "Total length: 1,146 m" and "Longest span: 462 m")
        // misread it there: that figure, not the earliest one, is where the run went wrong.
        foreach (var f in facts.FactsOf(entry.Turn.Text))
        {
            if (f.Kind != FactKind.Number || value.Exists(v => v.Key == f.Key) || (task is not null && facts.States(task, f))) continue;
            foreach (var t in turns.All)
            {
                if (t.Position >= entry.Turn.Position) break;
                if (!t.IsObservation || t.IsExecutionOutput || MisreadInPlace(facts, t.Text, f) is not { } misread) continue;
                var quoted = new List<Evidence> { new(t.Span.SpanId, t.Source, misread.Page), new(t.Span.SpanId, t.Source, misread.Reading) };
                quoted.AddRange(entry.Evidence);
                return new EntryPoint(t, entry.Written, "Tool Output Misinterpretation", quoted);
            }
        }

        var evidence = new List<Evidence> { new(seen.Span.SpanId, seen.Source, seen.Fact.Written) };
        evidence.AddRange(entry.Evidence);
        return new EntryPoint(origin, entry.Written, "Poor Information Retrieval", evidence);
    }

    private static bool LabelRowAny(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 10 && (line.Contains(':', StringComparison.Ordinal) || line.Contains('|', StringComparison.Ordinal));

    // A row that labels one value: "Total length: 1,146 m (3,760 ft)", "| Longest span | 462 m |"; a few words, a colon or a
    // bar before the value.
    private static bool LabelRow(string line, string value)
    {
        var at = line.IndexOf(value, StringComparison.Ordinal);
        if (at <= 0 || line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 10) return false;
        var before = line.AsSpan(0, at);
        return before.IndexOf(':') >= 0 || before.IndexOf('|') >= 0;
    }

    /// <summary>
    /// A value a turn shows on a page's line and then states again in its own words, tied to a label the value's line does
    /// not have but another value's line of the page does: the words just before the restated value ("main span of")
    /// share nothing with its own line ("Total length: 1,146 m") and share a word with another value's line ("Longest
    /// span: 462 m"). Returns the page's line and the reading; null when the turn restates it faithfully or not at all.
    /// </summary>
    private static (string Page, string Reading)? MisreadInPlace(FactIndex facts, string text, Fact fact)
    {
        var stated = facts.FactsOf(text);
        var at = stated.FindAll(f => f.Key == fact.Key);
        if (at.Count < 2) return null;
        // The page's own line for the value: an infobox's or a table's row ("Total length: 1,146 m"), not a sentence.
        var own = at.Find(f => LabelRow(ErrorText.LineAround(text, f.Index, int.MaxValue), f.Written));
        if (own is null) return null;
        var ownText = ErrorText.LineAround(text, own.Index, int.MaxValue);
        var ownLine = Words(ownText);
        var peers = Peers(facts, text, own).Select(p => ErrorText.LineAround(text, p.Index, int.MaxValue)).Where(l => l != ownText && LabelRowAny(l)).Distinct().ToList();
        if (peers.Count == 0) return null;
        foreach (var reading in at)
        {
            var line = ErrorText.LineAround(text, reading.Index, int.MaxValue);
            if (line == ownText || LabelRow(line, reading.Written)) continue;
            // The label the reading gives the value: the words right before it in its clause.
            var start = reading.Index;
            for (var words = 0; start > 0 && words < 4; start--)
            {
                var c = text[start - 1];
                if (c is ',' or ';' or '.' or ':' or '\n' || (c == ' ' && ++words == 4)) break;
            }

            var label = Words(text[start..reading.Index]);
            label.ExceptWith(["and", "gives", "give", "has", "have", "with", "its", "the", "was", "are"]);
            if (label.Count == 0 || label.Overlaps(ownLine)) continue;
            foreach (var peerText in peers)
            {
                var peerLine = Words(peerText);
                if (label.Any(w => peerLine.Contains(w) && !ownLine.Contains(w))) return (ownText.Trim(), line.Trim());
            }
        }

        return null;
    }

    /// <summary>
    /// The facts a step used: those its text states, and the dates its code writes as constructor calls
    /// (<c>date(2023, 3, 21)</c>, <c>new DateTime(2023, 3, 21)</c>), read as the dates they are.
    /// </summary>
    private static IEnumerable<Fact> UsedFacts(FactIndex facts, string text)
    {
        foreach (var f in facts.FactsOf(text)) yield return f;
        if (!text.Contains("```", StringComparison.Ordinal)) yield break;
        foreach (Match m in CodeDate().Matches(text))
        {
            var (year, month, day) = (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month)) continue;
            foreach (var f in facts.FactsOf(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}"))) yield return f;
        }
    }

    [GeneratedRegex(@"\b(?:date|datetime|DateTime|DateOnly|Timestamp|LocalDate\.of)\s*\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex CodeDate();

    /// <summary>
    /// Where the marked answer's words first appear (the whole answer, else any item of a listed one), outside the task:
    /// "FINAL ANSWER: bite" entered where a surfer first reported "bite". Each turn's text is searched once per item,
    /// in lower case; the quote is the text as written there.
    /// </summary>
    private static EntryPoint? WordsEntry(DetectionContext context, FinalAnswer final, string? expectedPhrase)
    {
        if (final.Value is not { } value) return null;
        var turns = context.Turns;
        var items = new List<string>();
        AddItem(items, value, expectedPhrase);
        if (items.Count == 0 || value.IndexOfAny(ListSeparators) >= 0)
        {
            foreach (var part in value.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) AddItem(items, part, expectedPhrase);
        }

        if (items.Count == 0) return null;
        var task = turns.Task is { } t ? t.Text.ToLowerInvariant() : null;
        items.RemoveAll(item => task is not null && WholeWords.Find(task, item) >= 0);
        if (items.Count == 0) return null;

        // A name that first stood as one row of a table a surfer showed (a branch among the branches) was picked by a later
        // turn that singled it out; the table is where it entered only when no later turn did.
        EntryPoint? listed = null;
        foreach (var turn in turns.All)
        {
            if (turn.Position > final.Turn.Position) break;
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            var lower = turns.Lower(turn);
            foreach (var item in items)
            {
                var at = WholeWords.Find(lower, item);
                // A plan's educated guess between candidates ("dominated by Triceratops and Edmontosaurus, so one of these is
                // likely to be the answer") is a question to settle: a name there did not enter the answer. A guess of one
                // name that the answer then gives did.
                while (at >= 0 && !turn.IsObservation && Guesses.Within(turn.Text, at) && AmongCandidates(turn.Text, at, item.Length)) at = WholeWords.Find(lower, item, at + item.Length);
                if (at < 0) continue;
                if (listed is null && turn.IsObservation && !turn.IsExecutionOutput && TableRow(turn.Text, at))
                {
                    listed = new EntryPoint(turn, turn.Text.Substring(at, item.Length), "Poor Information Retrieval", [new(turn.Span.SpanId, turn.Source, turn.Text.Substring(at, item.Length))]);
                    continue;
                }

                if (listed is not null && TableRow(turn.Text, at)) continue;
                var written = turn.Text.Substring(at, item.Length);
                var cited = turn;
                string leaf;
                if (turn.IsExecutionOutput)
                {
                    var word = item;
                    (cited, leaf) = Reader(context, turn, t => WholeWords.Find(turns.Lower(t), word) >= 0, t => ListsRows(t) || turns.LookedUpByCode(t));
                }
                else
                {
                    leaf = turn.IsObservation ? "Poor Information Retrieval" : "Incorrect Problem Identification";
                }

                var evidence = new List<Evidence> { new(turn.Span.SpanId, turn.Source, written) };
                if (!ReferenceEquals(cited, turn)) evidence.Insert(0, new Evidence(cited.Span.SpanId, cited.Source, OpeningLine(cited.Text)));
                return Upstream(context, new EntryPoint(cited, written, leaf, evidence));
            }
        }

        return listed;
    }

    [GeneratedRegex(@"\b(?:one of (?:these|them|those|the two|the three)|either)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    // A name joined to another by "and" or "or": "Triceratops and Edmontosaurus", "Oslo or Bergen".
    [GeneratedRegex(@"^\s*(?:,\s*)?(?:and|or)\s+\p{Lu}|\p{Lu}\p{Ll}+\s*,?\s+(?:and|or)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Joined();

    // True when the name at the index stands in its sentence as one of several candidates.
    private static bool AmongCandidates(string text, int at, int length)
    {
        var sentence = Requests.Sentence(text, at);
        if (Candidates().IsMatch(sentence)) return true;
        return Joined().IsMatch(text.AsSpan(at + length, Math.Min(12, text.Length - at - length))) || Joined().IsMatch(text.AsSpan(Math.Max(0, at - 30), Math.Min(at, 30)));
    }

    /// <summary>True when the line holding <paramref name="at"/> is a row of a table of four rows or more (<c>| Ballincar | 20420 | ...</c>).</summary>
    private static bool TableRow(string text, int at)
    {
        var line = ErrorText.LineAround(text, at, int.MaxValue);
        if (!line.StartsWith('|')) return false;
        var cells = line.Count(c => c == '|');
        var rows = 0;
        foreach (var l in text.Split('\n'))
        {
            var t = l.Trim();
            if (t.StartsWith('|') && !t.StartsWith("| ---", StringComparison.Ordinal) && !t.StartsWith("|---", StringComparison.Ordinal) && t.Count(c => c == '|') == cells) rows++;
        }

        return rows >= 4;
    }

    /// <summary>True when the fact was first stated in a plan's section of educated guesses.</summary>
    private static bool GuessedAt(FactIndex facts, UpstreamFact first)
    {
        foreach (var t in facts.TextsOf(first.Span))
        {
            if (t.Source == first.Source) return Guesses.Within(t.Text, first.Fact.Index);
        }

        return false;
    }

    /// <summary>The first turn after <paramref name="guesser"/> that states the guessed value outside a section of guesses: it adopted it.</summary>
    private static AgentTurn? Adopter(DetectionContext context, AgentTurn guesser, Fact fact)
    {
        foreach (var t in context.Turns.All)
        {
            if (t.Position <= guesser.Position || t.IsObservation) continue;
            if (At(context.Facts, t.Text, fact) is { } stated && !Guesses.Within(t.Text, stated.Index)) return t;
        }

        return null;
    }

    // An answer that says there is none: 0, zero, none, "holds no titles by ...".
    [GeneratedRegex(@"^\W*(?:0|zero|none|no(?:ne)? (?!information|data|answer|results? (?:could|were))\w+)\b|\b(?:holds?|has|have|contains?|lists?|there (?:are|is|were|was)) no\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoneAnswer();

    // A worker's report that it found none: "None.", "none of them is by", "found no", "there are no", "no titles by".
    [GeneratedRegex(@"(?:^|[.!?]\s+)None\b|\bnone of (?:them|these|the \w+)\b|\bfound (?:no|none|nothing)\b|\bthere (?:are|is|were|was) no\b|\b(?:holds?|has|have|contains?|lists?) no\b|\bno (?:titles|records|entries|results|matches|items|books|works) (?:by|for|from|with|match)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FoundNone();

    /// <summary>
    /// For an answer that says there is none (0, "holds no titles by Áine Brolly"), the worker turn that first reported
    /// finding none: the answer's content entered there. Null for any other answer, or when no worker said so.
    /// </summary>
    private static EntryPoint? NoneEntry(DetectionContext context, FinalAnswer final)
    {
        if (!NoneAnswer().IsMatch(final.Value ?? "") && !NoneAnswer().IsMatch(final.Text)) return null;
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (turn.Position >= final.Turn.Position) break;
            if (ReferenceEquals(turn, turns.TaskTurn) || IsCoordination(turn) || turn.IsExecutionOutput) continue;
            if (turn.Agent is { } agent && AgentTurn.CoordinatorAgentPattern().IsMatch(agent)) continue;
            var m = FoundNone().Match(turn.Text);
            if (!m.Success) continue;
            var line = ErrorText.LineAround(turn.Text, m.Index);
            return new EntryPoint(turn, m.Value.TrimStart('.', '!', '?', ' ', '\n', '\r', '\t'), turn.IsObservation ? "Poor Information Retrieval" : "Incorrect Problem Identification",
                [new Evidence(turn.Span.SpanId, turn.Source, line)]);
        }

        return null;
    }

    private static void AddItem(List<string> items, string item, string? expectedPhrase)
    {
        var lower = item.Trim().Trim('*', '"', '\'', '.', ' ').ToLowerInvariant();
        if (lower.Length < 3 || NotTraceable.Contains(lower) || items.Contains(lower, StringComparer.Ordinal)) return;
        // "Unable to determine", "no information found": the absence of an answer has no origin in the text.
        if (HedgeWords().IsMatch(lower) || NoAnswer().IsMatch(lower)) return;
        var letters = 0;
        foreach (var c in lower)
        {
            if (char.IsLetter(c)) letters++;
        }

        // Words, not a bare count: "3" or "42" would be found in any text; numbers are traced as facts.
        if (letters < 3) return;
        // The expected answer itself is no wrong value.
        if (expectedPhrase is not null && Normalise(lower) == expectedPhrase) return;
        items.Add(lower);
    }

    /// <summary>The final answer's facts that are neither the expected ones nor given by the task.</summary>
    private static List<Fact> WrongFacts(DetectionContext context, FinalAnswer final, List<Fact> expected)
    {
        var facts = context.Facts;
        var task = context.Turns.Task;
        var list = new List<Fact>();
        foreach (var f in facts.FactsOf(final.Text))
        {
            if (f.Kind == FactKind.Url || DaysOfMonth.Is(final.Text, f)) continue;
            if (expected.Exists(e => e.Key == f.Key)) continue;
            if (task is not null && (facts.States(task.Text, f) || WrittenAsNumber(task.Text, f))) continue;
            if (!list.Exists(x => x.Key == f.Key)) list.Add(f);
        }

        return list;
    }

    /// <summary>
    /// True when the task writes the bare number as it stands, whatever it was read as there: the year of "Q1 2025" is
    /// the task's, though the task's text reads "Q1 2025" as one thing.
    /// </summary>
    private static bool WrittenAsNumber(string task, Fact f)
    {
        if (!f.IsBareNumber) return false;
        var written = f.Written;
        for (var at = task.IndexOf(written, StringComparison.Ordinal); at >= 0; at = task.IndexOf(written, at + 1, StringComparison.Ordinal))
        {
            var end = at + written.Length;
            var before = at == 0 || !(char.IsDigit(task[at - 1]) || ((task[at - 1] is '.' or ',') && at > 1 && char.IsDigit(task[at - 2])));
            var after = end >= task.Length || !(char.IsDigit(task[end]) || ((task[end] is '.' or ',') && end + 1 < task.Length && char.IsDigit(task[end + 1])));
            if (before && after) return true;
        }

        return false;
    }

    private static string Written(FactIndex facts, string text, List<Fact> wanted, string expected)
    {
        if (wanted.Count > 0) return WrittenIn(facts, text, wanted[0]);
        var at = text.IndexOf(expected.Trim(), StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? text.Substring(at, expected.Trim().Length) : ErrorText.LineAround(text, 0);
    }

    private static string WrittenIn(FactIndex facts, string text, Fact fact)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Key == fact.Key || (f.Kind == FactKind.Number && fact.Kind == FactKind.Number && Math.Abs(f.Value - fact.Value) <= Math.Max(f.Precision, fact.Precision))) return f.Written;
        }

        return ErrorText.LineAround(text, 0);
    }

    private static string Normalise(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c == ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Stands for the answer trail as the detector its findings come from.</summary>
    private sealed class Id : IDetector
    {
        public static readonly Id Instance = new();

        string IDetector.Id => DetectorId;

        int IDetector.Priority => 85;

        public IEnumerable<Finding> Detect(DetectionContext context) => [];
    }
}
