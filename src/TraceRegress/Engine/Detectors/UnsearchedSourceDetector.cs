using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A search whose declaration says what each of its sources covers ("Semantic search over club documents: Club Handbook
/// 2025 (rules, fees and membership changes for adult members), Junior &amp; Family Section Guide 2025, and Court Booking
/// Rules 2025"), asked in the words of one source's coverage only ("adult membership freeze"), that returned documents,
/// none of them from that source (all from the junior guide and the court rules). The answer then stands on another
/// source's rules: Poor Information Retrieval at the search, quoting the query, the declaration and the sources returned.
/// A query whose words fit no one source, or results that include that source, is no finding.
/// </summary>
internal sealed partial class UnsearchedSourceDetector : IDetector
{
    public const string DetectorId = "unsearched-source";

    // The sources a declaration lists after its colon: "A (what A covers), B, and C".
    [GeneratedRegex(@"(?<name>[A-Z][^,():;]{3,80}?)\s*(?:\((?<covers>[^()]{3,160})\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\.?\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex SourceItem();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // A declaration is read for its sources once, however many calls it declares.
        var read = new Dictionary<string, List<(string Name, string Covers)>>(StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Results.Count == 0 || call.Error is not null) continue;
            if (ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g || ToolDeclarations.Definition(g, call.Name) is not { Description: { } description }) continue;
            if (!read.TryGetValue(description, out var sources))
            {
                var colon = description.IndexOf(':');
                read[description] = sources = colon < 0 ? [] : SourceItem().Matches(description[(colon + 1)..]).Select(m => (Name: m.Groups["name"].Value.Trim(), Covers: m.Groups["covers"].Value)).Where(s => s.Name.Length > 3).ToList();
            }

            if (sources.Count < 2) continue;
            // The one source the query's words fit: a word of four letters or more its name or coverage has and no other's.
            var query = Words(args.Text);
            var fitting = sources.Where(s => Words(s.Name + " " + s.Covers).Overlaps(query.Where(q => sources.Count(o => Words(o.Name + " " + o.Covers).Contains(q)) == 1))).ToList();
            if (fitting.Count != 1) continue;
            var source = fitting[0];
            var returned = ReturnedSources(call.Results.Select(r => r.Text));
            if (returned.Count < 2) continue;
            var nameWords = Words(source.Name).Where(w => !w.All(char.IsAsciiDigit)).ToHashSet(StringComparer.Ordinal);
            if (returned.Any(r => nameWords.IsSubsetOf(Words(r)))) continue;
            var result = call.Results[0];
            var span = call.ExecutionSpan is { } execution ? execution : result.Span;
            yield return context.CreateFinding(this, span, "Poor Information Retrieval",
                $"{call.Name} was asked \"{Quote.Cut(args.Text)}\", which only {source.Name} covers by its declaration, and returned nothing from it: {string.Join(", ", returned.Distinct(StringComparer.Ordinal))}.",
                [new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), ToolDeclarations.Offering(g, call.Name),
                 new Evidence(result.Span.SpanId, result.Source, returned[0])], 0.65) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The "source" (or "file_name", "document") of each document a search returned.
    private static List<string> ReturnedSources(IEnumerable<string> results)
    {
        var found = new List<string>();
        foreach (var text in results)
        {
            using var document = JsonContent.ParseDocument(text);
            if (document is null) continue;
            Collect(document.RootElement, found, 0);
        }

        return found;
    }

    private static void Collect(JsonElement e, List<string> found, int depth)
    {
        if (depth > 6) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Collect(item, found, depth + 1);
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name is "source" or "file_name" or "filename" or "document" && p.Value.ValueKind == JsonValueKind.String) found.Add(p.Value.GetString()!);
                else if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object) Collect(p.Value, found, depth + 1);
            }
        }
    }

    // Lower-case words of four letters or more, and numbers.
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 4) words.Add(w.Length > 4 && w[^1] == 's' && w[^2] != 's' ? w[..^1] : w);
        }

        return words;
    }
}
