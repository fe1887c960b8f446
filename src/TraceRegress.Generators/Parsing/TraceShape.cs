using System.Collections.Generic;
using System.Text.Json;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// What a trace document looks like near its top: the root token, whether it holds several
/// top-level values (JSON Lines), and the property paths seen with arrays transparent
/// (<c>/data/spans/references</c> means "some item of data has spans with references").
/// </summary>
internal sealed class TraceShape
{
    private readonly HashSet<string> _paths = new(System.StringComparer.Ordinal);

    /// <summary>The first top-level token.</summary>
    public JsonTokenType Root { get; set; } = JsonTokenType.None;

    /// <summary>How many top-level values the document holds.</summary>
    public int TopLevelValues { get; set; }

    /// <summary>The property paths seen.</summary>
    public IReadOnlyCollection<string> Paths => _paths;

    /// <summary>True when the path was seen.</summary>
    public bool Has(string path) => _paths.Contains(path);

    /// <summary>True when a property with this name was seen at any depth.</summary>
    public bool HasName(string name)
    {
        foreach (var path in _paths)
        {
            if (path.Length > name.Length && path.EndsWith(name, System.StringComparison.Ordinal) && path[path.Length - name.Length - 1] == '/') return true;
        }

        return false;
    }

    internal bool Add(string path) => _paths.Add(path);

    internal int Count => _paths.Count;
}
