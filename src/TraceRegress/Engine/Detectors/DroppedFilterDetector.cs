using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, the task's question picks out what to count or sum by a word the data holds as a category ("How
/// many of the park's steel roller coasters opened before 2000?" over a table whose Type column reads Steel, Wood,
/// Hybrid), and a plan or instruction restates the question with its other terms but without that word ("counts the rows
/// whose opening year is &lt; 2000"), and no code the team ran afterwards filters by it. The count covers every category:
/// Task Orchestration at the first step that restated the question without it, quoting its line and the task's word. A
/// restatement in the task's own words (a plan that quotes the request) keeps the word and is no finding.
/// </summary>
internal sealed partial class DroppedFilterDetector : IDetector
{
    public const string DetectorId = "dropped-filter";

    // A question that counts or sums.
    [GeneratedRegex(@"\b(?:how many|how much|number of|count|total|sum|share|percentage|proportion)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Counting();

    // A table cell: between bars ("| Steel |"), one word or a few.
    [GeneratedRegex(@"(?<=\|)[ \t]*(?<cell>\p{L}[\p{L} -]{1,30}?)[ \t]*(?=\|)", RegexOptions.CultureInvariant)]
    private static partial Regex Cell();

    [GeneratedRegex(@"\b\p{L}{3,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    // A figure of the question: a year or a number.
    [GeneratedRegex(@"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var question = Question(task.Text);
        if (question is null) yield break;
        var figures = Figure().Matches(question).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        if (figures.Count == 0) yield break;

        // The question's words that the data holds as a category: a cell of a table some turn showed, in two rows or more
        // (a column's heading stands once).
        var cells = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var turn in turns.All)
        {
            if (!turn.IsObservation && !turn.IsExecutionOutput) continue;
            foreach (Match c in Cell().Matches(turn.Text))
            {
                var cell = c.Groups["cell"].Value.Trim();
                cells[cell] = cells.GetValueOrDefault(cell) + 1;
            }
        }

        var words = Word().Matches(question).Select(m => m.Value).Where(w => cells.GetValueOrDefault(w) >= 2).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (words.Count == 0) yield break;

        // The question's own words for what it counts, beside its figures: a plan may restate it by them alone ("count the
        // German-made typewriters in the catalogue").
        var named = Naming().Matches(question).Select(m => m.Value).Where(w => !Qualifiers.IsFunctionWord(w.ToLowerInvariant())).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var word in words)
        {
            // The first restatement of the question without the word: a line of a plan or instruction that keeps a figure
            // of the question and says what to count, and never names the word.
            AgentTurn? dropped = null;
            string? line = null;
            var kept = false;
            foreach (var turn in turns.All)
            {
                if (turn.IsObservation || turn.IsExecutionOutput || ReferenceEquals(turn, turns.TaskTurn)) continue;
                var prose = AgentTurns.CodeBlock().Replace(turn.Text, " ");
                // The first line that restates the question, not the question quoted whole.
                line = prose.Split('\n').FirstOrDefault(l => Restates(l, figures, named) && !l.Contains(question, StringComparison.Ordinal));
                if (line is null) continue;
                kept = WholeWords.Find(line, word, StringComparison.OrdinalIgnoreCase) >= 0;
                dropped = turn;
                break;
            }

            if (kept) continue;

            if (dropped is null || line is null) continue;
            // No code run afterwards filters by the word.
            if (turns.All.Any(t => t.Position > dropped.Position && !t.IsObservation && AgentTurns.CodeBlock().Matches(t.Text)
                    .Any(b => b.Groups["code"].Value.Contains(word, StringComparison.OrdinalIgnoreCase)))) continue;
            yield return context.CreateFinding(this, dropped.Span, "Task Orchestration",
                $"The task counts only what is \"{word}\", which the data holds as a category, and {dropped.Agent ?? "a step"} restated the question without it (\"{line.Trim()}\"); no code run afterwards filters by it.",
                [new Evidence(dropped.Span.SpanId, dropped.Source, line.Trim()), new Evidence(task.Span.SpanId, task.Source, word)],
                0.65) with { Basis = AttributionBasis.UngroundedContent };
            yield break;
        }
    }

    // The task's sentence that counts or sums.
    private static string? Question(string task)
    {
        var m = Counting().Match(task);
        return m.Success ? Requests.Sentence(task, m.Index).Trim() : null;
    }

    // A line that says what to count and keeps a figure of the question, or two of its words of six letters or more.
    private static bool Restates(string line, List<string> figures, List<string> named) =>
        Counting().IsMatch(line) && (figures.Exists(f => line.Contains(f, StringComparison.Ordinal))
                                     || named.Count(w => WholeWords.Find(line, w, StringComparison.OrdinalIgnoreCase) >= 0) >= 2);

    // A word of six letters or more, hyphenated or not ("German-made", "typewriters").
    [GeneratedRegex(@"\b\p{L}[\p{L}-]{4,}\p{L}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Naming();
}
