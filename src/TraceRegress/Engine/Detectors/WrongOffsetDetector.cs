using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A fixed UTC offset in code that the run's sources contradict: the task, an instruction or a file a turn printed says
/// what the local time is ("Chile Standard Time (UTC−4)"), and an agent's code converts with another offset
/// (<c>timezone(timedelta(hours=-3))</c>) that nothing upstream states. Every time converted from there is off by the
/// difference, and so is what is counted or compared against a local cut-off: Incorrect Problem Identification at the turn
/// that wrote the code, quoting its offset and the offsets the sources give. Code whose offset a source states is no
/// finding, nor is a run whose sources state no offset at all.
/// </summary>
internal sealed partial class WrongOffsetDetector : IDetector
{
    public const string DetectorId = "wrong-offset";

    // An offset a text states: "UTC−4", "UTC -04:00", "GMT+13", "UTC+5:30".
    [GeneratedRegex(@"\b(?:UTC|GMT)\s?(?<sign>[+\-−])\s?(?<h>\d{1,2})(?::?(?<m>\d{2}))?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex StatedOffset();

    // A fixed offset in Python code: timezone(timedelta(hours=-3)), timezone(timedelta(hours=5, minutes=30)).
    [GeneratedRegex(@"timezone\(\s*(?:datetime\.)?timedelta\(\s*hours\s*=\s*(?<h>[+-]?\d{1,2}(?:\.\d+)?)(?:\s*,\s*minutes\s*=\s*(?<m>\d{1,2}))?\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex CodeOffset();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var stated = new Dictionary<int, Evidence>();
        if (turns.Task is { } task) Read(task.Text, task.Span.SpanId, task.Source, stated);
        foreach (var turn in turns.All)
        {
            if (!turn.IsObservation && stated.Count > 0 && turn.Text.Contains("timedelta", StringComparison.Ordinal))
            {
                foreach (Match m in CodeOffset().Matches(turn.Text))
                {
                    if (!decimal.TryParse(m.Groups["h"].ValueSpan, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours)) continue;
                    var minutes = (int)(hours * 60) + (m.Groups["m"].Success ? Math.Sign(hours) * int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0);
                    if (stated.ContainsKey(minutes)) continue;
                    var sources = stated.Values.Take(2).ToList();
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"{turn.Agent ?? turn.Span.Name}'s code converts times with the fixed offset {m.Value}, which no source of the run states; they give {string.Join(", ", sources.Select(s => s.Quote))}.",
                        [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), .. sources], 0.7) with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }

            if (!ReferenceEquals(turn, turns.TaskTurn)) Read(turn.Text, turn.Span.SpanId, turn.Source, stated);
        }
    }

    // The offsets a text states, in minutes east of UTC, with where each was first stated.
    private static void Read(string text, string spanId, string source, Dictionary<int, Evidence> stated)
    {
        if (!text.Contains("UTC", StringComparison.Ordinal) && !text.Contains("GMT", StringComparison.Ordinal)) return;
        foreach (Match m in StatedOffset().Matches(text))
        {
            var minutes = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) * 60 + (m.Groups["m"].Success ? int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0);
            if (m.Groups["sign"].Value != "+") minutes = -minutes;
            stated.TryAdd(minutes, new Evidence(spanId, source, m.Value));
        }
    }
}
