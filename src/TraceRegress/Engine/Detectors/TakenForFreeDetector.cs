using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record gives how many places there are and how many are taken (<c>"capacity": 8, "booked": 6</c>), and the
/// model call given it says the taken figure is what is free ("The 10:00 Hawk Walk still has 6 places free"): the free
/// places are the capacity less the taken ones (2). The sentence names the record by one of its own values (its start
/// time, its id) that no other record of the result shares, and its figure is the taken count and not the difference.
/// Tool Output Misinterpretation at that call, quoting the record's two fields and the sentence.
/// </summary>
internal sealed partial class TakenForFreeDetector : IDetector
{
    public const string DetectorId = "taken-for-free";

    // "6 places free", "3 seats left", "2 spaces still available", "4 remaining".
    [GeneratedRegex(@"(?<![\w.,£$€])(?<n>\d{1,4})(?:\s+[a-z]+){0,3}?\s+(?:free|available|left|remaining|spare|open|unbooked|vacant)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeCount();

    private static readonly HashSet<string> Capacity = new(StringComparer.Ordinal) { "capacity", "maxcapacity", "totalplaces", "totalseats", "places", "seats", "spaces", "maxparticipants", "maxplaces", "limit", "size", "maxsize" };

    private static readonly HashSet<string> Taken = new(StringComparer.Ordinal) { "booked", "taken", "sold", "used", "occupied", "reserved", "enrolled", "registered", "filled", "allocated", "bookedplaces", "placesbooked", "seatstaken", "seatssold", "bookings", "attendees" };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.RespondedIn is not { IsModelCall: true } reader || reader.OutputText is not { Length: > 0 } answer || !FreeCount().IsMatch(answer)) continue;
            var results = call.Results;
            for (var r = 0; r < results.Count; r++)
            {
                if (results[r].Json is not { } root) continue;
                var records = new List<(JsonElement Record, JsonProperty Capacity, JsonProperty Taken)>();
                foreach (var o in JsonProperties.Objects(root))
                {
                    if (Fields(o) is var (capacityField, takenField)) records.Add((o, capacityField, takenField));
                }

                if (records.Count == 0) continue;
                foreach (var part in reader.OutputParts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    foreach (Match m in FreeCount().Matches(text))
                    {
                        var said = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                        var sentence = Requests.Sentence(text, m.Index);
                        if (Named(records, sentence) is not var (_, capacity, taken)) continue;
                        var total = capacity.Value.GetDecimal();
                        var used = taken.Value.GetDecimal();
                        if (said != used || said == total - used) continue;
                        var result = results[r];
                        var quote = $"{JsonProperties.Quote(result.Text, capacity)},{JsonProperties.Quote(result.Text, taken)}";
                        if (!result.Text.Contains(quote, StringComparison.Ordinal)) quote = JsonProperties.Quote(result.Text, taken);
                        yield return context.CreateFinding(this, reader.Span, "Tool Output Misinterpretation",
                            $"{call.Name} gave {quote}: {total - used} free. {reader.Span.Name} gave the taken count as the free one (\"{sentence.Trim()}\").",
                            [new Evidence(result.Span.SpanId, result.Source, quote), new Evidence(reader.Span.SpanId, part.Source, sentence.Trim())], 0.72)
                            with { Basis = AttributionBasis.Inference };
                        yield break;
                    }
                }
            }
        }
    }

    // The record's capacity and taken fields, both whole numbers with the taken ones at most the capacity.
    private static (JsonProperty Capacity, JsonProperty Taken)? Fields(JsonElement record)
    {
        JsonProperty? capacity = null, taken = null;
        foreach (var p in record.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out _)) continue;
            var key = JsonProperties.Key(p.Name);
            if (capacity is null && Capacity.Contains(key)) capacity = p;
            else if (taken is null && Taken.Contains(key)) taken = p;
        }

        return capacity is { } c && taken is { } t && t.Value.GetDecimal() <= c.Value.GetDecimal() && t.Value.GetDecimal() > 0 ? (c, t) : null;
    }

    /// <summary>The one record the sentence names by a value of its own that no other record has; null when none or several.</summary>
    private static (JsonElement Record, JsonProperty Capacity, JsonProperty Taken)? Named(List<(JsonElement Record, JsonProperty Capacity, JsonProperty Taken)> records, string sentence)
    {
        if (records.Count == 1) return records[0];
        int? named = null;
        for (var i = 0; i < records.Count; i++)
        {
            foreach (var p in records[i].Record.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 3 } value || WholeWords.Find(sentence, value) < 0) continue;
                if (records.Count(o => o.Record.TryGetProperty(p.Name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value) != 1) continue;
                if (named is not null && named != i) return null;
                named = i;
            }
        }

        return named is { } at ? records[at] : null;
    }
}
