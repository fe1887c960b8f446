using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record gives two dates in fields named alike (<c>"priceLockEnd": "2025-06-03"</c> and <c>"minimumTermEnd":
/// "2026-03-03"</c>), and a model call that read it writes one field's date under the other's name ("Minimum term ended
/// 2025-06-03"): the words that set the named field apart ("minimum term") stand before the date in one sentence, the
/// date is the other field's, and the named field's own date is nowhere in what the call wrote. Both dates are grounded;
/// the record was misread: Tool Output Misinterpretation at that call, quoting the sentence and both fields. A sentence
/// that also names the other field's words ("price lock"), or a record whose two fields hold the same date, is no finding.
/// </summary>
internal sealed partial class MisnamedFieldDetector : IDetector
{
    public const string DetectorId = "misnamed-field";

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var facts = context.Facts;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Result is not { } result || !result.Text.Contains('-', StringComparison.Ordinal) || result.Json is not { } json) continue;
            var dated = DatedFields(json);
            if (dated.Count < 2 || view.ModelCallReading(call) is not { } reader) continue;
            var pairs = Pairs(dated).ToList();
            if (pairs.Count == 0) continue;
            var rank = view.Rank(reader.Span);
            foreach (var g in view.Spans)
            {
                if (!g.IsModelCall || view.Rank(g.Span) < rank || CitedSpan.AgentOf(g.Span) != CitedSpan.AgentOf(reader.Span)) continue;
                foreach (var part in g.OutputParts)
                {
                    var (text, source) = (part.Body, part.Source);
                    if (text.Length == 0) continue;
                    var dates = facts.FactsOf(text).Where(f => f.Kind == FactKind.Date).ToList();
                    foreach (var date in dates)
                    {
                        foreach (var (named, other) in pairs)
                        {
                            // The date written is the other field's; the named field's own is written nowhere in the text.
                            if (!Same(facts, other.Value, date) || dates.Exists(f => Same(facts, named.Value, f))) continue;
                            var sentence = Requests.Sentence(text, date.Index);
                            var before = new Qualifiers.WordSet(text[Math.Max(0, date.Index - 60)..date.Index]);
                            var inSentence = new Qualifiers.WordSet(sentence);
                            if (!named.Own.TrueForAll(before.Contains) || other.Own.Exists(inSentence.Contains)) continue;
                            var evidence = new List<Evidence>
                            {
                                new(g.Span.SpanId, source, Quote.Cut(sentence.Trim())),
                                new(result.Span.SpanId, result.Source, other.Written),
                                new(result.Span.SpanId, result.Source, named.Written),
                            };
                            yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                                $"{call.Name} returned {other.Written} and {named.Written}, and {g.Span.Name} wrote the first as the {string.Join(' ', named.Own)} date: \"{Quote.Cut(sentence.Trim())}\".",
                                evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(g.Span).Select(s => s.Span.SpanId).ToArray() };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    private sealed record Dated(string Name, string Value, List<string> Words, string Written);

    // A field of a pair, with the words of its name the other field's name does not have.
    private sealed record Named(Dated Field, List<string> Own)
    {
        public string Value => Field.Value;

        public string Written => Field.Written;
    }

    // The fields of a record (the result, or an object one level down) that hold an ISO date, each with its name's words.
    private static List<Dated> DatedFields(JsonElement json)
    {
        var fields = new List<Dated>();
        void Read(JsonElement o)
        {
            var raw = o.GetRawText();
            foreach (var p in o.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } v || !IsoDate().IsMatch(v)) continue;
                var words = NameWords.Word().Matches(p.Name).Select(m => m.Value.ToLowerInvariant()).ToList();
                fields.Add(new Dated(p.Name, v, words, JsonProperties.Written(raw, p) ?? $"\"{p.Name}\": \"{v}\""));
            }
        }

        if (json.ValueKind != JsonValueKind.Object) return fields;
        Read(json);
        foreach (var p in json.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object) Read(p.Value);
        }

        return fields;
    }

    // Two fields named alike (a word in common: "end" of priceLockEnd and minimumTermEnd) with different dates; each
    // field's own words are the ones the other does not have ("minimum term"), of three letters or more.
    private static IEnumerable<(Named Named, Named Other)> Pairs(List<Dated> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            for (var j = 0; j < fields.Count; j++)
            {
                var (a, b) = (fields[i], fields[j]);
                if (i == j || a.Value[..Math.Min(10, a.Value.Length)] == b.Value[..Math.Min(10, b.Value.Length)] || !a.Words.Exists(b.Words.Contains)) continue;
                var own = a.Words.Where(w => w.Length >= 3 && !b.Words.Contains(w)).ToList();
                var otherOwn = b.Words.Where(w => w.Length >= 3 && !a.Words.Contains(w)).ToList();
                if (own.Count == 0 || otherOwn.Count == 0) continue;
                yield return (new Named(a, own), new Named(b, otherOwn));
            }
        }
    }

    private static bool Same(FactIndex facts, string iso, Fact date) => facts.FactsOf(iso).Exists(f => f.Kind == FactKind.Date && f.Key == date.Key);
}
