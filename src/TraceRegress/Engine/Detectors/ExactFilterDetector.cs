using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a step's code keeps the task's category by an exact match (<c>jul14['status'] == 'Completed'</c>,
/// <c>df["pressure_bar"] == "700"</c>) where the data the team printed before it lists, in the same column, another value
/// that is that category with a qualifier (<c>Completed (assisted)</c>) or that lists it among others (<c>350/700</c>):
/// rows the task counts were dropped. The task names the category, the printout lists the category itself as a value too,
/// and the other value holds it as a word of its own, in brackets' company or a list of values, with no word that says
/// it is not (<c>Not completed</c>, <c>non-700</c>). Incorrect Problem Identification at the step that wrote the filter,
/// quoting the filter and the value the data printed.
/// </summary>
internal sealed partial class ExactFilterDetector : IDetector
{
    public const string DetectorId = "exact-filter";

    // A pandas equality filter on a string: df['status'] == 'Completed', df.status == "700".
    [GeneratedRegex(@"(?:\[\s*[""'](?<column>[\w ]{1,40})[""']\s*\]|\.(?<column>[A-Za-z_]\w{0,39}))\s*==\s*[""'](?<value>[A-Za-z0-9][^""'\n]{0,39})[""']", RegexOptions.CultureInvariant)]
    private static partial Regex EqualityFilter();

    // The cells of a printed row: apart by two spaces or more.
    [GeneratedRegex(@"\s{2,}|\t", RegexOptions.CultureInvariant)]
    private static partial Regex CellBreak();

    // Words that make a value the category's opposite or a case it rules out.
    [GeneratedRegex(@"\b(?:not|non|no|un\w+|in\w*complete|cancel\w*|abort\w*|withdrawn|failed|partial|pending|excluded?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negates();

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
            if (turn.IsObservation || turn.IsExecutionOutput || !turn.Text.Contains("==", StringComparison.Ordinal)) continue;
            foreach (Match filter in EqualityFilter().Matches(turn.Text))
            {
                var value = filter.Groups["value"].Value;
                var whole = Whole(value);
                // The task asks for that category by its word.
                if (!whole.IsMatch(task.Text)) continue;
                if (Variant(all, i, value, whole) is not var (variant, printed)) continue;
                var line = ErrorText.LineAround(printed.Text, printed.Text.IndexOf(variant, StringComparison.Ordinal), int.MaxValue).Trim();
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name} kept the task's {value} by an exact match ({filter.Value}), which drops {variant}, a value of the data that is {value} too; the rows it counted leave those out.",
                    [new Evidence(turn.Span.SpanId, turn.Source, filter.Value), new Evidence(printed.Span.SpanId, printed.Source, line)], 0.65)
                    with { Basis = AttributionBasis.Inference, Explains = all.Skip(i + 1).Where(t => t.IsExecutionOutput).Take(1).Select(t => t.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    /// <summary>
    /// A value printed before the filter that holds the filtered one as a word of its own with a qualifier in brackets or
    /// among other values of a list (<c>Completed (assisted)</c>, <c>350/700</c>), where a printout also lists the filtered
    /// value as a value by itself; null when none is.
    /// </summary>
    private static (string Variant, AgentTurn Printed)? Variant(IReadOnlyList<AgentTurn> all, int before, string value, Regex whole)
    {
        var alone = false;
        (string, AgentTurn)? found = null;
        for (var k = 0; k < before; k++)
        {
            var t = all[k];
            if (!t.IsExecutionOutput || !whole.IsMatch(t.Text)) continue;
            foreach (var line in t.Text.Split('\n'))
            {
                if (!whole.IsMatch(line)) continue;
                foreach (var raw in CellBreak().Split(line))
                {
                    var cell = raw.Trim();
                    if (cell.Equals(value, StringComparison.OrdinalIgnoreCase))
                    {
                        alone = true;
                        continue;
                    }

                    if (found is null && cell.Length <= value.Length + 30 && Qualifies(cell, value, whole)) found = (cell, t);
                }
            }
        }

        return alone ? found : null;
    }

    /// <summary>"Completed (assisted)": the value and a bracketed qualifier; "350/700", "700, 350": the value in a list of values.</summary>
    internal static bool Qualifies(string cell, string value) => Qualifies(cell, value, Whole(value));

    private static Regex Whole(string value) => new($@"(?<![A-Za-z0-9]){Regex.Escape(value)}(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool Qualifies(string cell, string value, Regex whole)
    {
        var m = whole.Match(cell);
        if (!m.Success || Negates().IsMatch(cell)) return false;
        var rest = (cell[..m.Index] + cell[(m.Index + m.Length)..]).Trim();
        if (rest.Length == 0) return false;
        if (rest.StartsWith('(') && rest.EndsWith(')') && m.Index == 0) return true;
        return rest.IndexOfAny(['/', ',', '+', ';']) >= 0 && rest.Trim('/', ',', '+', ';', ' ').Length > 0
               && rest.Split(['/', ',', '+', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(p => p.Length <= Math.Max(8, value.Length + 4));
    }
}
