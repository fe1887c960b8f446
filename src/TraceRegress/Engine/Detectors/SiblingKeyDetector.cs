using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record keys the same kind of value by kind of thing (<c>"next_eligible": {"platelets": "2025-06-10",
/// "whole_blood": "2025-08-19"}</c>), and a later call names one of those kinds in its arguments
/// (<c>"donation_type": "whole_blood"</c>) while passing the value the record gives for another
/// (<c>"earliest_date": "2025-06-10"</c>, the platelets date): it read the sibling's entry. Both values are grounded; the
/// record was misread: Tool Output Misinterpretation at the model call that wrote the arguments, quoting them and both
/// entries. A call that passes its own kind's value, or names both kinds, is no finding.
/// </summary>
internal sealed partial class SiblingKeyDetector : IDetector
{
    public const string DetectorId = "sibling-key";

    // A day, as records key them: "2025-06-10", with a time or not.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Day();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        // Records of variants side by side, gathered on the same walk for the replies' reading (SiblingClaims).
        List<(ToolCall Call, SourcedText Result, JsonElement Record)>? variantRecords = null;
        foreach (var call in calls)
        {
            if (call.Result is not { Json: { } json } result) continue;
            foreach (var obj in JsonProperties.Objects(json))
            {
                if (ListsVariants(obj)) (variantRecords ??= []).Add((call, result, obj));
                // Entries keyed by a kind of thing, each a day: two or more, with different days. Counted first without
                // reading any string out, since most objects hold one date or none.
                var days = 0;
                foreach (var p in obj.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetDateTime(out _)) days++;
                }

                if (days < 2) continue;
                var entries = obj.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && Day().IsMatch(p.Value.GetString()!) && Kind(p.Name).Length >= 4).ToList();
                if (entries.Count < 2 || entries.Select(p => p.Value.GetString()).Distinct(StringComparer.Ordinal).Count() < 2) continue;
                foreach (var later in calls)
                {
                    if (later.Ordinal <= call.Ordinal || later.RequestedBy is not { } chooser || later.Arguments is not { Json: { ValueKind: JsonValueKind.Object } args } a) continue;
                    var named = entries.Where(e => args.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && Kind(p.Value.GetString()!) == Kind(e.Name))).ToList();
                    if (named.Count != 1) continue;
                    var own = named[0];
                    foreach (var p in args.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } value || value == own.Value.GetString()) continue;
                        var other = entries.FirstOrDefault(e => e.Value.GetString() == value && e.Name != own.Name);
                        if (other.Value.ValueKind != JsonValueKind.String) continue;
                        yield return context.CreateFinding(this, chooser.Span, "Tool Output Misinterpretation",
                            $"{call.Name} gave {Kind(own.Name)} and {Kind(other.Name)} each their own date, and {chooser.Span.Name} called {later.Name} for {Kind(own.Name)} with {Kind(other.Name)}'s ({JsonProperties.Quote(a.Text, p)}).",
                            [new Evidence(a.Span.SpanId, a.Source, JsonProperties.Quote(a.Text, p)), new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, other)),
                             new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, own))], 0.65)
                            with { Basis = AttributionBasis.UngroundedContent, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                        yield break;
                    }
                }
            }
        }

        if (variantRecords is null) yield break;
        foreach (var claim in SiblingClaims(context, variantRecords))
        {
            yield return claim;
            yield break;
        }
    }

    // A kind as keys and values write it, in one form: "whole_blood", "Whole blood" and "whole-blood" alike.
    private static string Kind(string name) => name.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
}
