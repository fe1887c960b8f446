using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a step's code keeps the task's category by a substring (<c>df["Platform"].str.contains("Wii")</c>)
/// where the data the team printed lists another category that holds the same letters apart from it (<c>WiiU</c> beside
/// <c>Wii</c> in the column's value counts), and the rows the filter kept include that other category: everything summed
/// from there counts a category the task did not ask for. Incorrect Problem Identification at the step that wrote the
/// filter, quoting the filter and the other category as the data printed it. A filter whose kept rows hold only the
/// task's category, or a substring the data never lists apart, is no finding.
/// </summary>
internal sealed partial class SubstringFilterDetector : IDetector
{
    public const string DetectorId = "substring-filter";

    // A pandas filter by substring: df["Platform"].str.contains("Wii"), .str.startswith('PS').
    [GeneratedRegex(@"\[[""'](?<column>[\w ]{1,40})[""']\]\.str\.(?:contains|startswith)\(\s*[""'](?<value>[A-Za-z0-9][\w .-]{0,30})[""']", RegexOptions.CultureInvariant)]
    private static partial Regex SubstringFilter();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var all = turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var turn = all[i];
            if (turn.IsObservation || !turn.Text.Contains(".str.", StringComparison.Ordinal)) continue;
            foreach (Match filter in SubstringFilter().Matches(turn.Text))
            {
                var value = filter.Groups["value"].Value;
                // The task asks for that category by name.
                if (!Regex.IsMatch(task.Text, $@"\b{Regex.Escape(value)}\b", RegexOptions.CultureInvariant)) continue;
                var other = new Regex($@"(?<![\w-])(?<other>{Regex.Escape(value)}[\w-]+|[\w-]+{Regex.Escape(value)})(?![\w-])", RegexOptions.CultureInvariant);
                // The data printed before the filter lists the category and another holding its letters, apart.
                string? listed = null;
                AgentTurn? printed = null;
                for (var k = 0; k < i && listed is null; k++)
                {
                    var t = all[k];
                    if (!t.IsExecutionOutput || !Regex.IsMatch(t.Text, $@"(?<![\w-]){Regex.Escape(value)}(?![\w-])", RegexOptions.CultureInvariant)) continue;
                    foreach (Match m in other.Matches(t.Text))
                    {
                        var line = ErrorText.LineAround(t.Text, m.Index, int.MaxValue).Trim();
                        // A category of its own: a line of the value counts ("WiiU   5") or a row that gives it in the column.
                        if (line.StartsWith(m.Value, StringComparison.Ordinal) || Regex.IsMatch(line, $@"\s{Regex.Escape(m.Value)}\s"))
                        {
                            (listed, printed) = (m.Groups["other"].Value, t);
                            break;
                        }
                    }
                }

                // Else categories that hold the value and a word of their own apart ("Grand Prix (Feature)", "Grand Prix (Short)"),
                // the task's words naming one of them ("the Grand Prix for feature film"): another is one it did not ask for.
                if (listed is null) (listed, printed) = Qualified(all, i, value, task.Text);
                if (listed is null || printed is null) continue;
                // The rows the filter kept include the other category: the first printout after the code shows it.
                var output = all.Skip(i + 1).FirstOrDefault(t => t.IsExecutionOutput);
                if (output is null || !Regex.IsMatch(output.Text, $@"(?<![\w-]){Regex.Escape(listed)}(?![\w-])", RegexOptions.CultureInvariant)) continue;
                var listedLine = ErrorText.LineAround(printed.Text, printed.Text.IndexOf(listed, StringComparison.Ordinal), int.MaxValue).Trim();
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name} kept the task's {value} by a substring ({filter.Value}), which also keeps {listed}, a category the data lists apart; the rows it summed include it.",
                    [new Evidence(turn.Span.SpanId, turn.Source, filter.Value), new Evidence(printed.Span.SpanId, printed.Source, listedLine), new Evidence(output.Span.SpanId, output.Source, listed)], 0.65)
                    with { Basis = AttributionBasis.Inference, Explains = all.Skip(i + 1).Select(t => t.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // A category as a printout lists it: an item of a printed list ('Grand Prix (Short)').
    [GeneratedRegex(@"(?<=[\[,]\s*)['""](?<item>[^'""\n]{2,60})['""](?=\s*[,\]])", RegexOptions.CultureInvariant)]
    private static partial Regex ListedItem();

    /// <summary>
    /// The categories a printout before the filter lists that hold the value as words and a word of their own apart
    /// ("Grand Prix (Feature)", "Grand Prix (Short)"): when the task's words name exactly one of them ("feature"), another
    /// is returned with the printout that lists it; nulls when none is.
    /// </summary>
    private static (string? Listed, AgentTurn? Printed) Qualified(IReadOnlyList<AgentTurn> all, int before, string value, string task)
    {
        var words = Facts.Words(value).ToHashSet(StringComparer.Ordinal);
        var taskWords = Facts.Words(task).ToHashSet(StringComparer.Ordinal);
        for (var k = 0; k < before; k++)
        {
            var t = all[k];
            if (!t.IsExecutionOutput || !t.Text.Contains(value, StringComparison.Ordinal)) continue;
            var categories = ListedItem().Matches(t.Text).Select(m => m.Groups["item"].Value)
                .Where(c => Regex.IsMatch(c, $@"(?<![\w-]){Regex.Escape(value)}(?![\w-])", RegexOptions.CultureInvariant)).Distinct(StringComparer.Ordinal).ToList();
            if (categories.Count < 2) continue;
            // The words each category adds to the value; the task names a category when it writes one of them.
            var own = categories.Select(c => (Category: c, Words: Facts.Words(c).Where(w => !words.Contains(w)).ToList())).ToList();
            if (own.Exists(o => o.Words.Count == 0)) continue;
            var asked = own.Where(o => o.Words.Exists(taskWords.Contains)).ToList();
            var other = own.FirstOrDefault(o => !o.Words.Exists(taskWords.Contains));
            if (asked.Count == 1 && other.Category is not null) return (other.Category, t);
        }

        return (null, null);
    }
}
