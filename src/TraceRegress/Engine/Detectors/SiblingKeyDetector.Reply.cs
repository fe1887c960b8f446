using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

internal sealed partial class SiblingKeyDetector
{
    // Words before a value in its sentence that deny it ("you can't pay with", "is not taken").
    [GeneratedRegex(@"(?:\b(?:not|no|never|cannot|only)\b|n't\b|n’t\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Denial();

    /// <summary>
    /// A tool's record gives variants of one thing side by side, each with the same key (<c>"pumpOut": {"selfService":
    /// {"payment": ["prepaid pump-out card", "contactless"]}, "staffOperated": {"payment": ["contactless", "boater
    /// account"]}}</c>), and a later reply's sentence speaks of one variant by its name and no other ("A staff-operated
    /// pump-out is £22.50, and yes, you can pay with your prepaid pump-out card") while it gives, undenied, a value the
    /// record lists under that key for another variant only. The reply gave one variant what the record gives its sibling:
    /// Tool Output Misinterpretation at the model call that wrote it, quoting the sentence and both variants' entries.
    /// </summary>
    private IEnumerable<Finding> SiblingClaims(DetectionContext context, List<(ToolCall Call, SourcedText Result, JsonElement Record)> records)
    {
        var view = context.View;
        foreach (var (call, result, obj) in records)
        {
            if ((call.Execution?.Span ?? call.RequestedBy?.Span) is not { } at) continue;
            var variants = obj.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && VariantWords(p.Name).Count > 0).ToList();
            if (variants.Count < 2) continue;
            // The keys two or more variants list strings under, with lists that differ.
            var keys = variants.SelectMany(v => v.Value.EnumerateObject()).Where(p => p.Value.ValueKind == JsonValueKind.Array).Select(p => p.Name).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() >= 2).Select(g => g.Key).ToList();
            if (keys.Count == 0) continue;
            // The values one variant lists under a shared key and another does not: a reply that holds none of them
            // gives no variant what only its sibling has, and is not read further.
            var apart = new List<string>();
            foreach (var key in keys)
            {
                var lists = variants.Select(v => v.Value.TryGetProperty(key, out var l) && l.ValueKind == JsonValueKind.Array ? Strings(l) : []).ToList();
                for (var a = 0; a < lists.Count; a++)
                {
                    apart.AddRange(lists[a].Where(x => x.Length >= 5 && !lists.Where((_, b) => b != a).All(other => other.Contains(x, StringComparer.OrdinalIgnoreCase))));
                }
            }

            if (apart.Count == 0) continue;
            var rank = view.Rank(at);
            foreach (var g in view.Spans)
            {
                if (!g.IsModelCall || view.Rank(g.Span) <= rank) continue;
                foreach (var part in g.OutputParts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } reply || !apart.Exists(x => reply.Contains(x, StringComparison.OrdinalIgnoreCase))) continue;
                    foreach (var sentence in Requests.Sentences(reply))
                    {
                        var lower = sentence.ToLowerInvariant();
                        var named = variants.Where(v => VariantWords(v.Name).TrueForAll(w => WholeWords.Find(lower, w) >= 0)).ToList();
                        if (named.Count != 1) continue;
                        var own = named[0];
                        foreach (var key in keys)
                        {
                            if (!own.Value.TryGetProperty(key, out var ownList) || ownList.ValueKind != JsonValueKind.Array) continue;
                            var ownValues = Strings(ownList);
                            foreach (var other in variants)
                            {
                                if (other.Name == own.Name || !other.Value.TryGetProperty(key, out var otherList) || otherList.ValueKind != JsonValueKind.Array) continue;
                                foreach (var value in Strings(otherList))
                                {
                                    if (value.Length < 5 || ownValues.Contains(value, StringComparer.OrdinalIgnoreCase)) continue;
                                    var found = WholeWords.Find(lower, value.ToLowerInvariant());
                                    if (found < 0 || Denial().IsMatch(lower.AsSpan(0, found))) continue;
                                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                                        $"{call.Name} lists {key} for {own.Name} and {other.Name} apart, and {g.Span.Name} gave {own.Name} what only {other.Name} has (\"{value}\").",
                                        [new Evidence(g.Span.SpanId, part.Source, sentence.Trim()), new Evidence(result.Span.SpanId, result.Source, Quote.Cut(other.Value.GetRawText())),
                                         new Evidence(result.Span.SpanId, result.Source, Quote.Cut(own.Value.GetRawText()))], 0.65)
                                        with { Basis = AttributionBasis.UngroundedContent };
                                    yield break;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // Two or more of the object's properties are objects that list something (an array among their values): counted
    // without allocating, since most objects hold none.
    private static bool ListsVariants(JsonElement obj)
    {
        var listing = 0;
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var q in p.Value.EnumerateObject())
            {
                if (q.Value.ValueKind != JsonValueKind.Array) continue;
                if (++listing >= 2) return true;
                break;
            }
        }

        return false;
    }

    // A variant's name as words of three letters or more ("staffOperated": staff, operated; "self_service": self, service).
    private static List<string> VariantWords(string name) =>
        NameWords.Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3).ToList();

    private static List<string> Strings(JsonElement list) =>
        list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
