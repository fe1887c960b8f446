using System.Text.Json;

namespace TraceRegress.Engine.Text;

/// <summary>What the content rules read of a record's properties: a key by its letters, a property as the text writes it.</summary>
internal static class JsonProperties
{
    /// <summary>
    /// A key reduced to its lower-case letters (and digits, when asked), so spellings compare equal:
    /// <c>valid_until</c>, <c>validUntil</c> and <c>Valid-Until</c> are all <c>validuntil</c>.
    /// </summary>
    public static string Key(string name, bool digits = false)
    {
        Span<char> buffer = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c) || (digits && char.IsLetterOrDigit(c))) buffer[n++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..n]);
    }

    /// <summary>
    /// The property as the text writes it, from its quoted name to the end of its value (<c>"scope":"series"</c>,
    /// <c>"status": "cancelled"</c>), for quoting as evidence; null when the text does not hold it that way.
    /// </summary>
    public static string? Written(string raw, JsonProperty p)
    {
        var value = p.Value.GetRawText();
        var name = "\"" + p.Name + "\"";
        for (var at = raw.IndexOf(name, StringComparison.Ordinal); at >= 0; at = raw.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var i = at + name.Length;
            while (i < raw.Length && char.IsWhiteSpace(raw[i])) i++;
            if (i >= raw.Length || raw[i] != ':') continue;
            i++;
            while (i < raw.Length && char.IsWhiteSpace(raw[i])) i++;
            if (string.CompareOrdinal(raw, i, value, 0, value.Length) == 0) return raw[at..(i + value.Length)];
        }

        return null;
    }

    /// <summary>The property as the text writes it (<see cref="Written"/>), else as JSON writes it (<c>"name": value</c>).</summary>
    public static string Quote(string raw, JsonProperty p) => Written(raw, p) ?? $"\"{p.Name}\": {p.Value.GetRawText()}";

    /// <summary>
    /// The first value of <paramref name="field"/>, in any object of a tool's result, that <paramref name="takes"/> accepts:
    /// as text (a string's value, a number as written), with the property as the result writes it; null when none is.
    /// </summary>
    public static (string Value, string Quote)? FirstUnder(GenAi.SourcedText result, string field, Func<JsonElement, bool> takes)
    {
        if (!result.Text.Contains(field, StringComparison.Ordinal) || result.Json is not { } root) return null;
        foreach (var o in Objects(root))
        {
            foreach (var p in o.EnumerateObject())
            {
                if (!p.NameEquals(field) || !takes(p.Value)) continue;
                return (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), Quote(result.Text, p));
            }
        }

        return null;
    }

    /// <summary>Every object of a JSON value, the value itself first when it is one, then the ones inside it (walked with a stack, not recursion).</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement root)
    {
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray().Reverse()) pending.Push(item);
                continue;
            }

            if (e.ValueKind != JsonValueKind.Object) continue;
            yield return e;
            var nested = new List<JsonElement>();
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) nested.Add(p.Value);
            }

            for (var i = nested.Count - 1; i >= 0; i--) pending.Push(nested[i]);
        }
    }
}
