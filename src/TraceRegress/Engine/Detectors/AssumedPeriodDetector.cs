using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, the task names a period by its label ("financial year 2023", "fiscal year 2021", "the 2021/22
/// winter season"), a plan or instruction gives that label a span of dates of its own ("the sum of the monthly figures
/// from January to December 2023"; "bulletins dated 1 January 2022 to 31 December 2022"), and a page or file the team
/// read later gives the same label another span ("financial year 2023 ran from 1 April 2022 to 31 March 2023"; "FY 2021
/// Adopted Budget (July 1, 2020 – June 30, 2021)"; "Season 2021/22: bulletins issued 15 Nov 2021 - 30 Apr 2022"), which
/// no later step takes up. The team worked over the months the plan assumed: Incorrect Problem Identification at the
/// step that gave the label its span, quoting both spans.
/// </summary>
internal sealed partial class AssumedPeriodDetector : IDetector
{
    public const string DetectorId = "assumed-period";

    private const string Year = @"(?:19|20)\d{2}";

    private const string Label = @"(?:19|20)\d{2}(?:\s?[-/–]\s?(?:(?:19|20)\d{2}|\d{2}))?";

    // A period's label: "financial year 2023", "FY 2021-22", "the 2021/22 winter season", "Season 2021/22".
    [GeneratedRegex(@"\b(?:(?<k>fiscal|financial|tax|budget|academic|school)\s+year\s+(?<y>" + Label + @")|(?<k>FY)\s?(?<y>" + Label + @"|\d{2}(?:[-/]\d{2})?)|(?<y>" + Year + @"\s?[-/–]\s?(?:" + Year + @"|\d{2}))\s+(?:[a-z]+\s+)?(?<k>season)|(?<k>[Ss]eason)\s+(?<y>" + Year + @"\s?[-/–]\s?(?:" + Year + @"|\d{2})))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeriodLabel();

    private const string Month = @"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

    // A span of dates: "January to December 2023", "July 1, 2021 – June 30, 2022", "15 Nov 2021 - 30 Apr 2022",
    // "1 January 2022 to 31 December 2022", "2022-01-01 to 2022-12-31".
    [GeneratedRegex(@"(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?<am>" + Month + @")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?<ay>" + Year + @"))?|(?<ay>" + Year + @")-(?<an>\d{2})-\d{2})\s*(?:to|through|until|till|–|—|-)\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?<bm>" + Month + @")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?<by>" + Year + @"))?|(?<by>" + Year + @")-(?<bn>\d{2})-\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateSpan();

    private sealed record Period(int StartMonth, int? StartYear, int EndMonth, int? EndYear, string Written);

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context) => Spans(context).Concat(SeasonKeys(context)).Take(1);

    // A season written by its two years: "2018-19", "2018/19".
    [GeneratedRegex(@"\b(?<a>(?:19|20)\d{2})\s?[-–/]\s?(?<b>\d{2})\b(?!\s?[-–/]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SeasonYears();

    // A key the season is given beside it: "corresponds to `season == 2019`", "season = 2019".
    [GeneratedRegex(@"\G[^.\n]{0,120}?(?:==|=|\bis\s+keyed\s+as|\bcorresponds\s+to)\s*(?<n>(?:19|20)\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex KeyAfter();

    // What the data's documentation says a season's key is: "year in which the season started", "ends".
    [GeneratedRegex(@"\byear\s+(?:in\s+which|that|when)\s+the\s+season\s+(?<edge>started|starts|began|begins|ended|ends|finished|finishes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyedBy();

    /// <summary>
    /// A season the task names by its two years ("the 2018-19 season"), keyed by a turn to one of them ("the 2018-19
    /// season corresponds to `season == 2019`"), where the data's documentation printed later keys it by the other ("year
    /// in which the season started (e.g. 2018 = the 2018-19 season)"), and no later turn filters on that one. The team
    /// worked on the next season: Incorrect Problem Identification at the turn that keyed it.
    /// </summary>
    private IEnumerable<Finding> SeasonKeys(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || SeasonYears().Match(task.Text) is not { Success: true } season) yield break;
        var start = int.Parse(season.Groups["a"].Value, CultureInfo.InvariantCulture);
        if ((start + 1) % 100 != int.Parse(season.Groups["b"].Value, CultureInfo.InvariantCulture)) yield break;
        (AgentTurn Turn, int Key, string Line)? keyed = null;
        foreach (var turn in turns.All)
        {
            if (!turn.IsObservation && !turn.IsExecutionOutput)
            {
                if (keyed is not null) continue;
                foreach (Match m in SeasonYears().Matches(turn.Text))
                {
                    if (m.Groups["a"].Value != season.Groups["a"].Value || KeyAfter().Match(turn.Text, m.Index + m.Length) is not { Success: true } key) continue;
                    var n = int.Parse(key.Groups["n"].Value, CultureInfo.InvariantCulture);
                    if (n == start || n == start + 1) keyed = (turn, n, ErrorText.LineAround(turn.Text, m.Index));
                    break;
                }

                continue;
            }

            if (keyed is not { } k || KeyedBy().Match(turn.Text) is not { Success: true } doc) continue;
            var documented = doc.Groups["edge"].Value.ToLowerInvariant() is "started" or "starts" or "began" or "begins" ? start : start + 1;
            if (documented == k.Key) yield break;
            // A later turn that filters on the documented key took it up.
            var filter = new Regex($@"==\s*['""]?{documented}\b", RegexOptions.CultureInvariant);
            if (turns.All.Any(t => t.Position > turn.Position && !t.IsObservation && !t.IsExecutionOutput && filter.IsMatch(t.Text))) yield break;
            yield return context.CreateFinding(this, k.Turn.Span, "Incorrect Problem Identification",
                $"{k.Turn.Agent ?? k.Turn.Span.Name} keyed the {season.Value} season to {k.Key} (\"{Quote.Cut(k.Line.Trim())}\"), and the data's documentation keys it by the {(documented == start ? "year it started" : "year it ended")}, {documented}; no later turn filtered on {documented}.",
                [new Evidence(k.Turn.Span.SpanId, k.Turn.Source, Quote.Cut(k.Line.Trim())), new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, doc.Index).Trim())], 0.65)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    private IEnumerable<Finding> Spans(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var keys = PeriodLabel().Matches(task.Text).Select(Key).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0) yield break;
        foreach (var key in keys)
        {
            (AgentTurn Turn, Period Span, string Line)? assumed = null;
            foreach (var turn in turns.All)
            {
                if (ReferenceEquals(turn, turns.TaskTurn)) continue;
                if (!turn.IsObservation && !turn.IsExecutionOutput)
                {
                    if (assumed is null && Given(turn.Text, key, anywhere: true) is { } given) assumed = (turn, given.Span, given.Line);
                    continue;
                }

                if (assumed is not { } plan || Given(turn.Text, key, anywhere: false) is not { } source || Same(plan.Span, source.Span)) continue;
                // A later step that takes the source's span up set the plan right.
                if (turns.All.Any(t => t.Position > turn.Position && !t.IsObservation && !t.IsExecutionOutput && Given(t.Text, key, anywhere: true) is { } later && Same(later.Span, source.Span))) continue;
                yield return context.CreateFinding(this, plan.Turn.Span, "Incorrect Problem Identification",
                    $"{plan.Turn.Agent ?? "A step"} took {Describe(key)} to run {plan.Span.Written}, and {turn.Agent ?? "a source"} showed it runs {source.Span.Written}: what the team worked out covers other months.",
                    [new Evidence(plan.Turn.Span.SpanId, plan.Turn.Source, plan.Span.Written), new Evidence(turn.Span.SpanId, turn.Source, source.Line)], 0.65)
                    with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    // The first span of dates given for the label: in the same sentence after it (a plan) or after it as the nearest
    // label before the span on its line (a page that lists several).
    private static (Period Span, string Line)? Given(string text, string key, bool anywhere)
    {
        foreach (var line in text.Split('\n'))
        {
            var labels = PeriodLabel().Matches(line);
            if (labels.Count == 0) continue;
            foreach (Match span in DateSpan().Matches(line))
            {
                if (Read(span) is not { } period) continue;
                var before = labels.Where(l => l.Index + l.Length <= span.Index).ToList();
                if (before.Count == 0) continue;
                var tied = anywhere
                    ? before.Any(l => Key(l) == key && !SentenceEnd(line, l.Index + l.Length, span.Index))
                    : Key(before[^1]) == key;
                if (tied) return (period, line.Trim());
            }
        }

        return null;
    }

    private static bool SentenceEnd(string line, int from, int to)
    {
        for (var i = from; i < to - 1; i++)
        {
            if (line[i] is '.' or '?' or '!' && char.IsWhiteSpace(line[i + 1])) return true;
        }

        return false;
    }

    private static Period? Read(Match m)
    {
        var a = MonthOf(m.Groups["am"].Success ? m.Groups["am"].Value : null, m.Groups["an"].Value);
        var b = MonthOf(m.Groups["bm"].Success ? m.Groups["bm"].Value : null, m.Groups["bn"].Value);
        if (a is null || b is null) return null;
        int? ay = m.Groups["ay"].Success ? int.Parse(m.Groups["ay"].Value, CultureInfo.InvariantCulture) : null;
        int? by = m.Groups["by"].Success ? int.Parse(m.Groups["by"].Value, CultureInfo.InvariantCulture) : null;
        if (ay is null && by is { } end) ay = a <= b ? end : end - 1;
        if (by is null && ay is { } start) by = b >= a ? start : start + 1;
        return new Period(a.Value, ay, b.Value, by, m.Value.Trim());
    }

    private static int? MonthOf(string? name, string number)
    {
        if (name is { Length: >= 3 }) return DateTime.ParseExact(name[..3], "MMM", CultureInfo.InvariantCulture).Month;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 12 ? n : null;
    }

    private static bool Same(Period a, Period b) =>
        a.StartMonth == b.StartMonth && a.EndMonth == b.EndMonth
        && (a.StartYear is null || b.StartYear is null || a.StartYear == b.StartYear) && (a.EndYear is null || b.EndYear is null || a.EndYear == b.EndYear);

    // "fiscal|2023", "fiscal|2021/2022", "season|2021/2022".
    private static string Key(Match m)
    {
        var kind = m.Groups["k"].Value.ToLowerInvariant() switch
        {
            "academic" or "school" => "academic",
            "season" => "season",
            _ => "fiscal",
        };
        var parts = m.Groups["y"].Value.Split(['-', '/', '–'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = parts[0].Length == 2 ? "20" + parts[0] : parts[0];
        var label = parts.Length > 1 ? $"{first}/{(parts[1].Length == 2 ? first[..2] + parts[1] : parts[1])}" : first;
        return $"{kind}|{label}";
    }

    private static string Describe(string key) => key.Split('|') is [var kind, var label] ? $"the {kind} {(kind == "season" ? "" : "year ")}{label}".Replace("  ", " ", StringComparison.Ordinal) : key;
}
