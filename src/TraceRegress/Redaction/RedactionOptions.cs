using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// What to redact beyond the built-in secret shapes: the user's own shapes (a regular expression, masked
/// whole or only its group named <c>secret</c>, or a prefix + alphabet + length) and extra sensitive names.
/// </summary>
internal sealed class RedactionOptions
{
    /// <summary>A user pattern must not hang the tool on a pathological input.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(2);

    public static RedactionOptions Default { get; } = new();

    /// <summary>User patterns, tried before the built-in shapes.</summary>
    public List<SecretShape> Patterns { get; } = [];

    /// <summary>Attribute or property names (matched whole, case-insensitively) whose values are secrets.</summary>
    public List<Regex> SensitiveKeys { get; } = [];

    /// <summary>Adds a user pattern; throws <see cref="ArgumentException"/> with a readable reason when it is not a valid expression.</summary>
    public void AddPattern(string pattern, string kind = "custom")
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid redaction pattern '{pattern}': {e.Message}", e);
        }

        Patterns.Add(new RegexShape(SecretShapeTable.KindName(kind), "custom", [], regex));
    }

    /// <summary>Adds a sensitive attribute name, given as a regular expression matched against the whole name.</summary>
    public void AddSensitiveKey(string pattern)
    {
        try
        {
            SensitiveKeys.Add(new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeout));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid sensitive key pattern '{pattern}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a redaction config file:
    /// <c>{ "patterns": [ "EMP-\\d{6}", { "name": "ticket", "regex": "TCK-[0-9]+" },
    /// { "name": "acme-key", "prefix": "acme_", "alphabet": "A-Za-z0-9", "length": 32 } ], "keys": [ "x-internal-.*" ] }</c>.
    /// </summary>
    /// <exception cref="TraceFormatException">The file is not such a document (with line and column).</exception>
    public void AddConfigFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TraceFormatException(path, 1, 1, "expected a JSON object with \"patterns\" and/or \"keys\"");
            if (root.TryGetProperty("patterns", out var patterns))
            {
                // The same entries as the built-in table (SecretShapes.json): a regex string, {name, regex, anchors}
                // or {name, prefix, alphabet, length | minLength, maxLength}.
                foreach (var item in Items(path, patterns, "patterns")) Patterns.Add(SecretShapeTable.Read(item, RegexOptions.None));
            }

            if (root.TryGetProperty("keys", out var keys))
            {
                foreach (var item in Items(path, keys, "keys"))
                {
                    if (item.ValueKind != JsonValueKind.String) throw new TraceFormatException(path, 0, 0, "each of \"keys\" must be a string");
                    AddSensitiveKey(item.GetString()!);
                }
            }
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, "malformed redaction config: expected JSON", e);
        }
        catch (ArgumentException e)
        {
            throw new TraceFormatException(path, 0, 0, e.Message, e);
        }
    }

    private static JsonElement.ArrayEnumerator Items(string path, JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new TraceFormatException(path, 0, 0, $"\"{name}\" must be an array");
}
