using System.Globalization;
using System.Text.Json;

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
        if (string.IsNullOrEmpty(text)) return false;
        var first = FirstNonSpace(text);
        if (first is not ('{' or '[')) return false;
        return TryParse(text, out root);
    }

    /// <summary>Parses any JSON text (scalars included); false when it is not valid JSON.</summary>
    public static bool TryParse(string text, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    /// <summary>The attribute as JSON: a string holding JSON is parsed, arrays and maps are converted.</summary>
    public static bool TryRead(AttributeValue value, out JsonElement root)
    {
        root = default;
        return value.Kind switch
        {
            AttributeValueKind.String => TryParseStructured(value.AsString, out root),
            AttributeValueKind.Array or AttributeValueKind.Map => TryParse(value.ToJson(), out root),
            _ => false,
        };
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
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return $"{path}[{JsonSerializer.Serialize(name)}]";
        }

        return $"{path}.{name}";
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
