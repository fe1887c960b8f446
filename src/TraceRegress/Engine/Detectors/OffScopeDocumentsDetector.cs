using System.Text.RegularExpressions;
using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A retrieval whose documents all belong to one scope (their metadata agree on a field: <c>"jurisdiction":
/// "england_wales"</c>, <c>"plan": "UNL-PLUS-21"</c>, <c>"region": "EU"</c>) while a record the run read about its subject
/// gives that same field another value (the tenancy's <c>"jurisdiction": "scotland"</c>), and no document of the
/// subject's scope came back. The documents answer for another case than the one asked about: Poor Information
/// Retrieval at the retrieval, quoting both values. Two documents or more, agreeing, make a scope; a field the records
/// do not name, or name with the documents' value, says nothing.
/// </summary>
internal sealed partial class OffScopeDocumentsDetector : IDetector
{
    public const string DetectorId = "off-scope-documents";

    // Fields that describe a document rather than the case it is about.
    private static readonly HashSet<string> Describing = new(StringComparer.Ordinal)
    {
        "id", "docid", "documentid", "chunkid", "source", "title", "url", "uri", "link", "path", "file", "filename", "section", "heading",
        "page", "chunk", "score", "updated", "lastupdated", "created", "modified", "date", "author", "type", "format", "language", "lang",
        "hash", "name", "text", "content", "pagecontent", "summary", "description", "status",
    };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        Dictionary<string, List<(string Value, SourcedText At, string Quote)>>? records = null;
        foreach (var g in view.Spans)
        {
            if (g.IsModelCall || !IsRetrieval(g.Span)) continue;
            foreach (var output in context.Facts.TextsOf(g.Span))
            {
                if (!output.Source.Contains("response", StringComparison.Ordinal) && !output.Source.Contains("output", StringComparison.Ordinal)
                    && !output.Source.Contains("documents", StringComparison.Ordinal)) continue;
                if (NamedDocumentMissed(context, g.Span, output) is { } missed)
                {
                    yield return missed;
                    yield break;
                }

                if (ReferredElsewhere(context, g.Span, output) is { } referred)
                {
                    yield return referred;
                    yield break;
                }

                if (Scope(output.Text) is not { } scope) continue;
                records ??= Records(context);
                // The retrieval's own arguments name the case first: asked for plan DDPPO-BASIC-1500, it returned another plan's.
                var asked = Asked(g.Span, context.Facts.TextsOf(g.Span));
                foreach (var (key, (value, quote)) in scope)
                {
                    if (asked.TryGetValue(key, out var query) && !query.Value.Equals(value, StringComparison.OrdinalIgnoreCase))
                    {
                        yield return context.CreateFinding(this, g.Span, "Poor Information Retrieval",
                            $"Every document {g.Span.Name} returned is about {quote}, while it was asked about {query.Quote}.",
                            [new Evidence(g.Span.SpanId, output.Source, quote), new Evidence(g.Span.SpanId, query.Source, query.Quote)], 0.7)
                            with { Basis = AttributionBasis.Inference };
                        yield break;
                    }

                    if (!records.TryGetValue(key, out var seen)) continue;
                    var other = seen.FirstOrDefault(r => !r.Value.Equals(value, StringComparison.OrdinalIgnoreCase));
                    if (other.At is null) continue;
                    yield return context.CreateFinding(this, g.Span, "Poor Information Retrieval",
                        $"Every document {g.Span.Name} returned is about {quote}, while the record of the case asked about says {other.Quote}.",
                        [new Evidence(g.Span.SpanId, output.Source, quote), new Evidence(other.At.Span.SpanId, other.At.Source, other.Quote)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // A document's name as a record or a store writes it: a path or a file name with a document's extension.
    private static bool IsDocumentName(string value) =>
        value.Length is > 4 and <= 200 && !value.Contains(' ', StringComparison.Ordinal)
        && (value.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)
            || value.EndsWith(".doc", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".html", StringComparison.OrdinalIgnoreCase));

    // The record and, where a framework wrapped it as a JSON string ({"output": "{\"listing_id\": ...}"}), the record inside.
    private static IEnumerable<JsonElement> Unwrapped(JsonElement root)
    {
        yield return root;
        if (root.ValueKind != JsonValueKind.Object) yield break;
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 1 } inner && inner[0] is '{' or '['
                && JsonContent.TryParseStructured(inner, out var parsed)) yield return parsed;
        }
    }

    private static string Folder(string path) => path.LastIndexOf('/') is > 0 and var cut ? path[..cut] : "";

    /// <summary>
    /// A record the run read names the document that governs it (<c>"building_documents":
    /// ["building_rules/14-harcourt-road-head-lease-summary.pdf"]</c>), and a retrieval after it returned documents from
    /// the same collection (<c>building_rules/41-harcourt-road-house-rules.pdf</c>) but never that one: it found other
    /// cases' rules. Poor Information Retrieval at the retrieval, quoting the document named and one returned in its place.
    /// Null when no record names a document, or the retrieval returned it, or nothing of its collection.
    /// </summary>
    private Finding? NamedDocumentMissed(DetectionContext context, Span retrieval, SpanText output)
    {
        if (!JsonContent.TryParseStructured(output.Text, out var root)) return null;
        var returned = new List<(string Path, JsonProperty Field)>();
        foreach (var e in JsonProperties.Objects(root))
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && IsDocumentName(p.Value.GetString()!) && JsonProperties.Key(p.Name) is "source" or "path" or "file" or "filename" or "filepath" or "documentpath")
                    returned.Add((p.Value.GetString()!, p));
            }
        }

        if (returned.Count == 0) return null;
        var view = context.View;
        var rank = view.Rank(retrieval);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Result is not { } result || call.ExecutionSpan is not { } ran || view.Rank(ran) >= rank || view.Contains(retrieval, ran) || view.Contains(ran, retrieval)) continue;
            if (!JsonContent.TryParseStructured(result.Text, out var record)) continue;
            foreach (var e in Unwrapped(record).SelectMany(JsonProperties.Objects))
            {
                foreach (var p in e.EnumerateObject())
                {
                    var key = JsonProperties.Key(p.Name);
                    if (!(key.Contains("doc", StringComparison.Ordinal) || key.Contains("file", StringComparison.Ordinal) || key.Contains("rule", StringComparison.Ordinal)
                          || key.Contains("polic", StringComparison.Ordinal) || key.Contains("terms", StringComparison.Ordinal))) continue;
                    var named = p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!]
                        : p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray() : [];
                    foreach (var document in named)
                    {
                        if (!IsDocumentName(document) || returned.Exists(r => r.Path == document || r.Path.EndsWith("/" + document, StringComparison.Ordinal) || document.EndsWith("/" + r.Path, StringComparison.Ordinal))) continue;
                        var folder = Folder(document);
                        if (folder.Length == 0 || !returned.Exists(r => Folder(r.Path) == folder)) continue;
                        var instead = returned.First(r => Folder(r.Path) == folder);
                        var insteadQuote = JsonProperties.Quote(output.Text, instead.Field);
                        return context.CreateFinding(this, retrieval, "Poor Information Retrieval",
                            $"{call.Name} named {document} as the case's document, and {retrieval.Name} returned {instead.Path} of the same collection, never it: it found another case's.",
                            [new Evidence(result.Span.SpanId, result.Source, document), new Evidence(retrieval.SpanId, output.Source, insteadQuote)], 0.7)
                            with { Basis = AttributionBasis.Inference };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The string fields of a retrieval's own arguments (its query's filters), by key, with where each was read.</summary>
    private static Dictionary<string, (string Value, string Source, string Quote)> Asked(Span span, IReadOnlyList<SpanText> texts)
    {
        var asked = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var input in texts)
        {
            if (input.IsOutput || input.Kind == InputKind.Payload || !JsonContent.LooksStructured(input.Text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(input.Text, new JsonDocumentOptions { MaxDepth = 64 });
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var e in JsonProperties.Objects(doc.RootElement))
                {
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 and <= 40 } value || value.Contains(' ', StringComparison.Ordinal)) continue;
                        var key = JsonProperties.Key(p.Name);
                        if (key.Length == 0 || Describing.Contains(key)) continue;
                        asked.TryAdd(key, (value, input.Source, JsonProperties.Quote(input.Text, p)));
                    }
                }
            }
            catch (JsonException)
            {
            }
        }

        return asked;
    }

    // A document's own word that the case is dealt with in another section: "12-string, baritone, bass and
    // extended-range setups are listed under Specialist setups", "For commercial lets, see Business tenancies".
    [GeneratedRegex(@"(?<terms>[^.\n]{3,160}?)\s+(?:are|is)\s+(?:listed|priced|covered|described|set out|dealt with)\s+(?:separately\s+)?(?:under|in)\s+(?<section>\p{Lu}[\w'’ -]{2,50}?)\s*(?:[.;]|$)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ListedUnder();

    /// <summary>
    /// A document a retrieval returned says the user's case is dealt with in another section ("Applies to six-string ...
    /// 12-string, baritone, bass and extended-range setups are listed under Specialist setups"), the user's message names
    /// one of those cases ("a Taylor 254ce 12-string"), and no retrieval of the run returned that section (its name
    /// stands nowhere in what came back but in such a reference): the retrieval found the general case's section and
    /// not the one that answers. Poor Information Retrieval at the retrieval, quoting the reference and the user's words.
    /// </summary>
    private Finding? ReferredElsewhere(DetectionContext context, Span retrieval, SpanText output)
    {
        if (!output.Text.Contains(" under ", StringComparison.Ordinal) && !output.Text.Contains(" in ", StringComparison.Ordinal)) return null;
        foreach (Match m in ListedUnder().Matches(output.Text))
        {
            var section = m.Groups["section"].Value.Trim();
            foreach (var term in m.Groups["terms"].Value.Split([',', ';'], StringSplitOptions.TrimEntries).SelectMany(t => t.Split(" and ", StringSplitOptions.TrimEntries)))
            {
                var first = term.Split(" ", StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[0] : "";
                if (first.Length < 3 || Qualifiers.IsFunctionWord(first.ToLowerInvariant())) continue;
                // The user's own words: not a prompt that relays the retrieved text to a model ("Context information is below").
                if (UserSaid(context.View, p => !p.Contains(m.Value.Trim(), StringComparison.Ordinal) && WholeWords.Find(p, first, StringComparison.OrdinalIgnoreCase) >= 0) is not { } said) continue;
                // The section came back in some retrieval: its name stands there outside such a reference.
                if (context.View.Spans.Any(s => !s.IsModelCall && IsRetrieval(s.Span) && context.Facts.TextsOf(s.Span).Any(t => Returned(t.Text, section)))) return null;
                var sentence = Requests.Sentence(output.Text, m.Index + m.Groups["terms"].Length).Trim();
                var user = said.Part.Content!;
                var asked = Requests.Sentence(user, WholeWords.Find(user, first, StringComparison.OrdinalIgnoreCase)).Trim();
                return context.CreateFinding(this, retrieval, "Poor Information Retrieval",
                    $"{retrieval.Name} returned a section that sends {first} elsewhere (\"{Quote.Cut(sentence)}\"), the user asked about one (\"{Quote.Cut(asked)}\"), and no retrieval returned {section}.",
                    [new(retrieval.SpanId, output.Source, sentence), new(said.Call.Span.SpanId, said.Part.Source, asked)], 0.65) with { Basis = AttributionBasis.Inference };
            }
        }

        return null;
    }

    // The first text part of a user message, in the model calls' order, that the test holds for, with its call.
    private static (GenAiSpan Call, MessagePart Part)? UserSaid(TraceView view, Func<string, bool> test)
    {
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var (_, part) in UserMessages.Parts(g))
            {
                if (test(part.Content!)) return (g, part);
            }
        }

        return null;
    }

    // A section's name in what a retrieval returned, outside a reference to it ("listed under Specialist setups").
    private static bool Returned(string text, string section)
    {
        for (var at = text.IndexOf(section, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(section, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = text.AsSpan(Math.Max(0, at - 24), at - Math.Max(0, at - 24));
            if (!before.TrimEnd().EndsWith("under", StringComparison.OrdinalIgnoreCase) && !before.TrimEnd().EndsWith(" in", StringComparison.OrdinalIgnoreCase)
                && !before.TrimEnd().EndsWith("see", StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static bool IsRetrieval(Span span) =>
        span.Attributes.GetString("db.vector.query.content", "db.vector.query.top_k") is not null
        || AgentTurns.NamedForRetrieval(span)
        || span.Attributes.GetString("openinference.span.kind") is "RETRIEVER"
        || span.Attributes.GetString("langsmith.run_type", "run_type") is "retriever";

    /// <summary>
    /// The fields on which two or more documents of a retrieval's output agree (their metadata, or their own fields), each
    /// with its value and how the output writes it; null when the output is no list of documents or they agree on nothing.
    /// </summary>
    private static Dictionary<string, (string Value, string Quote)>? Scope(string text)
    {
        var t = text.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] is not ('[' or '{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            var list = doc.RootElement;
            if (list.ValueKind == JsonValueKind.Object && list.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Array) is { Value.ValueKind: JsonValueKind.Array } inner)
            {
                list = inner.Value;
            }

            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() < 2) return null;
            Dictionary<string, (string Value, string Quote)>? agreed = null;
            foreach (var d in list.EnumerateArray())
            {
                if (d.ValueKind != JsonValueKind.Object) return null;
                var fields = d.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object ? meta : d;
                var own = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
                foreach (var p in fields.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 and <= 40 } value || value.Contains(' ', StringComparison.Ordinal)) continue;
                    var key = JsonProperties.Key(p.Name);
                    if (key.Length == 0 || Describing.Contains(key) || value.Any(char.IsAsciiDigit) && value.All(c => char.IsAsciiDigit(c) || c is '-' or ':' or 'T' or '.')) continue;
                    own[key] = (value, JsonProperties.Quote(text, p));
                }

                if (agreed is null) agreed = own;
                else
                {
                    foreach (var key in agreed.Keys.ToList())
                    {
                        if (!own.TryGetValue(key, out var v) || !v.Item1.Equals(agreed[key].Value, StringComparison.OrdinalIgnoreCase)) agreed.Remove(key);
                    }
                }

                if (agreed.Count == 0) return null;
            }

            return agreed;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The string fields of the records the run's tools returned, by key: what the run knows of its case.</summary>
    private static Dictionary<string, List<(string Value, SourcedText At, string Quote)>> Records(DetectionContext context)
    {
        var found = new Dictionary<string, List<(string, SourcedText, string)>>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                // A result that is no JSON record names no fields.
                if (result.Json is not { ValueKind: JsonValueKind.Object } root) continue;
                foreach (var e in JsonProperties.Objects(root))
                {
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 and <= 40 } value) continue;
                        var key = JsonProperties.Key(p.Name);
                        if (key.Length == 0 || Describing.Contains(key)) continue;
                        if (!found.TryGetValue(key, out var list)) found[key] = list = [];
                        list.Add((value, result, JsonProperties.Quote(result.Text, p)));
                    }
                }
            }
        }

        return found;
    }
}
