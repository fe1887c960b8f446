using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>
/// The times of day a person can do something, as they say it: "I can only come in the mornings", "afternoons only",
/// "not before 9am", "after 5 pm", "before 1pm". A morning is until noon, an afternoon from noon to 5pm, an evening from
/// 5pm. Read as a <see cref="RestrictionKind.TimeOfDay"/> restriction whose terms are the window's first and last minute
/// of the day; an option breaks it when its start time (a <c>start</c>, <c>time</c> or <c>slot</c> field holding an ISO
/// date-time or a clock time) falls outside.
/// </summary>
internal static partial class TimeWindows
{
    [GeneratedRegex(@"\bonly\b[^.?!\n]{0,30}?\b(?<part>mornings?|afternoons?|evenings?)\b|\b(?<part>mornings?|afternoons?|evenings?)\s+only\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartOfDay();

    [GeneratedRegex(@"\b(?<edge>not before|no earlier than|after|not after|no later than|before)\s+(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>am|pm|a\.m\.|p\.m\.)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Edge();

    [GeneratedRegex(@"(?:T|\b)(?<h>[01]?\d|2[0-3]):(?<m>[0-5]\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    private static readonly string[] StartKeys = ["start", "starttime", "startsat", "time", "slot", "slotstart", "begin", "begins", "datetime", "from", "departure", "departs", "appointmenttime"];

    /// <summary>The time-of-day windows a text states.</summary>
    public static IEnumerable<Restriction> Find(string text)
    {
        if (text.Contains("only", StringComparison.OrdinalIgnoreCase))
        {
            foreach (Match m in PartOfDay().Matches(text))
            {
                var (from, to) = m.Groups["part"].Value.ToLowerInvariant().TrimEnd('s') switch
                {
                    "morning" => (0, 12 * 60),
                    "afternoon" => (12 * 60, 17 * 60),
                    _ => (17 * 60, 24 * 60),
                };
                yield return Window(m.Value, from, to);
            }
        }

        foreach (Match m in Edge().Matches(text))
        {
            var h = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
            if (h is < 1 or > 12) continue;
            var minutes = (h % 12 + (m.Groups["ampm"].Value.StartsWith('p') || m.Groups["ampm"].Value.StartsWith('P') ? 12 : 0)) * 60
                          + (m.Groups["m"].Success ? int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0);
            var edge = m.Groups["edge"].Value.ToLowerInvariant();
            yield return edge is "not before" or "no earlier than" or "after" ? Window(m.Value, minutes, 24 * 60) : Window(m.Value, 0, minutes);
        }
    }

    private static Restriction Window(string written, int from, int to) =>
        new(RestrictionKind.TimeOfDay, written, [from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture)], null);

    /// <summary>The option's start time as written, when it falls outside the window; null when it is inside or has none.</summary>
    public static string? BrokenBy(Restriction r, JsonElement option)
    {
        if (option.ValueKind != JsonValueKind.Object || r.Terms.Length != 2) return null;
        var from = int.Parse(r.Terms[0], CultureInfo.InvariantCulture);
        var to = int.Parse(r.Terms[1], CultureInfo.InvariantCulture);
        foreach (var p in option.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || Array.IndexOf(StartKeys, JsonProperties.Key(p.Name)) < 0) continue;
            var m = ClockTime().Match(p.Value.GetString()!);
            if (!m.Success) continue;
            var minutes = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) * 60 + int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            // The first start time is the option's: inside the window, the option keeps it.
            return minutes >= from && minutes < to ? null : JsonProperties.Written(option.GetRawText(), p) ?? $"\"{p.Name}\": {p.Value.GetRawText()}";
        }

        return null;
    }

    /// <summary>True when the text restates the window in its words.</summary>
    public static bool Holds(Restriction r, string text) => text.Contains(r.Written, StringComparison.OrdinalIgnoreCase);
}
