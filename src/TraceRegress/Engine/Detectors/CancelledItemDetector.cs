using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An item the listing marks as off, presented as on: a tool result lists records (meetings, flights, classes, offers)
/// and one says it is cancelled, postponed or discontinued (<c>"status": "cancelled"</c>, <c>"cancelled": true</c>), and
/// the model call that read it names that record in its answer ("your first meeting is the design review at 9:00", "take
/// UA 512") without a word of its state. The record was read but its state was not: Tool Output Misinterpretation, cited
/// at the answering call, quoting the state as the listing gives it and the name as the answer does. An answer may name
/// the record by its start time alone ("your first class starts at 8:30 am"), when no other record of the listing starts
/// then. An answer that says the item is cancelled, or names only other items, is not read this way; nor is a call that
/// only asks for more tools.
/// </summary>
internal sealed partial class CancelledItemDetector : IDetector
{
    public const string DetectorId = "cancelled-item";

    // A record's state that says it will not take place, or is no longer offered.
    // A state may say by whom or why after the word: "cancelled_by_studio", "CANCELLED - weather", "postponed (venue)".
    [GeneratedRegex(@"^\s*(?:cancell?ed|postponed|called[ _-]off|discontinued|withdrawn|suspended|deleted|removed|permanently[ _-]closed|closed[ _-]permanently|no[ _-]longer[ _-](?:available|offered|running)|scrapped)(?:\s*$|[\s_:(,-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffState();

    // The answer's own word for such a state, in the sentence that names the item.
    [GeneratedRegex(@"cancel|postpon|called off|discontinu|withdrawn|suspended|no longer|not (?:take place|happening|running|going ahead)|won't (?:take place|happen|run)|removed|deleted|closed", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StateWord();

    // A clock time as an answer or a record writes it: "09:00", "9:00", "8:30 am", "8.30am", "9am", "9 p.m.", "2026-06-13T08:30:00".
    [GeneratedRegex(@"(?<![\d:.,])(?<h>[01]?\d|2[0-3])(?::(?<m>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?|\.(?<m>[0-5]\d)(?=\s?[ap]\.?\s?m\b))?(?:\s?(?<ap>[ap])\.?\s?m\b\.?)?(?![\d:])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();

    private static readonly HashSet<string> StateKeys = new(StringComparer.Ordinal)
    {
        "status", "state", "eventstatus", "flightstatus", "bookingstatus", "availability", "lifecycle", "lifecyclestate",
    };

    private static readonly HashSet<string> OffFlags = new(StringComparer.Ordinal)
    {
        "cancelled", "canceled", "iscancelled", "iscanceled", "postponed", "ispostponed", "discontinued", "isdiscontinued", "deleted", "isdeleted",
        "withdrawn", "suspended",
    };

    // Keys that name a record (what an answer calls it by).
    private static readonly HashSet<string> NameKeys = new(StringComparer.Ordinal)
    {
        "title", "name", "summary", "subject", "event", "eventname", "flight", "flightnumber", "flightno", "product", "productname", "course",
        "coursename", "class", "classname", "session", "sessionname", "offer", "offername", "plan", "planname", "show", "film", "movie", "tour",
    };

    // A result is read only when it holds one of these.
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["cancel", "postpon", "called off", "called_off", "discontinu", "withdrawn", "suspended", "deleted", "removed", "closed", "no longer", "no_longer", "scrapped"],
        StringComparison.OrdinalIgnoreCase);

    public string Id => DetectorId;

    public int Priority => 63;


    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // A result's records, read once: a history repeats each tool result in every later call's input.
        var read = new Dictionary<string, List<Off>>(StringComparer.Ordinal);
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 } answer) continue;
            if (g.OutputMessages.Any(m => m.Parts.Any(p => p.Kind == PartKind.ToolCall))) continue;
            foreach (var part in RecentToolResults.Of(g))
            {
                var text = part.Body;
                if (text.Length < 16 || text.AsSpan().IndexOfAny(Cues) < 0) continue;
                if (!read.TryGetValue(text, out var records)) read[text] = records = OffRecords(text);
                foreach (var off in records)
                {
                    var (at, length, byTime) = Named(answer, off);
                    if (at < 0) continue;
                    var written = answer.Substring(at, length);
                    var source = g.OutputMessages.SelectMany(m => m.Parts).FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(written, StringComparison.Ordinal))?.Source ?? "output";
                    var what = !byTime ? $"\"{written}\"" : off.Name is null ? $"\"{written}\"" : $"\"{written}\", the start of \"{off.Name}\",";
                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                        $"{g.Span.Name} presents {what} as going ahead, but the result it read says {off.State}.",
                        [new Evidence(g.Span.SpanId, part.Source, off.State), new Evidence(g.Span.SpanId, source, written)], 0.6) with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // Where the answer names the record, by its name or by its start time, in a sentence that says nothing of its state
    // and names no other record of the listing: (position, length, whether by its time), or (-1, 0, false).
    private static (int At, int Length, bool ByTime) Named(string answer, Off off)
    {
        if (off.Name is not null)
        {
            var at = WholeWords.Find(answer, off.Name, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && Unqualified(Sentence(answer, at), off)) return (at, off.Name.Length, false);
        }

        if (off.Minutes is { } minutes)
        {
            foreach (Match m in ClockTime().Matches(answer))
            {
                if (!Clock.Matches(m, minutes) || !Unqualified(Sentence(answer, m.Index), off)) continue;
                return (m.Index, m.Length, true);
            }
        }

        return (-1, 0, false);
    }

    private static bool Unqualified(string sentence, Off off) =>
        !StateWord().IsMatch(sentence) && !off.Others.Any(o => WholeWords.Find(sentence, o, StringComparison.OrdinalIgnoreCase) >= 0);

    // A record of a listing whose state is off: its name (or null), its start in minutes after midnight when no other
    // record of the listing starts then (or null), its state as written, and the names of the listing's other records.
    private sealed record Off(string? Name, int? Minutes, string State, IReadOnlyList<string> Others);

    private sealed class Record
    {
        public string? Name;
        public int? Minutes;
        public string? State;
    }

    // The records of a result whose state is off, each with what names it and its state as written ("status":"cancelled").
    private static List<Off> OffRecords(string text)
    {
        var found = new List<Off>();
        var t = text.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] is not ('{' or '[')) return found;
        var records = new List<Record>();
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            Walk(doc.RootElement, text, records, 0);
        }
        catch (JsonException)
        {
            // Not a record.
            return found;
        }

        foreach (var r in records)
        {
            if (r.State is null) continue;
            var minutes = r.Minutes is { } m && records.Count(o => o.Minutes == m) == 1 ? r.Minutes : null;
            if (r.Name is null && minutes is null) continue;
            var others = records.Where(o => o != r && o.Name is not null && !string.Equals(o.Name, r.Name, StringComparison.OrdinalIgnoreCase)).Select(o => o.Name!).ToList();
            found.Add(new Off(r.Name, minutes, r.State, others));
        }

        return found;
    }

