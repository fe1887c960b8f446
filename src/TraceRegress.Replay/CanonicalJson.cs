using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceRegress.Replay;

/// <summary>
/// Tool arguments compared as canonical JSON: object members sorted by name, no insignificant white space,
/// numbers by value (<c>2</c> = <c>2.0</c>). Text that is not JSON compares as itself, trimmed.
/// </summary>
internal static class CanonicalJson
{
    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "{}";
        try
        {
            using var document = JsonDocument.Parse(text);
            return Of(document.RootElement);
        }
        catch (JsonException)
        {
            return text.Trim();
        }
    }

    public static string Of(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(builder, element);
        return builder.ToString();
    }

    public static string Of(IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        if (arguments is null) return "{}";
        var element = JsonSerializer.SerializeToElement(
            arguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions);
        return Of(element);
    }

    private static void Write(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(TraceRegress.Formats.JsonStringLiteral.Of(property.Name)).Append(':');
                    Write(builder, property.Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0) builder.Append(',');
                    Write(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.TryGetDecimal(out var d)
                    // Dividing by 1.000… drops trailing zeros, so 2.0 and 2 are written alike.
                    ? (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                    : element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                builder.Append(TraceRegress.Formats.JsonStringLiteral.Of(element.GetString()!));
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }
}
