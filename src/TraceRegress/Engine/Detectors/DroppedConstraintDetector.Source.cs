using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

internal sealed partial class DroppedConstraintDetector
{
    // The source a task names for its answer: "According to Liscarra Rowing Club's own website, ...", "on the band's
    // official site", "according to Box Office Mojo".
    [GeneratedRegex(@"\baccording to (?:the )?(?<src>[^,.;:?!\n]{3,80})|\b(?:on|from|in) (?:the )?(?<src>[^,.;:?!\n]{2,60}?(?:'s|’s) (?:own|official) (?:website|site|web site|homepage|page))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaskSource();

    // Sources an instruction may send a worker to in the task's source's place.
    [GeneratedRegex(@"\b(?:wikipedia|wiki(?:data)?|google|bing|duckduckgo|a search engine|news (?:sites?|articles?)|reddit|imdb|linkedin|facebook|instagram|twitter|youtube|encyclop(?:a|ae)dia|britannica)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherSource();

    /// <summary>
    /// A coordinator's instruction that sends a worker to another source than the one the task names for its answer ("the
    /// Wikipedia article" where the task says "according to the club's own website"). The instruction is reported with the
    /// worker turns that then answered from it, as a redirection: it is cited when the answer's value entered there.
    /// </summary>
    private static Finding? SourceRedirection(DetectionContext context, SourcedText task)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) return null;
        var m = TaskSource().Match(task.Text);
        if (!m.Success) return null;
        var source = m.Groups["src"].Value.Trim();
        var sourceWords = new HashSet<string>(Qualifiers.Tokenize(source).Select(t => t.Word), StringComparer.Ordinal);
        var all = turns.All;
        var workers = all.Where(t => t.Agent is not null && !IsCoordinator(t)).Select(t => t.Agent!).Distinct(StringComparer.Ordinal).ToList();
        foreach (var turn in all)
        {
            if (ReferenceEquals(turn, turns.TaskTurn) || turn.IsObservation || !IsCoordinator(turn)) continue;
            var own = Instruction(turn);
            if (own.Length == 0 || own.Contains(source, StringComparison.OrdinalIgnoreCase)) continue;
            var other = OtherSource().Match(own);
            if (!other.Success || sourceWords.Contains(other.Value.ToLowerInvariant())) continue;
            // A search engine asked for the source by its own name ("Search Bing for 'GLAMOS Rhonegletscher'") looks for it.
            if (SearchEngine().IsMatch(other.Value) && NamesSource(own, source)) continue;
            // Still the task's source: "the club's website, or Wikipedia if it has none".
            if (sourceWords.Overlaps(["website", "site", "homepage", "official"]) && Regex.IsMatch(own, @"\b(?:website|site|homepage|official)\b", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))) continue;
            var addressed = workers.Where(w => turn.Text.Contains(w, StringComparison.Ordinal) || turn.Agent!.Contains(w, StringComparison.Ordinal)).ToList();
            if (addressed.Count == 0) continue;
            var explained = new List<AgentTurn>();
            for (var i = turn.Position + 1; i < all.Count; i++)
            {
                var t = all[i];
                // Sent back to the task's source: what follows answers the task's question again.
                if (IsCoordinator(t) && Instruction(t) is { Length: > 0 } next && BackAtSource(next, source, sourceWords)) break;
                if (t.Agent is not null && addressed.Contains(t.Agent)) explained.Add(t);
            }

            if (explained.Count == 0) return null;
            return context.CreateFinding(new DroppedConstraintDetector(), turn.Span, "Task Orchestration",
                $"{turn.Agent}'s instruction sends the work to {other.Value} where the task asks \"according to {source}\", and{Redirected}: {string.Join(", ", addressed)} answered the question {(addressed.Count == 1 ? "it was" : "they were")} given.",
                [new Evidence(turn.Span.SpanId, turn.Source, Quote.Cut(own)), new Evidence(task.Span.SpanId, task.Source, source)], 0.5)
                with { Explains = explained.Select(t => t.Span.SpanId).ToArray(), Basis = AttributionBasis.Inference };
        }

        return null;
    }

    // An instruction that sends the work back to the task's source: it names the source whole, or the site the source is
    // on ("the 'Lake Baikal - Wikipedia' result" for "its English Wikipedia article"), and no other.
    private static bool BackAtSource(string instruction, string source, HashSet<string> sourceWords)
    {
        var named = OtherSource().Matches(instruction).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (named.Exists(n => !sourceWords.Contains(n))) return false;
        return instruction.Contains(source, StringComparison.OrdinalIgnoreCase) || named.Count > 0;
    }

    [GeneratedRegex(@"^(?:google|bing|duckduckgo|a search engine)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SearchEngine();

    // The instruction names the source by what only it is called: an acronym of it (GLAMOS), or two of its capitalised
    // words together (Box Office Mojo).
    private static bool NamesSource(string instruction, string source)
    {
        var words = source.Split([' ', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Length >= 3 && w.All(char.IsUpper) && WholeWords.Find(instruction, w) >= 0) return true;
            if (i + 1 < words.Length && char.IsUpper(w[0]) && char.IsUpper(words[i + 1][0]) && WholeWords.Find(instruction, w + " " + words[i + 1]) >= 0) return true;
        }

        return false;
    }

    // A coordinator turn's instruction: a ledger's instruction_or_question, else its text.
    private static string Instruction(AgentTurn turn) =>
        turn.Text.Contains("\"instruction_or_question\"", StringComparison.Ordinal)
            ? LedgerInstruction().Match(turn.Text) is { Success: true } m ? m.Groups[1].Value : ""
            : turn.Text;
}
