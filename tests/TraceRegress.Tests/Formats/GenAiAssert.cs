using System.Text.Json;
using TraceRegress.Model;

namespace TraceRegress.Tests.Formats;

/// <summary>Reads the gen-ai semconv attributes the LLM-observability readers add, for assertions.</summary>
internal static class GenAiAssert
{
    /// <summary>Parses <c>gen_ai.input.messages</c> or <c>gen_ai.output.messages</c>; fails when absent or not JSON.</summary>
    public static JsonElement Messages(Span span, string key)
    {
        var text = span.Attributes.GetString(key);
        Assert.False(text is null, $"span '{span.Path}' has no {key}");
        using var document = JsonDocument.Parse(text!);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    /// <summary>Every part of the given type across the messages, with the role of its message.</summary>
    public static List<(string Role, JsonElement Part)> Parts(JsonElement messages, string type)
    {
        var found = new List<(string, JsonElement)>();
        foreach (var message in messages.EnumerateArray())
        {
            foreach (var part in message.GetProperty("parts").EnumerateArray())
            {
                if (part.GetProperty("type").GetString() == type) found.Add((message.GetProperty("role").GetString()!, part));
            }
        }

        return found;
    }

    public static string[] Roles(JsonElement messages) =>
        messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()!).ToArray();

    public static string? Operation(Span span) => span.Attributes.GetString("gen_ai.operation.name");
}
