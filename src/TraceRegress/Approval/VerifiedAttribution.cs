using System.Globalization;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Approval;

/// <summary>
/// A <c>.verified.json</c> (or <c>.received.json</c>) file read back: the expectation it sets (cited
/// span and category) and what it shows but does not compare (evidence, confidence, chain, summary).
/// </summary>
internal sealed class VerifiedAttribution
{
    private VerifiedAttribution(string path, AttributionExpectation expectation, string? spanId, string? name,
        IReadOnlyList<Evidence> evidence, IReadOnlyList<string> chain, double? confidence, string? summary)
    {
        Path = path;
        Expectation = expectation;
        SpanId = spanId;
        Name = name;
        Evidence = evidence;
        Chain = chain;
        Confidence = confidence;
        Summary = summary;
    }

    public string Path { get; }

    public AttributionExpectation Expectation { get; }

    /// <summary>The cited span id the file records (compared only when the path is <c>id:…</c>).</summary>
    public string? SpanId { get; }

    public string? Name { get; }

    public IReadOnlyList<Evidence> Evidence { get; }

    public IReadOnlyList<string> Chain { get; }

    public double? Confidence { get; }

    public string? Summary { get; }

    /// <summary>One line for listings: <c>path (category)</c> or <c>no failure</c>.</summary>
    public string Describe() => Expectation.ExpectsNoFailure
        ? "no failure found"
        : $"{Expectation.Span} — {Expectation.Category!.Describe()}";

    /// <exception cref="TraceFormatException">The file is not valid JSON or lacks the fields an expectation needs.</exception>
    public static VerifiedAttribution Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <exception cref="TraceFormatException">The document is not valid JSON or lacks the fields an expectation needs.</exception>
    public static VerifiedAttribution Parse(ReadOnlyMemory<byte> utf8, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1,
                "the verified attribution is not valid JSON: " + FirstSentence(e.Message), e);
        }

        var source = new Source(path, utf8);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Problem(source, "expected a JSON object with \"cited\" and \"category\"");
            if (!root.TryGetProperty("cited", out var cited)) throw Problem(source, "expected a \"cited\" property (an object with \"path\", or null for no failure)");

            var evidence = ReadEvidence(root, source);
            var chain = root.TryGetProperty("chain", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
            double? confidence = root.TryGetProperty("confidence", out var conf) && conf.ValueKind == JsonValueKind.Number ? conf.GetDouble() : null;
            var summary = OptionalString(root, "summary", source);

            if (cited.ValueKind == JsonValueKind.Null)
            {
                return new VerifiedAttribution(path, AttributionExpectation.NoFailure, null, null, evidence, chain, confidence, summary);
            }

            if (cited.ValueKind != JsonValueKind.Object) throw Problem(source, "\"cited\" must be an object with \"path\", or null for no failure", "cited");
            var spanId = OptionalString(cited, "spanId", source);
            var selector = OptionalString(cited, "path", source);
            if (string.IsNullOrWhiteSpace(selector))
            {
                throw Problem(source, "\"cited.path\" must name the span: a path, a path suffix, or id:<spanId>", "cited");
            }

            if (!root.TryGetProperty("category", out var category) || category.ValueKind != JsonValueKind.Object)
            {
                throw Problem(source, "expected a \"category\" object with at least one of l1, l2, l3, l4", "category");
            }

            var l1 = OptionalString(category, "l1", source);
            var l2 = OptionalString(category, "l2", source);
            var l3 = OptionalString(category, "l3", source);
            var l4 = OptionalString(category, "l4", source);
            if (string.IsNullOrWhiteSpace(l1) && string.IsNullOrWhiteSpace(l2) && string.IsNullOrWhiteSpace(l3) && string.IsNullOrWhiteSpace(l4))
            {
                throw Problem(source, "\"category\" gives no level: expected at least one of l1, l2, l3, l4", "category");
            }

            var expectation = new AttributionExpectation(selector.Trim(), CategoryExpectation.OfLevels(l1, l2, l3, l4));
            return new VerifiedAttribution(path, expectation, spanId, OptionalString(cited, "name", source), evidence, chain, confidence, summary);
        }
    }

    private static IReadOnlyList<Evidence> ReadEvidence(JsonElement root, Source path)
    {
        if (!root.TryGetProperty("evidence", out var array) || array.ValueKind != JsonValueKind.Array) return [];
        var list = new List<Evidence>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            list.Add(new Evidence(
                OptionalString(item, "spanId", path) ?? "",
                OptionalString(item, "source", path) ?? "",
                OptionalString(item, "quote", path) ?? ""));
        }

        return list;
    }

    private static string? OptionalString(JsonElement element, string name, Source path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw Problem(path, $"\"{name}\" must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}", name);
        return value.GetString();
    }

    private static TraceFormatException Problem(Source source, string reason, string? near = null)
    {
        // JsonElement keeps no positions: point at the first occurrence of the property named, else the start.
        var offset = near is null ? -1 : source.Utf8.Span.IndexOf(System.Text.Encoding.UTF8.GetBytes($"\"{near}\""));
        return TraceFormatException.AtOffset(source.Path, source.Utf8.Span, Math.Max(0, offset), reason);
    }

    private readonly record struct Source(string Path, ReadOnlyMemory<byte> Utf8);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}: {Describe()}");
}
