using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A call that acts (books, reserves, schedules) names one record of a list a tool returned and a time or a date that
/// only another record of that list gives: <c>create_booking</c> with <c>"stylist_id": "sty_04"</c> and
/// <c>"start": "2025-05-17T09:00"</c>, where the availability list gives sty_04 no slots and 09:00 is sty_07's. The
/// call crossed two records of the list: Tool Output Misinterpretation at the model call that wrote it, quoting the
/// arguments, the record it named and the record the time belongs to. A time that the named record gives too, or that no
/// record of the list gives, is no finding; so is a call that names two records (a transfer from one to another), whose
/// values are each record's own.
/// </summary>
internal sealed partial class CrossedRecordDetector : IDetector
{
    public const string DetectorId = "crossed-record";

    // A reference a record is named by: letters and digits ("sty_04", "R-101", "CL30418").
    [GeneratedRegex(@"^(?=[^ ]*\d)(?=[^ ]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_\-]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    // A date ("2025-05-17") or a clock time ("09:00"), alone or in an ISO date-time.
    [GeneratedRegex(@"(?<date>\d{4}-\d{2}-\d{2})?(?:[T ]?(?<time>(?:[01]\d|2[0-3]):[0-5]\d))?", RegexOptions.CultureInvariant)]
    private static partial Regex When();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        foreach (var call in calls)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } chooser || ToolNames.Reads(call.Name)
                || ToolNames.Verb(call.Name) is not { } verb || !Requests.Acting.Contains(verb)) continue;
            if (args.Json is not { ValueKind: JsonValueKind.Object } given) continue;
            var named = new List<string>();
            var times = new List<(JsonProperty Field, string Value)>();
            foreach (var p in given.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 } value) continue;
                if (Moment(value) is not null) times.Add((p, value));
                else if (Reference().IsMatch(value)) named.Add(value);
            }

            if (named.Count == 0 || times.Count == 0) continue;
            var rank = view.Rank(chooser.Span);
            foreach (var earlier in calls)
            {
                if (ReferenceEquals(earlier, call) || earlier.Result is not { } result || earlier.ExecutionSpan is not { } ran || view.Rank(ran) >= rank) continue;
                // Only a result that names a record the call names is read (parsed once, shared).
                if (!named.Exists(id => result.Text.Contains(id, StringComparison.Ordinal)) || result.Json is not { } returned) continue;
                foreach (var list in Lists(returned))
                {
                    if (Crossed(list, named, times) is not { } crossed) continue;
                    var (record, idField, other, otherField, time) = crossed;
                    var evidence = new List<Evidence>
                    {
                        new(args.Span.SpanId, args.Source, JsonProperties.Quote(args.Text, time.Field)),
                        new(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, idField)),
                        new(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, otherField)),
                    };
                    evidence.RemoveAll(e => !(e.SpanId == args.Span.SpanId ? args.Text : result.Text).Contains(e.Quote, StringComparison.Ordinal));
                    yield return context.CreateFinding(this, chooser.Span, "Tool Output Misinterpretation",
                        $"{chooser.Span.Name} called {call.Name} for {record} at {time.Value}, but {earlier.Name} gave that time to {other}, not to {record}.",
                        evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                    yield break;
                }
            }
        }
    }

    /// <summary>The date and the clock time a value gives ("2025-05-17", "09:00"); null when it gives neither.</summary>
    private static (string? Date, string? Time)? Moment(string value)
    {
        if (value.Length > 40) return null;
        var m = When().Match(value);
        while (m.Success && m.Length == 0) m = m.NextMatch();
        if (!m.Success) return null;
        var date = m.Groups["date"].Success ? m.Groups["date"].Value : null;
        var time = m.Groups["time"].Success ? m.Groups["time"].Value : null;
        return date is null && time is null ? null : (date, time);
    }

    // Arrays of two or more objects anywhere in a result: the lists a call picks from.
    private static IEnumerable<JsonElement> Lists(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (element.GetArrayLength() >= 2 && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)) yield return element;
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Lists(item)) yield return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                foreach (var inner in Lists(p.Value)) yield return inner;
            }
        }
    }

    /// <summary>
    /// The record of the list the call names by one of its references, and another record that gives one of the call's
    /// times the named one does not; null when the call names no record of the list, or more than one, or every time it
    /// gives is the named record's own or no record's.
    /// </summary>
    private static (string Record, JsonProperty IdField, string Other, JsonProperty OtherField, (JsonProperty Field, string Value) Time)? Crossed(
        JsonElement list, List<string> named, List<(JsonProperty Field, string Value)> times)
    {
        var items = list.EnumerateArray().ToList();
        var at = -1;
        JsonProperty idField = default;
        string? id = null;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var p in items[i].EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || !named.Contains(p.Value.GetString()!)) continue;
                // Two records named: the call works across them (a transfer), each value its own.
                if (at >= 0) return null;
                (at, idField, id) = (i, p, p.Value.GetString());
                break;
            }
        }

        if (at < 0) return null;
        foreach (var time in times)
        {
            if (Moment(time.Value) is not { } moment || Gives(items[at], moment) is not null) continue;
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (i == at) continue;
                if (Gives(item, moment) is not { } field) continue;
                var other = item.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String && Reference().IsMatch(p.Value.GetString()!));
                return (id!, idField, other.Value.ValueKind == JsonValueKind.String ? other.Value.GetString()! : "another record", field, time);
            }
        }

        return null;
    }

    // The field of a record (at any depth) that gives the moment: the same date and time, or, for a call's date-time, a
    // field holding its clock time alone ("start": "09:00") in a record of that day.
    private static JsonProperty? Gives(JsonElement element, (string? Date, string? Time) moment)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (Gives(item, moment) is { } found) return found;
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && Moment(p.Value.GetString()!) is { } found)
            {
                var (date, time) = found;
                var sameTime = moment.Time is null ? time is null : time == moment.Time;
                var sameDate = date is null || moment.Date is null || date == moment.Date;
                if (sameTime && sameDate && (time is not null || date == moment.Date)) return p;
            }
            else if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Gives(p.Value, moment) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
