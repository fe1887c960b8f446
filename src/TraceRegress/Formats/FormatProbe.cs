using System.Text;
using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>
/// A sketch of a document's shape used to detect its format from content: whether it is an
/// object, an array or JSON Lines, and the property paths seen near the top (arrays are transparent,
/// so <c>/data/spans/references</c> means "some item of data has spans with references").
/// </summary>
internal sealed class FormatProbe
{
    private const int MaxBytes = 256 * 1024;
    private const int MaxProbeDepth = 8;
    private const int MaxPaths = 4096;

    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public JsonTokenType Root { get; private set; } = JsonTokenType.None;

    /// <summary>True when the document holds more than one top-level JSON value (JSON Lines).</summary>
    public bool MultipleValues { get; private set; }

    /// <summary>The property paths seen, e.g. <c>/resourceSpans/scopeSpans/spans/spanId</c>.</summary>
    public IReadOnlyCollection<string> Paths => _paths;

    /// <summary>True when the path was seen.</summary>
    public bool Has(string path) => _paths.Contains(path);

    /// <summary>True when any property with this name was seen at any depth.</summary>
    public bool HasName(string name) => _paths.Any(p => p.EndsWith("/" + name, StringComparison.Ordinal));

    /// <summary>
    /// Probes the start of the document. Stops quietly at the end of the probed window or at the
    /// first malformed token: the reader that is chosen reports errors with their position.
    /// </summary>
    public static FormatProbe Create(ReadOnlySpan<byte> utf8)
    {
        var probe = new FormatProbe();
        var window = utf8.Length > MaxBytes ? utf8[..MaxBytes] : utf8;
        var reader = new Utf8JsonReader(window, isFinalBlock: window.Length == utf8.Length, new JsonReaderState(TraceInput.ReaderOptions(multipleValues: true)));
        var path = new List<string>();
        var pendingName = (string?)null;
        var topLevelValues = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = reader.GetString();
                        if (path.Count < MaxProbeDepth && PathsAvailable(probe))
                        {
                            probe._paths.Add(Join(path, pendingName!));
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth == 0)
                        {
                            topLevelValues++;
                            if (probe.Root == JsonTokenType.None) probe.Root = reader.TokenType;
                        }

                        // Arrays are transparent: only property names make path segments.
                        path.Add(pendingName ?? "");
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (path.Count > 0) path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        if (reader.CurrentDepth == 0)
                        {
                            topLevelValues++;
                            if (probe.Root == JsonTokenType.None) probe.Root = reader.TokenType;
                        }

                        pendingName = null;
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Detection works with what was seen (a string that cannot be decoded ends the probe too);
            // the chosen reader reports the error properly.
        }

        probe.MultipleValues = topLevelValues > 1;
        return probe;
    }

    private static bool PathsAvailable(FormatProbe probe) => probe._paths.Count < MaxPaths;

    private static string Join(List<string> path, string name)
    {
        var sb = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Length == 0) continue;
            sb.Append('/').Append(segment);
        }

        return sb.Append('/').Append(name).ToString();
    }

    /// <summary>A short description of what was seen, for "unknown format" errors.</summary>
    public string Describe()
    {
        var top = _paths.Where(p => p.LastIndexOf('/') == 0).OrderBy(p => p, StringComparer.Ordinal).Take(12).ToArray();
        var kind = Root switch
        {
            JsonTokenType.StartObject => MultipleValues ? "JSON Lines of objects" : "a JSON object",
            JsonTokenType.StartArray => "a JSON array",
            JsonTokenType.None => "no JSON value",
            _ => "a JSON " + Root.ToString().ToLowerInvariant(),
        };
        return top.Length == 0 ? kind : $"{kind} with top-level keys {string.Join(", ", top.Select(t => t[1..]))}";
    }
}
