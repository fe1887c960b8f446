using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task counts a run of years back from (or on from) a named one ("the three hurricane seasons ending with the 2020
/// season", "the five years up to and including 2019", "the first four editions starting in 2011"), and a step lists as
/// those years as many years but not the right ones ("2017, 2018 and 2019", "2017-2019", <c>range(2017, 2020)</c>): the
/// window was shifted by the step that stated it, and everything after it counts other years. Incorrect Problem
/// Identification at the first step that lists them, quoting the task's words and the years listed. A step that lists
/// the right years, or years of another length (a wider look for context), is no finding.
/// </summary>
internal sealed partial class YearWindowDetector : IDetector
{
    public const string DetectorId = "year-window";

    private const string Count = @"(?<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})";

    // "three hurricane seasons ending with the 2020 season", "five years up to and including 2019", "four editions from 2011".
    [GeneratedRegex(@"\b" + Count + @"\s+(?:[a-z]+\s+){0,2}?(?:years?|seasons?|editions?|championships?|tournaments?|campaigns?|terms?|cycles?)\s+(?<dir>ending (?:with|in)|up to and including|through|to and including|(?:starting|beginning) (?:with|in|from)|from)\s+(?:the\s+)?(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Window();

    private const string Y = @"(?:19|20)\d{2}";

    // Years listed ("2017, 2018 and 2019"), a span ("2017-2019", "2017 to 2019") or a Python range ("range(2017, 2020)").
    [GeneratedRegex(@"\b(?<list>" + Y + @"(?:\s*(?:,|and|&|,\s*and)\s*" + Y + @")+)\b|\b(?<a>" + Y + @")\s*(?:-|–|to|through)\s*(?<b>" + Y + @")\b|\brange\(\s*(?<ra>" + Y + @")\s*,\s*(?<rb>" + Y + @")\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Years();

    [GeneratedRegex(Y, RegexOptions.CultureInvariant)]
    private static partial Regex OneYear();

    private static readonly string[] Words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task || Window().Match(task.Text) is not { Success: true } window) yield break;
        var n = char.IsAsciiDigit(window.Groups["n"].Value[0]) ? int.Parse(window.Groups["n"].Value, CultureInfo.InvariantCulture) : Array.IndexOf(Words, window.Groups["n"].Value.ToLowerInvariant()) + 2;
        if (n is < 2 or > 30) yield break;
        var named = int.Parse(window.Groups["y"].Value, CultureInfo.InvariantCulture);
        var back = !window.Groups["dir"].Value.StartsWith("start", StringComparison.OrdinalIgnoreCase) && !window.Groups["dir"].Value.StartsWith("begin", StringComparison.OrdinalIgnoreCase)
                   && !window.Groups["dir"].Value.Equals("from", StringComparison.OrdinalIgnoreCase);
        var first = back ? named - n + 1 : named;
        foreach (var turn in turns.All)
        {
            // The task turn too: a group chat's opening restates the task and gives the plan in one message.
            if (turn.IsObservation || turn.IsExecutionOutput) continue;
            foreach (Match m in Years().Matches(turn.Text))
            {
                if (Listed(m) is not { } years || years.Count != n || years[^1] - years[0] != n - 1) continue;
                if (years[0] == first) break;
                // The right years listed anywhere in the same step: the other list is something else.
                if (Years().Matches(turn.Text).Any(o => Listed(o) is { } right && right.Count == n && right[0] == first)) break;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task asks for {window.Value}, that is {first} to {first + n - 1}, and {turn.Agent ?? turn.Span.Name} took them to be {years[0]} to {years[^1]}.",
                    [new Evidence(task.Span.SpanId, task.Source, window.Value), new Evidence(turn.Span.SpanId, turn.Source, m.Value)], 0.65)
                    with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    // The years a match names, in order, consecutive; null when they are not a run of years one after another.
    private static List<int>? Listed(Match m)
    {
        List<int> years;
        if (m.Groups["list"].Success) years = OneYear().Matches(m.Groups["list"].Value).Select(y => int.Parse(y.Value, CultureInfo.InvariantCulture)).ToList();
        else if (m.Groups["a"].Success) years = Run(int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture));
        else years = Run(int.Parse(m.Groups["ra"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["rb"].Value, CultureInfo.InvariantCulture) - 1);
        for (var i = 1; i < years.Count; i++)
        {
            if (years[i] != years[i - 1] + 1) return null;
        }

        return years.Count >= 2 ? years : null;
    }

    private static List<int> Run(int a, int b) => b >= a && b - a < 40 ? Enumerable.Range(a, b - a + 1).ToList() : [];
}
