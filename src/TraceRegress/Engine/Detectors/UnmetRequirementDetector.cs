using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user said what something must be free of ("it has to be completely nut-free - no almonds or marzipan either"),
/// a tool returned records that say whether each is (<c>"nut_free": false</c>, <c>"allergens": ["almond"]</c>), and a
/// model call then handed a tool one that is not, by the id the record carries (<c>"cake_code": "RASP-FRANG"</c>). The
/// choice broke what the user required: cited at that call, quoting the requirement, the record's field and the
/// argument. Context Handling Failures when the requirement came in an earlier message than the one the call answered
/// (the call worked without it), Instruction Non-compliance when it was in that very message. A record whose field says
/// it is free of the thing, or lists none of the things named, meets the requirement.
/// </summary>
internal sealed partial class UnmetRequirementDetector : IDetector
{
    public const string DetectorId = "unmet-requirement";

    // "nut-free", "gluten free"; then the things the sentence rules out by name ("no almonds or marzipan").
    [GeneratedRegex(@"\b(?<thing>[a-z]{3,})[- ]free\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeOf();

    [GeneratedRegex(@"\bno\s+(?<x>[a-z]{3,})(?:\s*(?:,|or|and|nor)\s*(?<x>[a-z]{3,}))*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RuledOut();

    // A field that holds a record's reference: an id or a code.
    [GeneratedRegex(@"^(?:id|code|sku|ref|reference)$|(?:_id|_code|_sku|Id|Code|Sku)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceField();

    public string Id => DetectorId;

    public int Priority => 54;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    private sealed record Requirement(string Thing, HashSet<string> Named, string Sentence, MessagePart Said, Model.Span Span);

    private sealed record Breach(string Reference, string Field);

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var requirements = new List<Requirement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text || !text.Contains("free", StringComparison.OrdinalIgnoreCase) || !seen.Add(text)) continue;
                    foreach (Match m in FreeOf().Matches(text))
                    {
                        var sentence = Requests.Sentence(text, m.Index);
                        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { m.Groups["thing"].Value };
                        foreach (Match r in RuledOut().Matches(sentence))
                        {
                            foreach (Capture x in r.Groups["x"].Captures) named.Add(Singular(x.Value));
                        }

                        requirements.Add(new Requirement(m.Groups["thing"].Value.ToLowerInvariant(), named, sentence, part, g.Span));
                    }
                }
            }
        }

        if (requirements.Count == 0) yield break;
        foreach (var call in context.CallsInOrder)
        {
            foreach (var result in call.Results)
            {
                if (result.Json is not { } root) continue;
                foreach (var requirement in requirements)
                {
                    var breaches = new List<Breach>();
                    Collect(result.Text, root, requirement, breaches, 0);
                    if (breaches.Count == 0) continue;
                    var rank = view.Rank(result.Span);
                    foreach (var later in context.CallsInOrder)
                    {
                        if (later.RequestedBy is not { } chooser || later.Arguments is not { } args || view.Rank(chooser.Span) < rank) continue;
                        var breach = breaches.Find(b => args.Text.Contains($"\"{b.Reference}\"", StringComparison.Ordinal));
                        if (breach is null) continue;
                        var answered = chooser.InputMessages.LastOrDefault(m => m.Role is "user" or "human");
                        var inIt = answered is not null && answered.Parts.Any(p => p.Content is { } c && c.Contains(requirement.Sentence, StringComparison.Ordinal));
                        var leaf = inIt ? "Instruction Non-compliance" : "Context Handling Failures";
                        yield return context.CreateFinding(this, chooser.Span, leaf,
                            $"The user required it {requirement.Thing}-free (\"{Quote.Cut(requirement.Sentence, 160)}\"), and {chooser.Span.Name} gave {later.Name} {breach.Reference}, a record that is not ({breach.Field}).",
                            [new Evidence(requirement.Span.SpanId, requirement.Said.Source, requirement.Sentence), new Evidence(result.Span.SpanId, result.Source, breach.Field),
                             new Evidence(args.Span.SpanId, args.Source, $"\"{breach.Reference}\"")], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { later.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    private static string Singular(string word)
    {
        var w = word.ToLowerInvariant();
        return w.EndsWith("ies", StringComparison.Ordinal) ? w[..^3] + "y" : w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w;
    }

    // The records (objects to four levels, fifty items a list) that break the requirement, by their reference.
    private static void Collect(string raw, JsonElement element, Requirement requirement, List<Breach> into, int depth)
    {
        if (depth > 4 || into.Count >= 16) return;
        if (element.ValueKind == JsonValueKind.Array)
        {
            var n = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (n++ >= 50) break;
                Collect(raw, item, requirement, into, depth + 1);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object) return;
        string? reference = null;
        string? breach = null;
        string? listedIn = null;
        var free = false;
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !(p.Value.ValueKind == JsonValueKind.Array && Strings(p.Value)))
            {
                Collect(raw, p.Value, requirement, into, depth + 1);
                continue;
            }

            if (p.Value.ValueKind == JsonValueKind.String && ReferenceField().IsMatch(p.Name) && p.Value.GetString() is { Length: >= 3 and <= 40 } id && !id.Contains(' ', StringComparison.Ordinal)) reference ??= id;
            var key = JsonProperties.Key(p.Name);
            if (key == requirement.Thing.ToLowerInvariant() + "free")
            {
                // The record's own word on it says it plainest.
                if (p.Value.ValueKind == JsonValueKind.False) breach = JsonProperties.Quote(raw, p);
                if (p.Value.ValueKind == JsonValueKind.True) free = true;
            }

            if (p.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in p.Value.EnumerateArray())
                {
                    if (item.GetString() is { } listed && requirement.Named.Any(n => WholeWords.Find(listed.ToLowerInvariant(), n.ToLowerInvariant()) >= 0 || Singular(listed) == n.ToLowerInvariant()))
                    {
                        listedIn ??= JsonProperties.Quote(raw, p);
                    }
                }
            }
        }

        breach ??= listedIn;
        if (reference is not null && breach is not null && !free) into.Add(new Breach(reference, breach));
    }

    private static bool Strings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return false;
        }

        return true;
    }
}
