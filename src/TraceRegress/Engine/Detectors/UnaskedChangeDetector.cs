using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A change the user asked for, made with another change beside it that nobody asked for. A tool returned a record
/// (<c>"booking_ref": "SPL-60342", "players": 12, "package": "STD300"</c>), the user asked to change one thing of it
/// ("Four more from the warehouse team want to come - can you add them?"), and the model call that acted on the record
/// (named by its reference) also set a field of words to another value (<c>"package": "ULT500"</c>) that no message of
/// the user's touches: not the field's name, not either value, and no word of changing a kind (upgrade, downgrade,
/// switch). The run pursued a goal of its own there: Goal Deviation at that call, quoting the request, the record's
/// value and the argument.
/// </summary>
internal sealed class UnaskedChangeDetector : IDetector
{
    public const string DetectorId = "unasked-change";

    private static readonly string[] ChangeWords = ["upgrade", "downgrade", "switch", "swap", "change", "convert", "move"];

    public string Id => DetectorId;

    public int Priority => 58;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        for (var i = 1; i < calls.Count; i++)
        {
            var call = calls[i];
            // A tool that changes a record it names (update_booking, modify_order), called by a model call.
            if (ToolNames.Verb(call.Name) is not ("update" or "modify" or "amend" or "edit" or "change" or "set" or "patch") || call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } args } arguments) continue;
            var said = UserMessages.Parts(chooser).Select(p => p.Part).ToList();
            if (said.Count == 0 || said.Exists(p => ChangeWords.Any(w => Requests.Mentions(p.Content!, w) >= 0))) continue;
            for (var j = i - 1; j >= Math.Max(0, i - DetectionContext.CallLookBack); j--)
            {
                // The record as a tool that reads it gave it (get_booking), not what another action answered.
                if (!ToolNames.Reads(calls[j].Name)) continue;
                // Indexed, not enumerated: this runs for every pair of calls.
                var results = calls[j].Results;
                for (var r = 0; r < results.Count; r++)
                {
                    var result = results[r];
                    if (result.Json is not { ValueKind: JsonValueKind.Object } record || !SameRecord(record, args)) continue;
                    foreach (var p in args.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 2 } sent || IsReference(p.Name)) continue;
                        if (!record.TryGetProperty(p.Name, out var held) || held.ValueKind != JsonValueKind.String || held.GetString() is not { Length: >= 2 } before || before == sent) continue;
                        var fieldWords = NameWords.Word().Matches(p.Name).Select(m => m.Value).Where(w => w.Length >= 3).ToList();
                        if (said.Exists(s => WholeWords.Find(s.Content!, sent, StringComparison.OrdinalIgnoreCase) >= 0 || WholeWords.Find(s.Content!, before, StringComparison.OrdinalIgnoreCase) >= 0
                                             || fieldWords.Exists(w => Requests.Mentions(s.Content!, w) >= 0))) continue;
                        var request = said[^1];
                        var written = JsonProperties.Quote(arguments.Text, p);
                        var kept = JsonProperties.Quote(result.Text, record.EnumerateObject().First(f => f.NameEquals(p.Name)));
                        yield return context.CreateFinding(this, chooser.Span, "Goal Deviation",
                            $"The user asked \"{Quote.Cut(request.Content!.Trim())}\", and {chooser.Span.Name} also changed {p.Name} from \"{before}\" to \"{sent}\" with {call.Name}, which no message of the user's asks for.",
                            [new Evidence(chooser.Span.SpanId, request.Source, Quote.Cut(request.Content!.Trim())), new Evidence(result.Span.SpanId, result.Source, kept),
                             new Evidence(arguments.Span.SpanId, arguments.Source, written)], 0.6)
                            with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    // A field that names a record rather than describing it: "booking_ref", "order_id", "reference".
    private static bool IsReference(string name) =>
        NamedRecordDetector.IdName(name) || name.EndsWith("ref", StringComparison.OrdinalIgnoreCase) || name.EndsWith("reference", StringComparison.OrdinalIgnoreCase);

    // The arguments name the record by a reference it carries: the same field with the same value.
    private static bool SameRecord(JsonElement record, JsonElement args)
    {
        foreach (var p in args.EnumerateObject())
        {
            if (!IsReference(p.Name) || p.Value.ValueKind != JsonValueKind.String) continue;
            if (record.TryGetProperty(p.Name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == p.Value.GetString()) return true;
        }

        return false;
    }
}
