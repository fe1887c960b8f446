using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a printed table has a row the task names word for word ("What percentage of the ballot papers
/// counted were rejected?" beside the row "Total ballot papers counted 8,039"), and a step's code works out the answer
/// from rows of that table by their labels (<c>df.loc["Rejected ballot papers"]</c>, <c>df.loc["Total valid votes"]</c>)
/// without the row the task names, taking in its place one whose words the task never uses. The figure worked out is of
/// another quantity than the one asked for: Incorrect Problem Identification at that step, quoting the row it passed over
/// and the row it took.
/// </summary>
internal sealed partial class PassedOverRowDetector : IDetector
{
    public const string DetectorId = "passed-over-row";

    // A printed row: its index, a label of words, then one figure.
    [GeneratedRegex(@"^\s*\d+\s+(?<label>\p{L}[\p{L} ()'/&-]*?\p{L}\)?)\s{2,}(?<value>[-+]?[$£€]?\d[\d,]*(?:\.\d+)?%?)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LabelledRow();

    [GeneratedRegex(@"\p{L}{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    // Words a row's label adds to what it counts without saying which quantity it is.
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "total", "the", "and", "all", "number", "count", "sum", "overall", "grand",
    };

    private sealed record Row(string Label, string Line, HashSet<string> Words);

    public string Id => DetectorId;

    public int Priority => 53;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var asked = Words(task.Text);
        List<Row>? rows = null;
        AgentTurn? shown = null;
        foreach (var turn in turns.All)
        {
            if (turn.IsExecutionOutput || turn.IsObservation)
            {
                var found = LabelledRow().Matches(turn.Text).Select(m => new Row(m.Groups["label"].Value.Trim(), m.Value.Trim(), Words(m.Groups["label"].Value)))
                    .Where(r => r.Words.Count > 0).ToList();
                if (found.Count >= 3) (rows, shown) = (found, turn);
                continue;
            }

            if (rows is null || shown is null || ReferenceEquals(turn, turns.TaskTurn)) continue;
            var code = string.Concat(AgentTurns.CodeBlock().Matches(turn.Text).Select(b => b.Groups["code"].Value));
            if (code.Length == 0) continue;
            // The rows the code takes by their labels, written as strings.
            var used = rows.Where(r => code.Contains($"\"{r.Label}\"", StringComparison.Ordinal) || code.Contains($"'{r.Label}'", StringComparison.Ordinal)).ToList();
            if (used.Count < 2) continue;
            // The row the task names, every word of its label in the task's, and left out.
            var named = rows.FirstOrDefault(r => r.Words.Count >= 2 && r.Words.IsSubsetOf(asked) && !used.Contains(r));
            // A row taken in its place whose words the task never uses.
            var other = used.FirstOrDefault(r => !r.Words.Overlaps(asked));
            if (named is null || other is null) continue;
            yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"The task names the row \"{named.Label}\", and {turn.Agent ?? "a step"} worked the answer out from \"{other.Label}\" instead, a row whose words the task never uses.",
                [new Evidence(shown.Span.SpanId, shown.Source, named.Line), new Evidence(shown.Span.SpanId, shown.Source, other.Line), new Evidence(turn.Span.SpanId, turn.Source, other.Label)],
                0.6) with { Basis = AttributionBasis.UngroundedContent };
            yield break;
        }
    }

    // The words of a text that say what is counted, lower-cased, a plural's "s" dropped.
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (Generic.Contains(w)) continue;
            words.Add(w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w);
        }

        return words;
    }
}
