using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Code that loops over the task's years with Python's <c>range(2001, 2020)</c> where the task includes the last year
/// ("between 1 January 2001 and 31 December 2020, inclusive"): <c>range</c> stops before its second argument, so the
/// last year is never counted. Whatever the code computed leaves that year out: Incorrect Problem Identification, cited
/// at the turn that wrote the code, quoting the task's last year and the range. A range that stops one past it
/// (<c>range(2001, 2021)</c>) is right, and a task that does not include its last year says nothing.
/// </summary>
internal sealed partial class ExclusiveRangeDetector : IDetector
{
    public const string DetectorId = "exclusive-range";

    // A task that includes its last year: "inclusive", "through 2020", "to 31 December 2020", "2001–2020 inclusive".
    [GeneratedRegex(@"\binclusive\b|\bthrough\s+(?:(?:31 )?December\s+)?(?:19|20)[0-9]{2}\b|\bto\s+31\s+December\s+(?:19|20)[0-9]{2}\b|\band\s+31\s+December\s+(?:19|20)[0-9]{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Includes();

    [GeneratedRegex(@"\b(?:19|20)[0-9]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task || !Includes().IsMatch(task.Text)) yield break;
        var bounds = Bounds(task.Text);
        if (bounds.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || !turn.Text.Contains("range(", StringComparison.Ordinal)) continue;
            foreach (Match m in AnyRange().Matches(turn.Text))
            {
                if (Value(turn.Text, m.Groups["from"].Value, m.Index) is not { } from || Value(turn.Text, m.Groups["to"].Value, m.Index) is not { } to) continue;
                // The range stops at the task's last item, from its first (or, for years, from any year before it).
                if (!bounds.Exists(b => b.Last == to && from < to && (b.First is null ? from >= 1000 : from == b.First))) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name}'s code loops over {m.Value}, which stops before {to}, and the task includes {to}: it is never counted.",
                    [new Evidence(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, Includes().Match(task.Text).Index)), new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index))], 0.7)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    // Any two-argument range: range(2001, 2020), range(22, 35), range(start_year, end_year).
    [GeneratedRegex(@"\brange\(\s*(?<from>[A-Za-z_]\w*|\d{1,4})\s*,\s*(?<to>[A-Za-z_]\w*|\d{1,4})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex AnyRange();

    // An inclusive span the task states: "from week 22 to week 35 inclusive", "weeks 22-35 inclusive", "2015 through 2019".
    [GeneratedRegex(@"\b(?<first>\d{1,4})\s*(?:to|through|thru|until|-|–)\s*(?:(?:week|day|month|page|round|year|issue|season|stage|lap|level|chapter|grade|row)s?\s+)?(?<last>\d{1,4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Span();

    /// <summary>
    /// The task's inclusive spans: the last year it names (when it says it includes its last year), and each "first to
    /// last" span of a sentence that says inclusive or through.
    /// </summary>
    private static List<(int? First, int Last)> Bounds(string task)
    {
        var bounds = new List<(int? First, int Last)>();
        var lastYear = Year().Matches(task).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        if (lastYear > 0) bounds.Add((null, lastYear));
        foreach (Match m in Span().Matches(task))
        {
            if (!Includes().IsMatch(Requests.Sentence(task, m.Index))) continue;
            var first = int.Parse(m.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var last = int.Parse(m.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (first < last) bounds.Add((first, last));
        }

        return bounds;
    }

    /// <summary>
    /// A range argument's value: a number as written, or a name the code assigned a number before the range
    /// (<c>end_year = 2019</c>, <c>start_year, end_year = 2015, 2019</c>); null when neither.
    /// </summary>
    private static int? Value(string code, string argument, int before)
    {
        if (char.IsDigit(argument[0])) return int.Parse(argument, System.Globalization.CultureInfo.InvariantCulture);
        int? found = null;
        foreach (Match a in Assignment().Matches(code[..before]))
        {
            var names = a.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries);
            var values = a.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries);
            if (names.Length != values.Length) continue;
            var i = Array.IndexOf(names, argument);
            if (i >= 0) found = int.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        }

        return found;
    }

    // "end_year = 2019", "start_year, end_year = 2015, 2019" at the start of a line.
    [GeneratedRegex(@"^[ \t]*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=\s*(?<values>\d{1,4}(?:\s*,\s*\d{1,4})*)[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
