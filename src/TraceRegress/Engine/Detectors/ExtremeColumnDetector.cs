using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task picks a row by the extreme of one measure and asks another of that row ("In the month ... when the aquarium
/// recorded its highest total number of visitors, how many of that month's visitors came in school groups?"), the data
/// the team printed has a column for each (<c>total_visitors</c>, <c>school_group_visitors</c>), and a turn takes the
/// extreme of the asked measure's column instead ("we need the maximum of the school_group_visitors column",
/// <c>df['school_group_visitors'].idxmax()</c>): it answers another question. Incorrect Problem Identification at the
/// first turn that does, quoting the task's words, what the turn took the extreme of and the column the task picks by.
/// A turn that took the picking column's extreme first, or a task whose words after the superlative name no one column,
/// is no finding.
/// </summary>
internal sealed partial class ExtremeColumnDetector : IDetector
{
    public const string DetectorId = "extreme-column";

    // The task's superlative and the words that say of what, to the end of the clause.
    [GeneratedRegex(@"\b(?:highest|largest|greatest|biggest|most|maximum|lowest|smallest|fewest|least|minimum)\b(?<of>[^.?!,;:]{3,80})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Superlative();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var superlative = Superlative().Match(task.Text);
        if (!superlative.Success) yield break;
        var of = Facts.Words(superlative.Groups["of"].Value).ToList();
        var taskWords = Facts.Words(task.Text).ToList();
        var all = turns.All;
        var columns = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            var turn = all[i];
            if (turn.IsExecutionOutput)
            {
                foreach (Match m in SiblingColumnDetector.SnakeName().Matches(turn.Text)) columns.Add(m.Value);
                continue;
            }

            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || columns.Count < 2) continue;
            // The column the task picks by: every word of its name is among the words after the superlative.
            var picking = columns.Where(c => c.Split('_').All(w => Named(w, of))).ToList();
            if (picking.Count != 1) continue;
            if (Extreme(turn.Text, picking[0]) is not null) yield break;
            foreach (var other in columns)
            {
                // Another column the task names, whose extreme the turn takes.
                if (other == picking[0] || !other.Split('_').All(w => Named(w, taskWords)) || Extreme(turn.Text, other) is not { } took) continue;
                var header = all.Take(i).Last(t => t.IsExecutionOutput && t.Text.Contains(picking[0], StringComparison.Ordinal));
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task picks the row by its {superlative.Value.Trim()}, the data's {picking[0]} column, and {turn.Agent ?? turn.Span.Name} took the extreme of {other} instead (\"{took}\"): it answers another question.",
                    [new Evidence(turns.Task.Span.SpanId, turns.Task.Source, superlative.Value.Trim()), new Evidence(turn.Span.SpanId, turn.Source, took),
                     new Evidence(header.Span.SpanId, header.Source, picking[0])], 0.6)
                    with { Basis = AttributionBasis.Inference, Explains = all.Skip(i + 1).Select(t => t.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // A word of a column's name the text writes: the same word, or one that starts with it ("group" in "groups").
    private static bool Named(string word, List<string> words) => word.Length >= 2 && words.Exists(w => w.StartsWith(word, StringComparison.Ordinal) && w.Length - word.Length <= 2);

    // Where the text takes the column's extreme: in code (idxmax, max, nlargest, a descending sort by it) or in words
    // ("the maximum of the school_group_visitors column"); null when it does not.
    private static string? Extreme(string text, string column)
    {
        var c = Regex.Escape(column);
        var m = Regex.Match(text, $@"\[\s*['""]{c}['""]\s*\]\s*\.\s*(?:idxmax|idxmin|max|min|nlargest|nsmallest|argmax|argmin)\s*\(|n(?:largest|smallest)\(\s*\d+\s*,\s*['""]{c}['""]|sort_values\(\s*(?:by\s*=\s*)?\[?['""]{c}['""][^)]*ascending\s*=\s*False|\b(?:maximum|highest|largest|max|minimum|lowest|smallest|min)\b[^.\n]{{0,40}}(?<![\w.]){c}(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? m.Value : null;
    }
}
