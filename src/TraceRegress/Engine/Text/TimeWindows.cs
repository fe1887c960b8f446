using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>
/// The times of day a person can do something, as they say it: "I can only come in the mornings", "afternoons only",
/// "not before 9am", "after 5 pm", "before 1pm". A morning is until noon, an afternoon from noon to 5pm, an evening from
/// 5pm. Read as a <see cref="RestrictionKind.TimeOfDay"/> restriction whose terms are the window's first and last minute
/// of the day; an option breaks it when its start time (a <c>start</c>, <c>time</c> or <c>slot</c> field holding an ISO
/// date-time or a clock time) falls outside. A time something must be over by ("we have to be finished and out by 2pm",
/// "I need to be out of the salon by 1pm", "must finish by 17:30") bounds the option's end instead: its latest end time
/// (<c>end</c>, <c>room_end</c>, <c>finish</c>, <c>until</c>) must not be later.
/// </summary>
internal static partial class TimeWindows
{
    [GeneratedRegex(@"\bonly\b[^.?!\n]{0,30}?\b(?<part>mornings?|afternoons?|evenings?)\b|\b(?<part>mornings?|afternoons?|evenings?)\s+only\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartOfDay();

    [GeneratedRegex(@"\b(?<edge>not before|no earlier than|after|not after|no later than|before)\s+(?<h>[0-9]{1,2})(?::(?<m>[0-9]{2}))?\s*(?<ampm>am|pm|a\.m\.|p\.m\.)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Edge();

    // A clause that says the person cannot be there or does not want anyone, ending where a bare edge ("before 2pm") follows:
    // "I can't get back before 2pm" is available from 2pm, "don't send anyone after 5pm" wants it by 5pm ("I don't mind,
    // any time after 2pm" is no negation).
    [GeneratedRegex(@"\b(?:can't|can’t|cannot|can not|couldn't|won't|won’t|will not|don't|don’t|do not|never|unable to|not able to)\b(?![^.;!?\n]*\b(?:mind|care|matter)\b)[^.;!?\n]{0,40}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedBefore();

    // What must be over by a time: the person out or gone ("out of the salon by", "home by"), the thing finished ("finish by",
    // "wrapped up by"). A clock time needs its am/pm or its minutes ("by 2pm", "by 13:30"); noon and midday are 12:00.
    [GeneratedRegex(@"\b(?<edge>(?:out|gone|away|home|back|left|leave|leaving|finished|done|over|clear|through|wrapped up|wrap up|finish|finishes|end|ends)(?:\s+(?:of|from)\s+(?:the\s+|my\s+|our\s+)?[a-z]{3,15})?\s+by)\s+(?:(?<noon>noon|midday)\b|(?<h>[0-9]{1,2})(?:(?::|\.)(?<m>[0-5][0-9]))?\s*(?<ampm>am|pm|a\.m\.|p\.m\.)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndBy();

    [GeneratedRegex(@"(?:T|\b)(?<h>[01]?[0-9]|2[0-3]):(?<m>[0-5][0-9])\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    // The fields that give when an option is over: "end", "end_time", "ends_at", "room_end", "finish", "until".
    private static readonly string[] EndKeys = ["end", "ends", "endtime", "endsat", "endat", "finish", "finishes", "finishtime", "finishesat", "until", "vacateby", "outby"];

    private const string EndMark = "end";

    private static readonly string[] StartKeys = ["start", "starttime", "startsat", "time", "slot", "slotstart", "begin", "begins", "datetime", "from", "departure", "departs", "appointmenttime", "arrival", "arrivaltime"];

    // A window's field ("arrival_window": "11:30-12:30", "time_window", "visit_window"): its first time is when the option starts.
    private static bool IsStartKey(string key) => Array.IndexOf(StartKeys, key) >= 0 || (key.Length <= 16 && key.EndsWith("window", StringComparison.Ordinal));

    /// <summary>False when the text has none of the words a time window is stated with.</summary>
    public static bool MayState(string text) =>
        text.Contains("before", StringComparison.OrdinalIgnoreCase) || text.Contains("after", StringComparison.OrdinalIgnoreCase)
        || text.Contains("earlier than", StringComparison.OrdinalIgnoreCase) || text.Contains("later than", StringComparison.OrdinalIgnoreCase)
        || text.Contains(" by ", StringComparison.OrdinalIgnoreCase);

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
            var later = edge is "not before" or "no earlier than" or "after";
            // A bare edge inside a negated clause is the other way round ("can't get back before 2pm").
            if (edge is "before" or "after" && NegatedBefore().IsMatch(text.AsSpan(Math.Max(0, m.Index - 60), m.Index - Math.Max(0, m.Index - 60)))) later = !later;
            yield return later ? Window(m.Value, minutes, 24 * 60) : Window(m.Value, 0, minutes);
        }

        if (!text.Contains(" by ", StringComparison.OrdinalIgnoreCase)) yield break;
        foreach (Match m in EndBy().Matches(text))
        {
            int minutes;
            if (m.Groups["noon"].Success) minutes = 12 * 60;
            else
            {
                var h = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
                var ampm = m.Groups["ampm"].Value;
                // "by 2" alone is no time; "by 13:30" is, on the 24-hour clock.
                if (ampm.Length == 0 && !m.Groups["m"].Success) continue;
                if (ampm.Length > 0 ? h is < 1 or > 12 : h > 23) continue;
                minutes = (ampm.Length > 0 ? h % 12 + (ampm[0] is 'p' or 'P' ? 12 : 0) : h) * 60
                          + (m.Groups["m"].Success ? int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0);
            }

            yield return new Restriction(RestrictionKind.TimeOfDay, m.Value, ["0", minutes.ToString(CultureInfo.InvariantCulture), EndMark], null);
        }
    }

    private static Restriction Window(string written, int from, int to) =>
        new(RestrictionKind.TimeOfDay, written, [from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture)], null);

    /// <summary>
    /// The option's start time as written, when it falls outside the window, or for a time to be over by, its latest end
    /// time when that is later; null when it keeps the window or gives no such time.
    /// </summary>
    public static string? BrokenBy(Restriction r, JsonElement option)
    {
        if (option.ValueKind != JsonValueKind.Object || r.Terms.Length < 2) return null;
        var from = int.Parse(r.Terms[0], CultureInfo.InvariantCulture);
        var to = int.Parse(r.Terms[1], CultureInfo.InvariantCulture);
        if (r.Terms.Length == 3 && r.Terms[2] == EndMark) return EndsAfter(option, to);
        foreach (var p in option.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || !IsStartKey(JsonProperties.Key(p.Name))) continue;
            var m = ClockTime().Match(p.Value.GetString()!);
            if (!m.Success) continue;
            var minutes = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) * 60 + int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            // The first start time is the option's: inside the window, the option keeps it.
            return minutes >= from && minutes < to ? null : JsonProperties.Written(option.GetRawText(), p) ?? $"\"{p.Name}\": {p.Value.GetRawText()}";
        }

        return null;
    }

    // The option's latest end time as written, when it is later than the bound: a party slot is over when its room is
    // ("jump_end": "13:30", "room_end": "14:15").
    private static string? EndsAfter(JsonElement option, int bound)
    {
        string? latest = null;
        var latestAt = -1;
        foreach (var p in option.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || !IsEndKey(JsonProperties.Key(p.Name))) continue;
            var m = ClockTime().Match(p.Value.GetString()!);
            if (!m.Success) continue;
            var minutes = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) * 60 + int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            if (minutes <= latestAt) continue;
            latestAt = minutes;
            latest = JsonProperties.Written(option.GetRawText(), p) ?? $"\"{p.Name}\": {p.Value.GetRawText()}";
        }

        return latestAt > bound ? latest : null;
    }

    // "end", "ends_at", or a part's end ("room_end", "session_end_time"); not "weekend".
    private static bool IsEndKey(string key) =>
        Array.IndexOf(EndKeys, key) >= 0
        || (key.Length <= 16 && key != "weekend" && (key.EndsWith("end", StringComparison.Ordinal) || key.EndsWith("endtime", StringComparison.Ordinal) || key.EndsWith("endsat", StringComparison.Ordinal)));

    /// <summary>True when the text restates the window in its words.</summary>
    public static bool Holds(Restriction r, string text) => text.Contains(r.Written, StringComparison.OrdinalIgnoreCase);
}
