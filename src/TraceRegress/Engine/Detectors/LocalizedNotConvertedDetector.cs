using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Times recorded in UTC given a local time zone by attaching it instead of converting to it: pandas'
/// <c>tz_localize("Pacific/Auckland")</c>, <c>replace(tzinfo=ZoneInfo("Europe/Paris"))</c> or pytz's
/// <c>timezone("America/New_York").localize(...)</c> declare that the clock readings already are local times, so every
/// time keeps its UTC reading and only its label changes; converting is <c>tz_localize("UTC").tz_convert(zone)</c> or
/// <c>astimezone(zone)</c>. Read where the task or the code says the times are in UTC (a "created_utc" column, "timestamps
/// recorded in UTC") and the same code converts nothing. Cited at the first turn that wrote it (a failed run fixed and
/// run again keeps the approach): Incorrect Problem Identification, quoting the line and what says the times are UTC.
/// </summary>
internal sealed partial class LocalizedNotConvertedDetector : IDetector
{
    public const string DetectorId = "localized-not-converted";

    // A zone attached to naive times: pandas' tz_localize, datetime's replace(tzinfo=...), pytz's localize.
    [GeneratedRegex(@"tz_localize\(\s*(?:tz\s*=\s*)?[""'](?<zone>[A-Za-z_]+/[A-Za-z_/+-]+)[""']|replace\(\s*tzinfo\s*=\s*(?:ZoneInfo|pytz\.timezone|gettz|tz\.gettz)\(\s*[""'](?<zone>[A-Za-z_]+/[A-Za-z_/+-]+)[""']\s*\)|timezone\(\s*[""'](?<zone>[A-Za-z_]+/[A-Za-z_/+-]+)[""']\s*\)\.localize\(", RegexOptions.CultureInvariant)]
    private static partial Regex Attached();

    // A conversion between zones in the same code.
    [GeneratedRegex(@"\.tz_convert\(|\.astimezone\(", RegexOptions.CultureInvariant)]
    private static partial Regex Converted();

    // Where the times are said to be UTC: "in UTC", "UTC timestamps", a created_utc column.
    [GeneratedRegex(@"\bUTC\b|_utc\b|\butc_", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SaysUtc();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            foreach (Match block in AgentTurns.CodeBlock().Matches(turn.Text))
            {
                var code = block.Groups["code"];
                if (Attached().Match(code.Value) is not { Success: true } attached || Converted().IsMatch(code.Value)) continue;
                var zone = attached.Groups["zone"].Value;
                if (zone.StartsWith("Etc/", StringComparison.Ordinal) || zone.Contains("UTC", StringComparison.OrdinalIgnoreCase)) continue;
                var at = code.Index + attached.Index;
                var line = ErrorText.LineAround(turn.Text, at);
                // What says the times are UTC: the line itself (the column it reads), or the task.
                Evidence? utc = null;
                if (SaysUtc().Match(line) is { Success: true } inLine) utc = new Evidence(turn.Span.SpanId, turn.Source, inLine.Value);
                else if (turns.Task is { } task && SaysUtc().Match(task.Text) is { Success: true } inTask)
                {
                    utc = new Evidence(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, inTask.Index));
                }

                if (utc is null) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name} attached {zone} to times recorded in UTC instead of converting them (\"{line}\"): every time keeps its UTC reading under a {zone} label.",
                    [new Evidence(turn.Span.SpanId, turn.Source, line), utc], 0.7) with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }
}
