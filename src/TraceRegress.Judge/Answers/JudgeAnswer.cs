using System.Text.Json;

namespace TraceRegress.Judge.Answers;

/// <summary>
/// What the judge answered, as parsed from its JSON: the cited span id and leaf category (both null when it
/// found no failure), the quotes, a short reasoning and a confidence.
/// </summary>
internal sealed record JudgeAnswer(string? SpanId, string? Category, IReadOnlyList<string> Quotes, string Reasoning, double? Confidence)
{
    /// <summary>Parses an answer; a problem describes why it cannot be (for the retry message and the failure).</summary>
    public static JudgeAnswer? Parse(string text, out string? problem)
    {
        problem = null;
        var json = Unfence(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            problem = $"the answer is not a JSON object ({e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.')})";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"the answer is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
                return null;
            }

            var problems = new List<string>();
            var spanId = OptionalString(root, "spanId", problems);
            var category = OptionalString(root, "category", problems);
            var reasoning = OptionalString(root, "reasoning", problems) ?? "";
            double? confidence = null;
            if (root.TryGetProperty("confidence", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind == JsonValueKind.Number && c.TryGetDouble(out var value) && value is >= 0 and <= 1) confidence = value;
                else problems.Add("\"confidence\" must be a number from 0 to 1");
            }

            var quotes = new List<string>();
            if (root.TryGetProperty("evidence", out var evidence) && evidence.ValueKind != JsonValueKind.Null)
            {
                if (evidence.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("\"evidence\" must be an array of quoted strings");
                }
                else
                {
                    foreach (var item in evidence.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String) quotes.Add(item.GetString()!);
                        else problems.Add("every item of \"evidence\" must be a string quoted from the cited span");
                    }
                }
            }

            if (problems.Count > 0)
            {
                problem = string.Join("; ", problems.Distinct(StringComparer.Ordinal));
                return null;
            }

            return new JudgeAnswer(NullIfBlank(spanId), NullIfBlank(category), quotes, reasoning.Trim(), confidence);
        }
    }

    // Models often wrap JSON in a Markdown code fence although asked not to; the fence carries no meaning.
    private static string Unfence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal)) return trimmed;
        var firstLine = trimmed.IndexOf('\n');
        var end = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? trimmed[(firstLine + 1)..end].Trim() : trimmed;
    }

    private static string? OptionalString(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        problems.Add($"\"{name}\" must be a string or null");
        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
