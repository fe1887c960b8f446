using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task includes a bound ("a maximum of at least 30.0 °C", "ML 2.0 or greater", "at most 12", "from 1 March to 15
/// March 2023 (inclusive)") and a turn compares against it strictly, in its code or in words written as code
/// (<c>tmax_c &gt; 30.0</c>, <c>date &lt; '2023-03-15'</c>): the values on the bound itself were left out of every count
/// and sum from there on.
/// Incorrect Problem Identification at the first turn that wrote the comparison, quoting it and the task's words. The
/// same the other way round: the task leaves a bound out ("more than EUR 50 million") and the code keeps it
/// (<c>&gt;= 50_000_000</c>).
/// </summary>
internal sealed partial class StrictBoundaryDetector : IDetector
{
    public const string DetectorId = "strict-boundary";

    private const string Figure = @"-?\d[\d,]*(?:\.\d+)?";

    // A bound the task includes, below: "at least 30.0", "no less than 5", "2.0 or greater", "300 cm or more".
    [GeneratedRegex(@"\b(?:at least|no less than|not less than|a minimum of|minimum of)\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?<n>" + Figure + @")|(?<n>" + Figure + @")\s*(?:[^\s\d.,;]{1,12}\s+)?or\s+(?:more|greater|above|higher|over)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtLeast();

    // A bound the task includes, above: "at most 12", "no more than 40", "12 or less", "up to and including 15".
    [GeneratedRegex(@"\b(?:at most|no more than|not more than|up to and including|a maximum of|maximum of)\s+(?<n>" + Figure + @")|(?<n>" + Figure + @")\s*(?:[^\s\d.,;]{1,12}\s+)?or\s+(?:less|fewer|below|lower|under)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtMost();

    // A comparison in code: "tmax_c > 30.0", "df['date'] < '2023-03-15'", "girth_cm>300".
    [GeneratedRegex(@"(?<![<>=!])(?<op>>=|<=|>|<)(?!=)\s*(?<v>" + Figure + @"|'\d{4}-\d{2}-\d{2}'|""\d{4}-\d{2}-\d{2}"")", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    // A bound the task leaves out: "more than EUR 50 million", "over 30 °C", "fewer than 10", "under 16".
    [GeneratedRegex(@"(?<!\bno |\bnot )\b(?<dir>more than|greater than|over|above|exceeding|in excess of|less than|fewer than|under|below)\s+(?:[A-Z]{3}\s?|[$€£]\s?)?(?<n>\d[\d,]*(?:\.\d+)?)(?:\s?(?<scale>thousand|million|billion|bn|[kKM])\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Beyond();

    // An inclusive comparison in code, its figure as Python may write it: ">= 50_000_000", "<= 1e6".
    [GeneratedRegex(@"(?<![<>=!])(?<op>>=|<=)\s*(?<v>-?\d[\d_,]*(?:\.\d+)?(?:[eE]\d+)?)(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex Inclusive();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        // The task's words, and a group chat's opening that restates them with its plan.
        var stated = new List<SourcedText> { task };
        if (turns.TaskTurn is { } opening && !ReferenceEquals(opening.Span, task.Span)) stated.Add(new SourcedText(opening.Span, opening.Source, opening.Text));
        var bounds = new List<(decimal? Value, string? Date, bool Lower, SourcedText At, string Quote)>();
        foreach (var text in stated)
        {
            foreach (Match m in AtLeast().Matches(text.Text))
            {
                if (Number(m.Groups["n"].Value) is { } n) bounds.Add((n, null, true, text, m.Value.Trim()));
            }

            foreach (Match m in AtMost().Matches(text.Text))
            {
                if (Number(m.Groups["n"].Value) is { } n) bounds.Add((n, null, false, text, m.Value.Trim()));
            }

            // A range of dates the task includes: the last date of a sentence that says "inclusive".
            for (var at = text.Text.IndexOf("inclusive", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.Text.IndexOf("inclusive", at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var sentence = Requests.Sentence(text.Text, at);
                var last = context.Facts.FactsOf(sentence).Where(f => f.Kind == FactKind.Date && f.Key.Length == 12).MaxBy(f => f.Key, StringComparer.Ordinal);
                if (last is not null) bounds.Add((null, last.Key[2..], false, text, sentence.Trim()));
            }

            // A month the task asks about ("in February 2024") includes its last day.
            foreach (Match m in MonthYear().Matches(text.Text))
            {
                if (!DateTime.TryParseExact($"1 {m.Groups["mon"].Value} {m.Groups["y"].Value}", "d MMMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)) continue;
                var end = first.AddMonths(1).AddDays(-1);
                bounds.Add((null, end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false, text, m.Value));
            }
        }

        if (Inclusively(context, task) is { } inclusive) yield return inclusive;
        if (bounds.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            // In its code, or in its words where it restates the rule as code writes it ("a hot day is `tmax_c > 30.0`").
            if (turn.Text.AsSpan().IndexOfAny('<', '>') < 0) continue;
            foreach (Match c in Comparison().Matches(turn.Text))
            {
                var op = c.Groups["op"].Value;
                // "<=" a bare date on a column that holds times of day ends at that day's midnight: the day is left out.
                var timed = op == "<=" && HoldsTimes(turn.Text, c.Index);
                if (op is ">=" || (op == "<=" && !timed)) continue;
                var v = c.Groups["v"].Value.Trim('\'', '"');
                foreach (var b in bounds)
                {
                    var strict = b.Date is { } date
                        ? (op == "<" || timed) && v == date
                        : Number(v) is { } n && n == b.Value && (b.Lower ? op == ">" : op == "<");
                    if (!strict) continue;
                    var line = ErrorText.LineAround(turn.Text, c.Index);
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        timed
                            ? $"The task includes {v} (\"{b.Quote}\"), and {turn.Agent ?? turn.Span.Name}'s code compares times of day with that bare date (\"{c.Value.Trim()}\"), which ends at its midnight: the day itself was left out."
                            : $"The task includes the bound (\"{b.Quote}\"), and {turn.Agent ?? turn.Span.Name}'s code compares strictly against it (\"{c.Value.Trim()}\"): the values on the bound were left out.",
                        [new Evidence(turn.Span.SpanId, turn.Source, line), new Evidence(b.At.Span.SpanId, b.At.Source, b.Quote)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }

            // between(start, end) on a column that holds times of day, its end a bare date the task includes.
            if (!turn.Text.Contains(".between(", StringComparison.Ordinal)) continue;
            foreach (Match m in Between().Matches(turn.Text))
            {
                var v = m.Groups["v"].Value;
                if (!HoldsTimes(turn.Text, m.Index) || bounds.Find(b => b.Date == v) is not { At: not null } b) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task includes {v} (\"{b.Quote}\"), and {turn.Agent ?? turn.Span.Name}'s code ends a range of times of day at that date's midnight (\"{m.Value.Trim()}\"): the day itself was left out.",
                    [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), new Evidence(b.At.Span.SpanId, b.At.Source, b.Quote)], 0.7)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    // "Month yyyy" in a task: "in February 2024".
    [GeneratedRegex(@"(?<!\d(?:st|nd|rd|th)? )\b(?<mon>January|February|March|April|May|June|July|August|September|October|November|December) (?<y>(?:19|20)\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    // The upper bound of a between() on a bare date: 'start_time'.between("2024-02-01", "2024-02-29").
    [GeneratedRegex(@"\.between\(\s*['""]\d{4}-\d{2}-\d{2}['""]\s*,\s*['""](?<v>\d{4}-\d{2}-\d{2})['""]", RegexOptions.CultureInvariant)]
    private static partial Regex Between();

    // A compared column named for a time of day or built from a date and a time: ["datetime"], ["start_time"], ["ts"].
    [GeneratedRegex(@"\[\s*['""](?<col>[^'""\]]{1,40})['""]\s*\]\s*\)?\s*(?:\.between\(\s*['""][^'""]*['""]\s*,\s*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnBefore();

    [GeneratedRegex(@"time|timestamp|^ts$|_at$|^dt$|datetime", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimedName();

    /// <summary>
    /// The other way round: the task leaves the bound out ("jackpots of more than EUR 50 million") and a turn's code keeps
    /// it (<c>df['jackpot_eur'] &gt;= 50_000_000</c>): the values on the bound itself were counted in.
    /// </summary>
    private Finding? Inclusively(DetectionContext context, SourcedText task)
    {
        var beyond = new List<(decimal Value, bool Lower, string Quote)>();
        foreach (Match m in Beyond().Matches(task.Text))
        {
            if (Number(m.Groups["n"].Value) is not { } n) continue;
            var scale = m.Groups["scale"].Value.ToLowerInvariant() switch { "thousand" or "k" => 1_000m, "million" or "m" => 1_000_000m, "billion" or "bn" => 1_000_000_000m, _ => 1m };
            var dir = m.Groups["dir"].Value.ToLowerInvariant();
            beyond.Add((n * scale, dir is not ("less than" or "fewer than" or "under" or "below"), m.Value.Trim()));
        }

        if (beyond.Count == 0) return null;
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || turn.Text.AsSpan().IndexOfAny('<', '>') < 0) continue;
            foreach (Match c in Inclusive().Matches(turn.Text))
            {
                if (!AnswerTrail.InCode(turn.Text, c.Index)) continue;
                var written = c.Groups["v"].Value.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
                if (!decimal.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
                var lower = c.Groups["op"].Value == ">=";
                foreach (var b in beyond)
                {
                    if (b.Value != v || b.Lower != lower) continue;
                    return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"The task leaves the bound out (\"{b.Quote}\"), and {turn.Agent ?? turn.Span.Name}'s code keeps it (\"{c.Value.Trim()}\"): the values on the bound were counted in.",
                        [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, c.Index)), new Evidence(task.Span.SpanId, task.Source, b.Quote)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                }
            }
        }

        return null;
    }

    /// <summary>True when the column compared just before <paramref name="at"/> holds times of day, by its name.</summary>
    private static bool HoldsTimes(string text, int at)
    {
        var from = Math.Max(0, at - 120);
        var m = ColumnBefore().Match(text[from..at]);
        return m.Success && TimedName().IsMatch(m.Groups["col"].Value);
    }

    private static decimal? Number(string written) =>
        decimal.TryParse(written.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
}
