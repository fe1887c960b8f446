using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// Reads secret shapes from data: the built-in table (<c>SecretShapes.json</c>, embedded) and the
/// <c>patterns</c> of a user's redaction config, which share one format, so adding a shape never
/// needs code.
/// </summary>
internal static class SecretShapeTable
{
    private const string ResourceName = "TraceRegress.Redaction.SecretShapes.json";

    private static readonly Lazy<IReadOnlyList<SecretShape>> BuiltInShapes = new(LoadBuiltIn);

    /// <summary>The built-in shapes, most specific first.</summary>
    public static IReadOnlyList<SecretShape> BuiltIn => BuiltInShapes.Value;

    /// <summary>
    /// One entry: a regular expression string, or an object with <c>name</c>, optional <c>family</c>, and
    /// either <c>prefix</c> (string or array) + <c>alphabet</c> + <c>length</c> or <c>minLength</c>/<c>maxLength</c>,
    /// or <c>regex</c> + optional <c>anchors</c> (one must occur) and <c>requires</c> (all must occur).
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not a valid shape (with the reason).</exception>
    public static SecretShape Read(JsonElement item, RegexOptions regexOptions)
    {
        if (item.ValueKind == JsonValueKind.String) return Regex("custom", "custom", [], item.GetString()!, regexOptions);
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("each pattern must be a regular expression string or an object with \"name\" and \"regex\" or \"prefix\"");
        }

        var kind = KindName(Text(item, "name") ?? "custom");
        var family = Text(item, "family") ?? "custom";
        var regex = Text(item, "regex");
        var prefixes = Texts(item, "prefix");
        if (regex is not null && prefixes.Count > 0) throw new ArgumentException($"pattern '{kind}': give either \"regex\" or \"prefix\", not both");
        if (regex is not null) return Regex(kind, family, Texts(item, "anchors"), regex, regexOptions, Texts(item, "requires"));
        if (prefixes.Count == 0) throw new ArgumentException($"pattern '{kind}': expected \"regex\" or \"prefix\"");
        if (prefixes.Any(p => p.Length == 0)) throw new ArgumentException($"pattern '{kind}': a prefix cannot be empty");
        var alphabet = Text(item, "alphabet") ?? throw new ArgumentException($"pattern '{kind}': a prefix shape needs an \"alphabet\", e.g. \"A-Za-z0-9\"");
        var length = Number(item, "length");
        var min = Number(item, "minLength") ?? length ?? throw new ArgumentException($"pattern '{kind}': a prefix shape needs \"length\" or \"minLength\"");
        var max = Number(item, "maxLength") ?? length ?? int.MaxValue;
        if (min < 1 || max < min) throw new ArgumentException($"pattern '{kind}': expected 1 <= minLength <= maxLength");
        return new PrefixShape(kind, family, prefixes, alphabet, min, max);
    }

    /// <summary>Kinds appear inside placeholders: kept to a safe alphabet.</summary>
    public static string KindName(string name)
    {
        var chars = name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        return chars.Length == 0 ? "custom" : new string(chars);
    }

    private static RegexShape Regex(string kind, string family, IReadOnlyList<string> anchors, string pattern, RegexOptions options, IReadOnlyList<string>? requires = null)
    {
        try
        {
            return new RegexShape(kind, family, anchors, new Regex(pattern, options | RegexOptions.CultureInvariant, RedactionOptions.PatternTimeout), requires);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid redaction pattern '{pattern}': {e.Message}", e);
        }
    }

    private static IReadOnlyList<SecretShape> LoadBuiltIn()
    {
        using var stream = typeof(SecretShapeTable).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("patterns").EnumerateArray().Select(item => Read(item, RegexOptions.Compiled)).ToArray();
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"\"{name}\" must be a string") : null;

    private static int? Number(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.TryGetInt32(out var n) ? n : throw new ArgumentException($"\"{name}\" must be a whole number") : null;

    private static List<string> Texts(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value)) return [];
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(v => v.GetString()!).ToList();
        }

        throw new ArgumentException($"\"{name}\" must be a string or an array of strings");
    }
}
