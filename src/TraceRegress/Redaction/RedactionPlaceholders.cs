using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// Hands out placeholders like <c>[REDACTED:openai-key:1]</c>, numbered per kind by first appearance in
/// document order, so equal secrets get equal placeholders and the same document always redacts the same way.
/// </summary>
internal sealed partial class RedactionPlaceholders
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

    /// <summary>Placeholders inside a text.</summary>
    [GeneratedRegex(@"\[REDACTED:[A-Za-z0-9._\-]+:[0-9]+\]", RegexOptions.CultureInvariant)]
    public static partial Regex Pattern();

    /// <summary>True for text that is already a placeholder, so redacting twice changes nothing.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> text) =>
        text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal);
}
