using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceRegress.Reliability.Tests.Determinism;

/// <summary>
/// Rewrites a trace document with its spans in another order, as another exporter (or the same one on
/// another day) writes them: every array that holds spans, runs or observations is shuffled, and so is
/// the order of the properties inside each of its elements. JSON Lines documents have their lines shuffled.
/// Nothing else changes: message lists, events and attribute arrays keep their order, since it carries meaning.
/// </summary>
internal sealed class SpanOrderShuffler(Random random)
{
    // The arrays whose order no format gives meaning to, in every registered format (and the OTLP, Jaeger and
    // Zipkin shapes: resourceSpans, scopeSpans, data, and a top-level array of spans).
    private static readonly HashSet<string> SpanContainers = new(StringComparer.Ordinal)
    {
        "spans", "child_spans", "observations", "runs", "child_runs", "resourceSpans", "scopeSpans",
        "instrumentationLibrarySpans", "data", "batches",
    };

    private static readonly JsonSerializerOptions Compact = new() { MaxDepth = 1024 };
    private static readonly JsonDocumentOptions Lenient = new() { MaxDepth = 1024, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>True when the document has at least one span container with two or more elements to shuffle.</summary>
    public static bool CanShuffle(byte[] document) => Containers(Parse(document)).Any(a => a.Count > 1) || Lines(document).Length > 1;

    public byte[] Shuffle(byte[] document)
    {
        var lines = Lines(document);
        if (lines.Length > 1)
        {
            // JSON Lines: each line is a document; shuffle the lines and the spans inside each.
            var shuffled = lines.Select(l => Encoding.UTF8.GetString(Shuffle(Encoding.UTF8.GetBytes(l)))).ToArray();
            random.Shuffle(shuffled);
            return Encoding.UTF8.GetBytes(string.Join('\n', shuffled) + "\n");
        }

        var root = Parse(document);
        foreach (var array in Containers(root).ToArray())
        {
            var items = array.ToArray();
            array.Clear();
            random.Shuffle(items);
            foreach (var item in items)
            {
                array.Add(item is JsonObject o ? ShuffleProperties(o) : item);
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString(Compact));
    }

    private JsonObject ShuffleProperties(JsonObject o)
    {
        var properties = o.ToArray();
        o.Clear();
        random.Shuffle(properties);
        var copy = new JsonObject();
        foreach (var (name, value) in properties) copy[name] = value;
        return copy;
    }

    private static JsonNode Parse(byte[] document) =>
        JsonNode.Parse(document, documentOptions: Lenient) ?? throw new InvalidOperationException("a null document");

    private static string[] Lines(byte[] document)
    {
        var text = Encoding.UTF8.GetString(document).TrimEnd();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A single-document file spans many lines too; JSON Lines has a whole document on each line.
        return lines.Length > 1 && lines.All(l => l.StartsWith('{') && l.EndsWith('}') && IsDocument(l)) ? lines : [];
    }

    private static bool IsDocument(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line, Lenient);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The span containers of a document, the root included when it is an array; found with an explicit stack.</summary>
    private static IEnumerable<JsonArray> Containers(JsonNode root)
    {
        var stack = new Stack<(JsonNode Node, string? Name)>();
        stack.Push((root, null));
        while (stack.Count > 0)
        {
            var (node, name) = stack.Pop();
            switch (node)
            {
                case JsonArray a:
                    if (name is null ? ReferenceEquals(a, root) : SpanContainers.Contains(name)) yield return a;
                    foreach (var child in a) if (child is not null) stack.Push((child, name));
                    break;
                case JsonObject o:
                    foreach (var (key, child) in o) if (child is not null) stack.Push((child, key));
                    break;
            }
        }
    }
}
