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
        var paths = new PathTable(probe._paths);
        // The path of each open object or array, by id (arrays are transparent: an item keeps its array's path).
        var open = new List<int>();
        var pendingPath = PathTable.None;
        var topLevelValues = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingPath = open.Count < MaxProbeDepth ? paths.Child(open.Count > 0 ? open[^1] : PathTable.Root, ref reader) : PathTable.TooDeep;
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth == 0)
                        {
                            topLevelValues++;
                            if (probe.Root == JsonTokenType.None) probe.Root = reader.TokenType;
                        }

                        open.Add(pendingPath != PathTable.None ? pendingPath : open.Count > 0 ? open[^1] : PathTable.Root);
                        pendingPath = PathTable.None;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        if (open.Count > 0) open.RemoveAt(open.Count - 1);
                        break;
                    default:
                        if (reader.CurrentDepth == 0)
                        {
                            topLevelValues++;
                            if (probe.Root == JsonTokenType.None) probe.Root = reader.TokenType;
                        }

                        pendingPath = PathTable.None;
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

    /// <summary>
    /// Paths by id: a path is made (and added to the probe) the first time a property name is seen under a parent; a
    /// name seen there before is recognised from its bytes, with no string made.
    /// </summary>
    private sealed class PathTable(HashSet<string> into)
    {
        /// <summary>The document itself (no path).</summary>
        public const int Root = 0;

        /// <summary>No property is pending: the value is an array item or the document.</summary>
        public const int None = -1;

        /// <summary>Deeper than the probe records, or past its limit of paths: nothing below is recorded.</summary>
        public const int TooDeep = -2;

        private readonly List<string> _pathById = [""];
        private readonly Dictionary<(int Parent, int Name), int> _children = [];
        private readonly Dictionary<string, int> _nameIds = new(StringComparer.Ordinal);
        private readonly char[] _buffer = new char[128];

        public int Child(int parent, ref Utf8JsonReader reader)
        {
            if (parent == TooDeep) return TooDeep;
            var nameId = NameId(ref reader);
            if (_children.TryGetValue((parent, nameId), out var id)) return id;
            if (into.Count >= MaxPaths) return TooDeep;
            id = _pathById.Count;
            var path = _pathById[parent] + "/" + reader.GetString();
            _pathById.Add(path);
            _children.Add((parent, nameId), id);
            into.Add(path);
            return id;
        }

        private int NameId(ref Utf8JsonReader reader)
        {
            if (!reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= _buffer.Length
                && System.Text.Unicode.Utf8.ToUtf16(reader.ValueSpan, _buffer, out _, out var written) == System.Buffers.OperationStatus.Done
                && _nameIds.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_buffer.AsSpan(0, written), out var known))
            {
                return known;
            }

            var name = reader.GetString()!;
            if (!_nameIds.TryGetValue(name, out var id)) _nameIds.Add(name, id = _nameIds.Count);
            return id;
        }
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
