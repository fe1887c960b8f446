using System.Globalization;

namespace TraceRegress.Redaction;

/// <summary>
/// Hands out placeholders like <c>[REDACTED:openai-key:1]</c>, numbered per kind by first appearance in
/// document order, so equal secrets get equal placeholders and the same document always redacts the same way.
/// </summary>
internal sealed class RedactionPlaceholders
{
    public const string Prefix = "[REDACTED:";

    private readonly Dictionary<(string Kind, string Secret), string> _assigned = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>How many secrets were masked per kind.</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>The placeholder for a secret, reusing the one given to an equal secret of the same kind.</summary>
    public string For(string kind, string secret)
    {
        if (_assigned.TryGetValue((kind, secret), out var placeholder)) return placeholder;
        var n = _counts.GetValueOrDefault(kind) + 1;
        _counts[kind] = n;
        placeholder = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{kind}:{n}]");
        _assigned[(kind, secret)] = placeholder;
        return placeholder;
    }

    /// <summary>True for text that is already a placeholder, so redacting twice changes nothing.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> text) => text.Length > 0 && EndAt(text, 0) == text.Length;

    /// <summary>The end of the placeholder <c>[REDACTED:kind:n]</c> starting at <paramref name="at"/>, or -1.</summary>
    public static int EndAt(ReadOnlySpan<char> text, int at)
    {
        if (!text[at..].StartsWith(Prefix, StringComparison.Ordinal)) return -1;
        var i = at + Prefix.Length;
        var kindStart = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' or '-')) i++;
        if (i == kindStart || i >= text.Length || text[i] != ':') return -1;
        var numberStart = ++i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == numberStart || i >= text.Length || text[i] != ']') return -1;
        return i + 1;
    }
}
