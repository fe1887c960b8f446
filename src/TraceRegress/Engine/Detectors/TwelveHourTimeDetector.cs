using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A time the user gave on the twelve-hour clock ("around 6:30pm"), sent to a tool on the twenty-four-hour clock without
/// its half of the day: <c>"start_time": "06:30"</c> for 18:30, or <c>"12:15"</c> for 12:15am. The service acts on the
/// other half of the day (a visit booked for 06:30) while the reply repeats the user's time: Formatting Errors at the
/// model call that wrote the argument, quoting the user's time and the argument.
/// </summary>
internal sealed partial class TwelveHourTimeDetector : IDetector
{
    public const string DetectorId = "twelve-hour-time";

    // "6:30pm", "6.30 pm", "7 p.m.", "11am".
    [GeneratedRegex(@"\b(?<h>1[0-2]|0?[1-9])(?:[:.](?<m>[0-5]\d))?\s?(?<half>[ap])\.?m\.?(?![a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TwelveHour();

    // A twenty-four-hour time as a string value or inside an ISO timestamp: "06:30", "T06:30:00".
    [GeneratedRegex(@"(?<=[""T ])(?<h>[01]\d|2[0-3]):(?<m>[0-5]\d)(?::\d{2})?(?=[""Z+\-.]|\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex TwentyFourHour();

    public string Id => DetectorId;

    public int Priority => 52;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } chooser) continue;
            var sent = TwentyFourHour().Matches(args.Text);
            if (sent.Count == 0) continue;
            foreach (var (_, part) in UserMessages.Parts(chooser))
            {
                var text = part.Content!;
                foreach (Match said in TwelveHour().Matches(text))
                {
                    var h = int.Parse(said.Groups["h"].Value, CultureInfo.InvariantCulture);
                    var m = said.Groups["m"].Success ? int.Parse(said.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
                    var pm = char.ToLowerInvariant(said.Groups["half"].Value[0]) == 'p';
                    var right = pm ? (h == 12 ? 12 : h + 12) : (h == 12 ? 0 : h);
                    // The other half of the day: the hour as written (6 for 6pm), or 12 for 12am.
                    var wrong = pm ? (h == 12 ? 0 : h) : (h == 12 ? 12 : h + 12);
                    foreach (Match time in sent)
                    {
                        var th = int.Parse(time.Groups["h"].Value, CultureInfo.InvariantCulture);
                        var tm = int.Parse(time.Groups["m"].Value, CultureInfo.InvariantCulture);
                        if (tm != m || th != wrong || th == right) continue;
                        // The right time sent too (a range, a second field) is no slip.
                        if (sent.Any(x => int.Parse(x.Groups["h"].Value, CultureInfo.InvariantCulture) == right && int.Parse(x.Groups["m"].Value, CultureInfo.InvariantCulture) == m)) continue;
                        yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                            $"The user asked for {said.Value.Trim()}, and {chooser.Span.Name} sent {call.Name} {time.Value}, the other half of the day: on the 24-hour clock that is {right:00}:{m:00}.",
                            [new Evidence(chooser.Span.SpanId, part.Source, said.Value.Trim()), new Evidence(args.Span.SpanId, args.Source, time.Value)], 0.7)
                            with { Basis = AttributionBasis.UngroundedContent };
                        yield break;
                    }
                }
            }
        }
    }
}
