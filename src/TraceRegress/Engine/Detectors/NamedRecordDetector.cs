using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user named one record of a list by its own words ("deliver them to our workshop - Unit 4, Hollins Trading
/// Estate - rather than the house address"), a tool returned the list with each record's id
/// (<c>{"address_id": "ADR-1", "line1": "27 Moor End Lane"}</c>, <c>{"address_id": "ADR-2", "line1": "Unit 4, Hollins
/// Trading Estate"}</c>), and a model call sends another record's id under that name (<c>"address_id": "ADR-1"</c>)
/// while no call ever sends the named one's. The run acted for another record than the one the user named: Context
/// Handling Failures at that call when the user named it in an earlier message than the call's last, else Instruction
/// Non-compliance, quoting the user's sentence, the named record's words and the argument. Words are read only when a
/// record's value of several words stands whole in what the user said, and no value of the record sent does.
/// </summary>
internal sealed partial class NamedRecordDetector : IDetector
{
    public const string DetectorId = "named-record";

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        // A result's records by the id field they carry, read once per result and field.
        var recordsOf = new Dictionary<(SourcedText, string), List<JsonElement>>();
        List<JsonElement> RecordsOf(SourcedText result, JsonElement root, string idName)
        {
            if (!recordsOf.TryGetValue((result, idName), out var list)) recordsOf[(result, idName)] = list = Records(root, idName);
            return list;
        }

        for (var i = 1; i < calls.Count; i++)
        {
            var call = calls[i];
            // Arguments read only when their text gives a string under an id's name (most calls have one, few lists do).
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } arguments || !IdKey().IsMatch(arguments.Text)
                || arguments.Json is not { ValueKind: JsonValueKind.Object } args) continue;
            List<(int Message, MessagePart Part)>? said = null;
            foreach (var p in args.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 2 } sent || !IdName(p.Name)) continue;
                said ??= UserMessages.Parts(chooser).ToList();
                if (said.Count == 0) break;
                var lastMessage = said[^1].Message;
                for (var j = i - 1; j >= Math.Max(0, i - DetectionContext.CallLookBack); j--)
                {
                    // Indexed, not enumerated: this runs for every pair of calls.
                    var results = calls[j].Results;
                    for (var r = 0; r < results.Count; r++)
                    {
                        var result = results[r];
                        // A result that does not write the id sent lists no record of it (and need not be parsed).
                        if (!result.Text.Contains(sent, StringComparison.Ordinal)) continue;
                        if (result.Json is not { } root || RecordsOf(result, root, p.Name) is not { Count: >= 2 } records) continue;
                        var chosen = records.FirstOrDefault(r => IdOf(r, p.Name) == sent);
                        if (chosen.ValueKind != JsonValueKind.Object) continue;
                        // The sent record's own words, said by the user, make it the named one.
                        if (said.Exists(s => Phrases(chosen, p.Name).Any(v => WholeWords.Find(s.Part.Content!, v.Value.GetString()!, StringComparison.OrdinalIgnoreCase) >= 0))) goto NextArgument;
                        foreach (var named in records)
                        {
                            if (named.ValueKind != JsonValueKind.Object || IdOf(named, p.Name) is not { } namedId || namedId == sent) continue;
                            if (calls.Any(c => c.Arguments?.Json is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(p.Name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == namedId)) continue;
                            foreach (var phrase in Phrases(named, p.Name))
                            {
                                foreach (var (message, part) in said)
                                {
                                    var at = WholeWords.Find(part.Content!, phrase.Value.GetString()!, StringComparison.OrdinalIgnoreCase);
                                    if (at < 0) continue;
                                    var sentence = Requests.Sentence(part.Content!, at).Trim();
                                    var written = JsonProperties.Quote(arguments.Text, p);
                                    var category = message < lastMessage ? "Context Handling Failures" : "Instruction Non-compliance";
                                    yield return context.CreateFinding(this, chooser.Span, category,
                                        $"The user named {phrase.Value.GetString()} (\"{sentence}\"), {namedId} in {calls[j].Name}'s list, and {chooser.Span.Name} sent {call.Name} {written}, another record of it; no call sent {namedId}.",
                                        [new Evidence(chooser.Span.SpanId, part.Source, sentence), new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, phrase)),
                                         new Evidence(arguments.Span.SpanId, arguments.Source, written)], 0.7)
                                        with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                                    yield break;
                                }
                            }
                        }
                    }
                }

            NextArgument:;
            }
        }
    }

    // A key of an id written before a string: "address_id": "ADR-1", "addressId":"ADR-1".
    [GeneratedRegex(@"""(?:[A-Za-z]\w*(?:_id|Id)|id)""\s*:\s*""", RegexOptions.CultureInvariant)]
    private static partial Regex IdKey();

    // An argument that names a record by its id: "address_id", "addressId", "id".
    internal static bool IdName(string name) =>
        name.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id", StringComparison.Ordinal) || name.Equals("id", StringComparison.OrdinalIgnoreCase);

    // The records of a result that carry the id field, from any depth.
    private static List<JsonElement> Records(JsonElement root, string idName) =>
        JsonProperties.Objects(root).Where(o => o.TryGetProperty(idName, out var v) && v.ValueKind == JsonValueKind.String).ToList();

    private static string? IdOf(JsonElement record, string idName) => record.TryGetProperty(idName, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // A record's own values of several words ("Unit 4, Hollins Trading Estate"), its id aside.
    private static IEnumerable<JsonProperty> Phrases(JsonElement record, string idName)
    {
        foreach (var f in record.EnumerateObject())
        {
            if (f.NameEquals(idName) || f.Value.ValueKind != JsonValueKind.String || f.Value.GetString() is not { Length: >= 8 } v || !v.Contains(' ', StringComparison.Ordinal)) continue;
            yield return f;
        }
    }
}
