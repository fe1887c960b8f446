using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A local time sent as UTC: what the model read gave a time with its offset from UTC ("chosen_time": "14:00" beside
/// "utc_offset": "-04:00", or <c>2025-03-11T14:00:00-04:00</c>), and the tool call it wrote carries the same date and
/// clock reading marked UTC (<c>2025-03-11T14:00:00Z</c>). The offset was dropped instead of applied, so the time moved
/// by the offset (a 2 pm New York interview booked at 10 am): Formatting Errors, cited at the model call that wrote the
/// arguments, quoting the time it read and the time it wrote. A UTC time that is the local time converted (18:00Z) is no
/// finding, nor is a local time whose offset is zero.
/// </summary>
internal sealed partial class DroppedOffsetDetector : IDetector
{
    public const string DetectorId = "dropped-offset";

    // A date-time marked UTC: a Z or a zero offset.
    [GeneratedRegex(@"(?<date>\d{4}-\d{2}-\d{2})[T ](?<time>\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex UtcTime();

    // A date-time written with a non-zero offset.
    [GeneratedRegex(@"(?<date>\d{4}-\d{2}-\d{2})[T ](?<time>\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?<offset>[+-](?!00:?00)\d{2}:?\d{2})(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetTime();

    // The innermost JSON object of a text: where a date, a time and an offset are given field by field.
    [GeneratedRegex(@"\{[^{}]{0,2000}\}", RegexOptions.CultureInvariant)]
    private static partial Regex FlatObject();

    [GeneratedRegex(@"""[\w.]*date[\w.]*""\s*:\s*""(?<date>\d{4}-\d{2}-\d{2})""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateField();

    [GeneratedRegex(@"""[\w.]*time[\w.]*""\s*:\s*""(?<time>\d{1,2}:\d{2})(?::\d{2})?""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeField();

    [GeneratedRegex(@"""[\w.]*offset[\w.]*""\s*:\s*""(?:UTC|GMT)?(?<offset>[+-]\d{2}:?\d{2})""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OffsetField();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // The calls that send a time marked UTC, in the order they were chosen.
        var marked = view.ToolCalls.Calls.Where(c => c.RequestedBy is { IsModelCall: true } && c.Arguments is { } a && MarksUtc(a.Text)).ToList();
        foreach (var call in marked.OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal))
        {
            var args = call.Arguments!;
            var written = UtcTime().Matches(args.Text);
            if (written.Count == 0) continue;
            var local = LocalTimes(call.RequestedBy!);
            if (local.Count == 0) continue;
            foreach (Match utc in written)
            {
                var key = utc.Groups["date"].Value + "T" + utc.Groups["time"].Value;
                if (local.Find(l => l.Key == key) is not { } read) continue;
                yield return context.CreateFinding(this, call.RequestedBy!.Span, "Formatting Errors",
                    $"{call.RequestedBy!.Span.Name} read the time {read.Key.Replace('T', ' ')} at UTC offset {read.Offset} and sent {call.Name} \"{utc.Value}\": the same clock reading marked UTC, so the time moved by the offset instead of carrying it.",
                    [new Evidence(read.Text.Span.SpanId, read.Text.Source, read.Quote), new Evidence(args.Span.SpanId, args.Source, utc.Value)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    // A UTC designator after a time: "Z" or a zero offset.
    private static bool MarksUtc(string text) =>
        text.Contains("Z\"", StringComparison.Ordinal) || text.Contains("Z\\\"", StringComparison.Ordinal) || text.Contains("+00", StringComparison.Ordinal) || text.Contains("-00:00", StringComparison.Ordinal);

    private sealed record LocalTime(string Key, string Offset, SourcedText Text, string Quote);

    /// <summary>The local times with a non-zero offset that the model call read, as "yyyy-MM-ddTHH:mm".</summary>
    private static List<LocalTime> LocalTimes(GenAiSpan chooser)
    {
        var found = new List<LocalTime>();
        foreach (var message in chooser.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind == PartKind.ToolCall || part.Content is not { Length: > 0 } text || text.IndexOf(':') < 0) continue;
                var sourced = new SourcedText(chooser.Span, part.Source, text);
                foreach (Match m in OffsetTime().Matches(text))
                {
                    found.Add(new LocalTime(m.Groups["date"].Value + "T" + m.Groups["time"].Value, m.Groups["offset"].Value, sourced, m.Value));
                }

                if (text.IndexOf('{') < 0) continue;
                foreach (Match o in FlatObject().Matches(text))
                {
                    if (OffsetField().Match(o.Value) is not { Success: true } offset || IsZero(offset.Groups["offset"].Value)) continue;
                    if (DateField().Match(o.Value) is not { Success: true } date || TimeField().Match(o.Value) is not { Success: true } time) continue;
                    var clock = time.Groups["time"].Value;
                    if (clock.Length == 4) clock = "0" + clock;
                    // Quote the object from the first of the three fields to the last, as written.
                    var from = Math.Min(date.Index, Math.Min(time.Index, offset.Index));
                    var to = Math.Max(date.Index + date.Length, Math.Max(time.Index + time.Length, offset.Index + offset.Length));
                    found.Add(new LocalTime(date.Groups["date"].Value + "T" + clock, offset.Groups["offset"].Value, sourced, o.Value[from..to]));
                }
            }
        }

        return found;
    }

    private static bool IsZero(string offset) => offset.AsSpan(1).Trim().ToString().Replace(":", "", StringComparison.Ordinal).All(c => c == '0');
}