    private static void Walk(JsonElement e, string raw, List<Record> records, int depth)
    {
        if (depth > 32) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Walk(item, raw, records, depth + 1);
            return;
        }

        if (e.ValueKind != JsonValueKind.Object) return;
        var r = new Record();
        foreach (var p in e.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                var value = p.Value.GetString()!;
                if (r.Name is null && NameKeys.Contains(key) && value.Trim().Length >= 3) r.Name = value.Trim();
                if (r.State is null && StateKeys.Contains(key) && OffState().IsMatch(value)) r.State = JsonProperties.Written(raw, p) ?? value;
                if (r.Minutes is null && Clock.IsStartKey(key)) r.Minutes = Clock.Of(value);
            }
            else if (p.Value.ValueKind == JsonValueKind.True && OffFlags.Contains(key))
            {
                r.State ??= JsonProperties.Written(raw, p) ?? p.Name;
            }
            else if (p.Value.ValueKind == JsonValueKind.Object && Clock.IsStartKey(key))
            {
                // Google Calendar's "start": {"dateTime": "2026-06-10T09:00:00+02:00"}.
                foreach (var inner in p.Value.EnumerateObject())
                {
                    if (inner.Value.ValueKind == JsonValueKind.String && Clock.Of(inner.Value.GetString()!) is { } m) r.Minutes ??= m;
                }
            }
            else if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                Walk(p.Value, raw, records, depth + 1);
            }
        }

        if (r.Name is not null || r.Minutes is not null) records.Add(r);
    }

    // The sentence of the answer that holds the position.
    private static string Sentence(string text, int at)
    {
        var start = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, at - 1)) + 1;
        var end = text.IndexOfAny(['.', '!', '?', '\n'], at);
        return text[start..(end < 0 ? text.Length : end)];
    }

    // Start times: which keys give one, what time a value gives, and whether an answer's time is that time.
    private static class Clock
    {
        public static bool IsStartKey(string key) =>
            key.StartsWith("start", StringComparison.Ordinal) || key.StartsWith("depart", StringComparison.Ordinal) || key.StartsWith("begin", StringComparison.Ordinal)
            || key is "time" or "when" or "at" or "scheduled" or "scheduleddeparture" or "scheduledtime" or "datetime" or "localtime";

        // Minutes after midnight of the first clock time a value writes (with its minutes or am/pm); null when none.
        public static int? Of(string value)
        {
            foreach (Match m in ClockTime().Matches(value))
            {
                if (Minutes(m) is { } minutes) return minutes;
            }

            return null;
        }

        // An answer's time is the record's start: the same time of day, or, with no am/pm, the same hour on a 12-hour clock.
        public static bool Matches(Match m, int minutes)
        {
            if (Minutes(m) is not { } said) return false;
            return said == minutes || (!m.Groups["ap"].Success && said < 12 * 60 && said + 12 * 60 == minutes);
        }

        private static int? Minutes(Match m)
        {
            if (!m.Groups["m"].Success && !m.Groups["ap"].Success) return null;
            var h = int.Parse(m.Groups["h"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            var min = m.Groups["m"].Success ? int.Parse(m.Groups["m"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (m.Groups["ap"].Success)
            {
                if (h is 0 or > 12) return null;
                h = h % 12 + (char.ToLowerInvariant(m.Groups["ap"].Value[0]) == 'p' ? 12 : 0);
            }

            return h * 60 + min;
        }
    }
}
