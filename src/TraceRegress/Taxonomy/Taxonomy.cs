using System.Text.Json;

namespace TraceRegress;

/// <summary>
/// The failure categories the engine may cite, as data: four levels per leaf (<c>l1</c> whose fix it is,
/// <c>l2</c> group, <c>l3</c> family, <c>l4</c> leaf). <see cref="Default"/> is TRAIL's taxonomy
/// (Patronus AI, 2025). A taxonomy is immutable: <see cref="With"/> and <see cref="Remap(string, string)"/>
/// return new ones, so a remapped taxonomy can be handed to <see cref="AttributionOptions.Taxonomy"/>.
/// </summary>
/// <remarks>
/// A taxonomy file is JSON: <c>{"name": "…", "extends": "TRAIL", "categories": [{"l1","l2","l3","l4","description"}],
/// "remap": {"leaf": "other leaf"}}</c>. With <c>"extends": "TRAIL"</c> the file adds to and remaps the default;
/// without it the file is the whole taxonomy. A remap target is a leaf name or a full <c>{"l1","l2","l3","l4"}</c> object.
/// </remarks>
public sealed class Taxonomy
{
    private readonly FailureCategory[] _leaves;
    private readonly Dictionary<string, FailureCategory> _byLeaf;
    private readonly Dictionary<string, string> _descriptions;
    private readonly Dictionary<string, FailureCategory> _remap;

    private Taxonomy(string name, FailureCategory[] leaves, Dictionary<string, string> descriptions, Dictionary<string, FailureCategory> remap)
    {
        Name = name;
        _leaves = leaves;
        _descriptions = descriptions;
        _remap = remap;
        _byLeaf = new Dictionary<string, FailureCategory>(StringComparer.OrdinalIgnoreCase);
        foreach (var leaf in leaves) _byLeaf[leaf.L4] = leaf;
    }

    /// <summary>TRAIL's taxonomy: 20 leaves in 9 families, 3 groups, owned by the <c>agent</c> or the <c>environment</c>.</summary>
    public static Taxonomy Default { get; } = LoadDefault();

    /// <summary>The taxonomy's name.</summary>
    public string Name { get; }

    /// <summary>Every leaf, in the taxonomy's order.</summary>
    public IReadOnlyList<FailureCategory> Categories => _leaves;

    /// <summary>Leaves mapped to another category, by leaf name.</summary>
    public IReadOnlyDictionary<string, FailureCategory> Remapped => _remap;

    /// <summary>
    /// The category a leaf stands for: the leaf itself, or what it was remapped to; null when the
    /// taxonomy has no such leaf. Leaf names match case-insensitively.
    /// </summary>
    public FailureCategory? Find(string l4)
    {
        ArgumentNullException.ThrowIfNull(l4);
        if (_remap.TryGetValue(l4, out var target)) return target;
        return _byLeaf.GetValueOrDefault(l4);
    }

    /// <summary>The description of a leaf, when the taxonomy gives one.</summary>
    public string? Describe(string l4) => _descriptions.GetValueOrDefault(l4);

