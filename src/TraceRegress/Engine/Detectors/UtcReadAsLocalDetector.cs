using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Times a tool gave in UTC, read as local clock times. The result writes its times in UTC (<c>"2025-02-10T09:00:00Z"</c>,
/// <c>+00:00</c>) and names the local time zone they are for (<c>"resort_timezone": "Europe/Zurich"</c>, a
/// <c>timezone</c> or <c>tz</c> field), and the model call that read it states the UTC clock readings as the times
/// ("they start at 08:00 and 09:00"), where the zone's clock says otherwise (09:00 and 10:00), and states none of the
/// local readings. Everything it decided on those times (the slot it picked, the time it gave the user) is an hour or
/// more off: Tool Output Misinterpretation at that call, quoting the result's times and zone and the statement. A
/// statement that says the times are UTC ("08:00 UTC", "08:00Z") reads them right.
/// </summary>
internal sealed partial class UtcReadAsLocalDetector : IDetector
{
    public const string DetectorId = "utc-read-as-local";

    // A UTC timestamp: date, T, hour and minute, then Z or a zero offset.
    [GeneratedRegex(@"\b(?<date>\d{4}-\d{2}-\d{2})T(?<h>\d{2}):(?<m>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)\b", RegexOptions.CultureInvariant)]
    private static partial Regex UtcStamp();

    // The local zone the result's times are for: "resort_timezone": "Europe/Zurich", "tz": "America/Denver".
    [GeneratedRegex(@"""(?:\w+_)?(?:time_?zone|tz|timezone)(?:_\w+)?""\s*:\s*""(?<zone>[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocalZone();

    // A clock time as a statement writes it: 08:00, 9:30; not a part of a timestamp.
    [GeneratedRegex(@"(?<![\d:T])(?<h>[01]?\d|2[0-3]):(?<m>[0-5]\d)(?![\d:])(?<utc>\s*(?:UTC|GMT|Z\b|\(UTC))?", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                // A zone field first (a cheap scan), the pattern and the payload's error only then.
                if (!result.Text.Contains("zone", StringComparison.OrdinalIgnoreCase) && !result.Text.Contains("\"tz", StringComparison.OrdinalIgnoreCase)) continue;
                if (LocalZone().Match(result.Text) is not { Success: true } zoneMatch || result.ErrorPayload is not null || Zone(zoneMatch.Groups["zone"].Value) is not { } zone) continue;
                // The UTC readings and the local readings of the result's times, where they differ.
                var utc = new Dictionary<string, string>(StringComparer.Ordinal);
                var local = new HashSet<string>(StringComparer.Ordinal);
                string? firstStamp = null;
                foreach (Match m in UtcStamp().Matches(result.Text))
                {
                    if (!DateTime.TryParseExact($"{m.Groups["date"].Value}T{m.Groups["h"].Value}:{m.Groups["m"].Value}", "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)) continue;
                    var there = TimeZoneInfo.ConvertTimeFromUtc(at, zone);
                    if (there.Hour == at.Hour && there.Minute == at.Minute) continue;
                    utc.TryAdd(Clock(at.Hour, at.Minute), m.Value);
                    local.Add(Clock(there.Hour, there.Minute));
                    firstStamp ??= m.Value;
                }

                if (utc.Count == 0 || view.ModelCallReading(call) is not { } reader) continue;
                var said = reader.OutputText;
                if (said.Length == 0) continue;
                var stated = new List<string>();
                var localSaid = false;
                foreach (Match m in ClockTime().Matches(said))
                {
                    if (m.Groups["utc"].Value.Trim().Length > 0) { localSaid = true; break; }
                    var clock = Clock(int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture));
                    // A local reading the statement gives (and that is not also some time's UTC reading) shows it converted.
                    if (local.Contains(clock) && !utc.ContainsKey(clock)) { localSaid = true; break; }
                    if (utc.ContainsKey(clock)) stated.Add(m.Value);
                }

                if (localSaid || stated.Count == 0) continue;
                var first = stated[0];
                var evidence = new List<Evidence>
                {
                    new(result.Span.SpanId, result.Source, utc[NormalClock(first)]),
                    new(result.Span.SpanId, result.Source, zoneMatch.Value),
                    new(reader.Span.SpanId, OutputSource(reader), ErrorText.LineAround(said, said.IndexOf(first, StringComparison.Ordinal))),
                };
                yield return context.CreateFinding(this, reader.Span, "Tool Output Misinterpretation",
                    $"{call.Name} gave its times in UTC for {zoneMatch.Groups["zone"].Value} ({utc[NormalClock(first)]}), and {reader.Span.Name} read {first} as the local time.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    private static string Clock(int h, int m) => string.Create(CultureInfo.InvariantCulture, $"{h:D2}:{m:D2}");

    private static string NormalClock(string written)
    {
        var colon = written.IndexOf(':', StringComparison.Ordinal);
        return Clock(int.Parse(written.AsSpan(0, colon), CultureInfo.InvariantCulture), int.Parse(written.AsSpan(colon + 1, 2), CultureInfo.InvariantCulture));
    }

    private static string OutputSource(GenAiSpan reader) =>
        reader.OutputMessages.SelectMany(m => m.Parts).FirstOrDefault(p => p.Kind == PartKind.Text && !string.IsNullOrEmpty(p.Content))?.Source ?? "output";

    private static TimeZoneInfo? Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
