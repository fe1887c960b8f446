using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user says when they cannot take part ("I'm on a work trip in Singapore from 14 to 25 July and won't be able to sign
/// anything", "we're away 3-10 August, please don't book anything then"), and a model call that had that message in its
/// input sends an acting tool a date inside the window (<c>"proposed_dates": ["2025-07-16", "2025-07-18"]</c>). The
/// window is a range of days of a month written in words ("14 to 25 July", "14-25 July", "28 July to 3 August", "July
/// 14-25", "between 14 and 25 July") in a sentence that says the user cannot do something then or asks that nothing
/// falls in it; a range the user asks for ("I'm on holiday 14-25 July, please book the kennels for those dates") has no
/// such words. Context Handling Failures when the window was stated in an earlier user message than the latest, else
/// Instruction Non-compliance; cited at the call, quoting the user's sentence and the date sent. A call that only reads
/// (a search for availability) is no finding.
/// </summary>
internal sealed partial class UnavailableDatesDetector : IDetector
{
    public const string DetectorId = "unavailable-dates";

    private const string Month = DaysOfMonth.Months;

    private const string Ordinal = @"(?:st|nd|rd|th)?";

    // "14 to 25 July", "14-25 July", "28 July to 3 August", "July 14-25", "between 14 and 25 July".
    [GeneratedRegex(@"\b(?<between>between\s+)?(?<d1>\d{1,2})" + Ordinal + @"(?:\s+(?<m1>" + Month + @"))?\s*(?(between)and|(?:-|–|to|until|till))\s*(?<d2>\d{1,2})" + Ordinal + @"\s+(?<m2>" + Month + @")\b|\b(?<m1>" + Month + @")\s+(?<d1>\d{1,2})" + Ordinal + @"\s*(?:-|–|to|until|through)\s*(?<d2>\d{1,2})" + Ordinal + @"\b(?!\s*(?:am|pm|:))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Window();

    // What makes the range a time the user cannot do something, or wants nothing in.
    [GeneratedRegex(@"\b(?:won't|won’t|will not|can't|can’t|cannot|can not|unable|not (?:be )?(?:available|around|reachable|able)|unavailable|don't|don’t|do not|avoid|outside|away|abroad|out of the country)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Absent();

    // What says the user cannot do it (being away alone may be the reason for the booking).
    [GeneratedRegex(@"\b(?:won't|won’t|will not|can't|can’t|cannot|can not|unable|not (?:be )?(?:available|around|reachable|able)|unavailable|don't let|don’t let|do not let|avoid|outside (?:that|this|those|the) (?:window|dates|period|time)|not (?:in|during) (?:that|this|those))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Excludes();

    [GeneratedRegex(@"(?<![\d-])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } args || ToolNames.Reads(call.Name)) continue;
            if (!IsoDate().IsMatch(args.Text)) continue;
            var said = UserMessages.Parts(chooser).Select(p => p.Part).Where(p => p.Content is { Length: > 0 }).ToList();
            for (var i = 0; i < said.Count; i++)
            {
                var text = said[i].Content!;
                if (!Absent().IsMatch(text)) continue;
                foreach (Match w in Window().Matches(text))
                {
                    var sentence = Requests.Sentence(text, w.Index);
                    if (!Excludes().IsMatch(sentence) && !(Absent().IsMatch(sentence) && Excludes().IsMatch(Requests.Sentence(text, Math.Min(text.Length - 1, w.Index + sentence.Length)))))
                    {
                        continue;
                    }

                    if (Inside(w, args.Text) is not { } sent) continue;
                    var category = i < said.Count - 1 ? "Context Handling Failures" : "Instruction Non-compliance";
                    var stated = new Evidence(chooser.Span.SpanId, said[i].Source, sentence.Trim());
                    yield return context.CreateFinding(this, chooser.Span, category,
                        $"The user said they cannot take part {w.Value} (\"{stated.Quote}\"), and {chooser.Span.Name} sent {call.Name} {sent}, a date inside that window.",
                        [stated, new Evidence(args.Span.SpanId, args.Source, sent)], 0.7)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    yield break;
                }
            }
        }
    }

    /// <summary>The first date the arguments send that falls in the window (its year taken from the date sent).</summary>
    private static string? Inside(Match window, string arguments)
    {
        var last = DaysOfMonth.MonthOf(window.Groups["m2"].Success ? window.Groups["m2"].Value : window.Groups["m1"].Value);
        var first = window.Groups["m1"].Success ? DaysOfMonth.MonthOf(window.Groups["m1"].Value) : last;
        var d1 = int.Parse(window.Groups["d1"].ValueSpan, CultureInfo.InvariantCulture);
        var d2 = int.Parse(window.Groups["d2"].ValueSpan, CultureInfo.InvariantCulture);
        foreach (Match m in IsoDate().Matches(arguments))
        {
            if (!DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) continue;
            if (!Valid(date.Year, last, d2)) continue;
            // A window over the turn of a year ("28 December to 3 January") starts in the year before a January date.
            var fromYear = first > last && date.Month <= last ? date.Year - 1 : date.Year;
            if (!Valid(fromYear, first, d1)) continue;
            var from = new DateOnly(fromYear, first, d1);
            var to = new DateOnly(first <= last ? fromYear : fromYear + 1, last, d2);
            if (from <= to && date >= from && date <= to) return m.Value;
        }

        return null;
    }

    private static bool Valid(int year, int month, int day) => day >= 1 && day <= DateTime.DaysInMonth(year, month);
}