    /// <summary>A taxonomy with one more leaf (or a leaf replaced, when the name exists).</summary>
    public Taxonomy With(FailureCategory leaf, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var leaves = _leaves.Where(l => !string.Equals(l.L4, leaf.L4, StringComparison.OrdinalIgnoreCase)).Append(leaf).ToArray();
        var descriptions = new Dictionary<string, string>(_descriptions, StringComparer.OrdinalIgnoreCase);
        if (description is not null) descriptions[leaf.L4] = description;
        return new Taxonomy(Name, leaves, descriptions, new Dictionary<string, FailureCategory>(_remap, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A taxonomy in which findings of leaf <paramref name="l4"/> are cited as leaf <paramref name="toL4"/>.</summary>
    /// <exception cref="ArgumentException">Either leaf is not in the taxonomy.</exception>
    public Taxonomy Remap(string l4, string toL4)
    {
        ArgumentNullException.ThrowIfNull(toL4);
        var target = _byLeaf.GetValueOrDefault(toL4) ?? throw new ArgumentException($"the taxonomy has no leaf '{toL4}'", nameof(toL4));
        return Remap(l4, target);
    }

    /// <summary>A taxonomy in which findings of leaf <paramref name="l4"/> are cited as <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentException">The leaf is not in the taxonomy.</exception>
    public Taxonomy Remap(string l4, FailureCategory to)
    {
        ArgumentNullException.ThrowIfNull(l4);
        ArgumentNullException.ThrowIfNull(to);
        if (!_byLeaf.ContainsKey(l4)) throw new ArgumentException($"the taxonomy has no leaf '{l4}'", nameof(l4));
        var remap = new Dictionary<string, FailureCategory>(_remap, StringComparer.OrdinalIgnoreCase) { [l4] = to };
        return new Taxonomy(Name, _leaves, _descriptions, remap);
    }

    /// <summary>Loads a taxonomy file (see the remarks for its shape).</summary>
    /// <exception cref="TaxonomyFormatException">The file is not valid JSON or not a taxonomy.</exception>
    public static Taxonomy Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a taxonomy from JSON text.</summary>
    /// <exception cref="TaxonomyFormatException">The text is not valid JSON or not a taxonomy.</exception>
    public static Taxonomy Parse(string json, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var source = sourceName ?? "<taxonomy>";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new TaxonomyFormatException(source, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, e.Message.Split(" Path:", 2)[0], e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TaxonomyFormatException(source, 0, 0, "expected a JSON object with \"categories\"");
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "custom";
            var extends = root.TryGetProperty("extends", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString() : null;
            Taxonomy taxonomy;
            if (extends is null)
            {
                taxonomy = new Taxonomy(name, [], new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase));
            }
            else if (string.Equals(extends, Default.Name, StringComparison.OrdinalIgnoreCase))
            {
                taxonomy = new Taxonomy(name, Default._leaves, new(Default._descriptions, StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase));
            }
            else
            {
                throw new TaxonomyFormatException(source, 0, 0, $"\"extends\" names '{extends}'; only \"{Default.Name}\" can be extended");
            }

            if (root.TryGetProperty("categories", out var categories))
            {
                if (categories.ValueKind != JsonValueKind.Array) throw new TaxonomyFormatException(source, 0, 0, "\"categories\" must be an array");
                var i = 0;
                foreach (var item in categories.EnumerateArray())
                {
                    var leaf = ReadCategory(item, source, $"categories[{i++}]");
                    var description = item.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    taxonomy = taxonomy.With(leaf, description);
                }
            }
            else if (extends is null)
            {
                throw new TaxonomyFormatException(source, 0, 0, "expected \"categories\" (or \"extends\": \"TRAIL\")");
            }

            if (root.TryGetProperty("remap", out var remap))
            {
                if (remap.ValueKind != JsonValueKind.Object) throw new TaxonomyFormatException(source, 0, 0, "\"remap\" must be an object of leaf → leaf");
                foreach (var entry in remap.EnumerateObject())
                {
                    if (!taxonomy._byLeaf.ContainsKey(entry.Name)) throw new TaxonomyFormatException(source, 0, 0, $"\"remap\" names leaf '{entry.Name}', which the taxonomy does not have");
                    if (entry.Value.ValueKind == JsonValueKind.String)
                    {
                        var target = taxonomy._byLeaf.GetValueOrDefault(entry.Value.GetString()!)
                            ?? throw new TaxonomyFormatException(source, 0, 0, $"\"remap\" maps '{entry.Name}' to '{entry.Value.GetString()}', which the taxonomy does not have");
                        taxonomy = taxonomy.Remap(entry.Name, target);
                    }
                    else
                    {
                        taxonomy = taxonomy.Remap(entry.Name, ReadCategory(entry.Value, source, $"remap[\"{entry.Name}\"]"));
                    }
                }
            }

            return taxonomy;
        }
    }

    private static FailureCategory ReadCategory(JsonElement item, string source, string where)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new TaxonomyFormatException(source, 0, 0, $"{where}: expected an object with l1, l2, l3, l4");
        string Level(string key) =>
            item.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                ? s
                : throw new TaxonomyFormatException(source, 0, 0, $"{where}: expected a non-empty string \"{key}\"");
        return new FailureCategory(Level("l1"), Level("l2"), Level("l3"), Level("l4"));
    }

    private static Taxonomy LoadDefault()
    {
        using var stream = typeof(Taxonomy).Assembly.GetManifestResourceStream("TraceRegress.Taxonomy.trail.json")
            ?? throw new InvalidOperationException("the TRAIL taxonomy resource is missing from the TraceRegress assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "trail.json");
    }
}

/// <summary>A taxonomy file could not be read. The message names the file and, for JSON errors, the line and column.</summary>
public sealed class TaxonomyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaxonomyFormatException(string source, int line, int column, string reason, Exception? inner = null)
        : base(line > 0 ? $"{source}({line},{column}): {reason}" : $"{source}: {reason}", inner)
    {
        SourceName = source;
        Line = line;
        Column = column;
    }

    /// <summary>The file name, or a description of the input.</summary>
    public string SourceName { get; }

    /// <summary>1-based line; 0 when the problem is not tied to a position.</summary>
    public int Line { get; }

    /// <summary>1-based column; 0 when unknown.</summary>
    public int Column { get; }
}
