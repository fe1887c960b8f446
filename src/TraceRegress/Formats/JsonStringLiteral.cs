using System.Text.Json;

namespace TraceRegress.Formats;

/// <summary>
/// A string written as a JSON string literal (quotes and escapes), exactly as <c>JsonSerializer.Serialize(string)</c>
/// writes it, without the reflection-based serializer: an application that turns reflection-based serialization off
/// (trimmed or native AOT apps, file-based <c>dotnet run app.cs</c> programs) would otherwise fail in the engine.
/// </summary>
internal static class JsonStringLiteral
{
    /// <summary>The literal, e.g. <c>"odd \"key\""</c>; escaped with the serializer's default encoder.</summary>
    public static string Of(string value) => string.Concat("\"", JsonEncodedText.Encode(value).Value, "\"");

    /// <summary>The string a literal written by <see cref="Of"/> (or any JSON string literal) stands for.</summary>
    public static string Read(string literal)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(literal));
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) throw new JsonException("Expected a JSON string literal.");
        return reader.GetString()!;
    }
}
