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

    [GeneratedRegex(@"\brange\(\s*(?<from>(?:19|20)[0-9]{2})\s*,\s*(?<to>(?:19|20)[0-9]{2})\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex YearRange();

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
        var last = Year().Matches(task.Text).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        if (last == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || !turn.Text.Contains("range(", StringComparison.Ordinal)) continue;
            foreach (Match m in YearRange().Matches(turn.Text))
            {
                if (int.Parse(m.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture) != last) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name}'s code loops over {m.Value}, which stops before {last}, and the task includes {last}: that year is never counted.",
                    [new Evidence(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, Includes().Match(task.Text).Index)), new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index))], 0.7)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }
}
