using System.Globalization;
using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// Reads JSON that lives inside span content (message lists, tool arguments, tool results). Content is
/// untrusted: parsing never throws and nesting is bounded, so a hostile payload cannot exhaust the stack.
/// </summary>
internal static class JsonContent
{
    internal const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Parses text that looks like a JSON object or array; false for plain text or invalid JSON.</summary>
    public static bool TryParseStructured(string? text, out JsonElement root)
    {
        root = default;
        if (!LooksStructured(text)) return false;
        return TryParse(text!, out root);
    }

    /// <summary>True when the text starts (after white space) with <c>{</c> or <c>[</c>.</summary>
    public static bool LooksStructured(string? text) => !string.IsNullOrEmpty(text) && FirstNonSpace(text) is '{' or '[';

    /// <summary>Parses any JSON text (scalars included); false when it is not valid JSON. The element is a copy that owns its memory.</summary>
    public static bool TryParse(string text, out JsonElement root)
    {
        using var document = ParseDocument(text);
        root = document is null ? default : document.RootElement.Clone();
        return document is not null;
    }

    /// <summary>The parsed document, or null when the text is not valid JSON. The caller owns it (dispose it to return its buffers to the pool).</summary>
    public static JsonDocument? ParseDocument(string text)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The parsed document of UTF-8 JSON, or null when it is not valid JSON.</summary>
    public static JsonDocument? ParseDocument(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The attribute as JSON: a string holding JSON is parsed, arrays and maps are converted.</summary>
    public static bool TryRead(AttributeValue value, out JsonElement root)
    {
        using var document = ReadDocument(value);
        root = document is null ? default : document.RootElement.Clone();
        return document is not null;
    }

    /// <summary>
    /// The attribute as a JSON document the caller owns: a string holding a JSON object or array is parsed, arrays
    /// and maps are written as UTF-8 JSON and parsed (no intermediate string); null for anything else.
    /// </summary>
    public static JsonDocument? ReadDocument(AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeValueKind.String:
                return LooksStructured(value.AsString) ? ParseDocument(value.AsString!) : null;
            case AttributeValueKind.Array or AttributeValueKind.Map:
                {
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
                    {
                        value.WriteJson(writer);
                    }

                    return ParseDocument(buffer.WrittenMemory);
                }

            default:
                return null;
        }
    }

    /// <summary>A string value as its text; any other value as its JSON.</summary>
    public static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => element.GetRawText(),
    };

    public static string? String(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null ? Text(v) : null;

    public static bool TryGet(JsonElement obj, string property, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>Appends a property step to a JSON path (<c>$.a</c>, <c>$["odd key"]</c>).</summary>
    public static string Property(string path, string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return $"{path}[{Formats.JsonStringLiteral.Of(name)}]";
        }

        return $"{path}.{name}";
    }

    /// <summary>True when <see cref="Property"/> writes the name as <c>.name</c> (letters, digits, underscores).</summary>
    public static bool IsPlainName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }

        return true;
    }

    public static string Index(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static char FirstNonSpace(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c)) return c;
        }

        return '\0';
    }
}

/// <summary>
/// JSON paths of a walk kept as steps (parent, property name or index) and spelled out (<c>$.a[2].b</c>, exactly as
/// <see cref="JsonContent.Property"/> and <see cref="JsonContent.Index"/> write them) only for the node a walk reports.
/// </summary>
internal sealed class JsonPathSteps
{
    private readonly List<(int Parent, string? Name, int Index)> _steps = [(-1, null, 0)];

    /// <summary>The root's step.</summary>
    public const int Root = 0;

    public int Property(int parent, string name)
    {
        _steps.Add((parent, name, 0));
        return _steps.Count - 1;
    }

    public int Index(int parent, int index)
    {
        _steps.Add((parent, null, index));
        return _steps.Count - 1;
    }

    /// <summary>The property name of the step; null for the root and array items.</summary>
    public string? NameOf(int step) => _steps[step].Name;

    public string PathOf(int step)
    {
        var chain = new List<int>();
        for (var at = step; at > 0; at = _steps[at].Parent) chain.Add(at);
        var path = "$";
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var (_, name, index) = _steps[chain[i]];
            path = name is not null ? JsonContent.Property(path, name) : JsonContent.Index(path, index);
        }

        return path;
    }
}
