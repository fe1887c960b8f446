using System.Text.RegularExpressions;

namespace TraceRegress.Redaction;

/// <summary>
/// One recognisable kind of secret in free text. Either a literal prefix followed by a run of
/// characters from an alphabet (<see cref="PrefixShape"/>: the form most providers give their
/// tokens), or a regular expression (<see cref="RegexShape"/>) for shapes a prefix cannot say.
/// </summary>
internal abstract class SecretShape(string kind, string family, IReadOnlyList<string> anchors)
{
    /// <summary>The name shown in the placeholder, e.g. <c>openai-key</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>Which family of secrets the shape belongs to (cloud, payments…), for documentation.</summary>
    public string Family { get; } = family;

    /// <summary>
    /// Literals of which at least one occurs in every match (compared case-insensitively): a text
    /// without any of them is not looked at by this shape. Empty for a shape that must see every text.
    /// </summary>
    public IReadOnlyList<string> Anchors { get; } = anchors;
}

/// <summary>
/// <c>prefix</c> + between <see cref="MinLength"/> and <see cref="MaxLength"/> characters of an alphabet,
/// not glued to letters or digits on either side (so <c>task-…</c> is not an <c>sk-</c> key and a
/// longer run is not a shorter token).
/// </summary>
internal sealed class PrefixShape : SecretShape
{
    private readonly bool[] _alphabet;

    public PrefixShape(string kind, string family, IReadOnlyList<string> prefixes, string alphabet, int minLength, int maxLength)
        : base(kind, family, prefixes)
    {
        Prefixes = prefixes;
        _alphabet = ParseAlphabet(alphabet);
        MinLength = minLength;
        MaxLength = maxLength;
    }

    public IReadOnlyList<string> Prefixes { get; }

    public int MinLength { get; }

    public int MaxLength { get; }

    /// <summary>The end of the token starting at <paramref name="at"/> with <paramref name="prefix"/>, or -1.</summary>
    public int MatchAt(ReadOnlySpan<char> text, int at, string prefix)
    {
        if (!text[at..].StartsWith(prefix, StringComparison.Ordinal)) return -1;
        if (at > 0 && char.IsAsciiLetterOrDigit(text[at - 1])) return -1;
        var end = at + prefix.Length;
        while (end < text.Length && text[end] < 128 && _alphabet[text[end]]) end++;
        var length = end - at - prefix.Length;
        if (length < MinLength || length > MaxLength) return -1;
        if (end < text.Length && char.IsAsciiLetterOrDigit(text[end])) return -1;
        return end;
    }

    /// <summary>Reads <c>A-Za-z0-9_-</c>: single characters and ranges; a '-' first or last is itself.</summary>
    public static bool[] ParseAlphabet(string alphabet)
    {
        var set = new bool[128];
        for (var i = 0; i < alphabet.Length; i++)
        {
            var c = alphabet[i];
            if (i + 2 < alphabet.Length && alphabet[i + 1] == '-')
            {
                var last = alphabet[i + 2];
                if (last < c) throw new ArgumentException($"alphabet '{alphabet}': range {c}-{last} runs backwards");
                for (var r = c; r <= last; r++) Mark(set, r, alphabet);
                i += 2;
                continue;
            }

            Mark(set, c, alphabet);
        }

        return set;
    }

    private static void Mark(bool[] set, char c, string alphabet)
    {
        if (c >= 128) throw new ArgumentException($"alphabet '{alphabet}': only ASCII characters are supported");
        set[c] = true;
    }
}

/// <summary>A regular expression: the match is masked whole, or only its group named <c>secret</c> when it has one.</summary>
internal sealed class RegexShape(string kind, string family, IReadOnlyList<string> anchors, Regex pattern, IReadOnlyList<string>? requires = null)
    : SecretShape(kind, family, anchors)
{
    public Regex Pattern { get; } = pattern;

    /// <summary>Literals that must all occur (case-insensitively) for the expression to be worth running.</summary>
    public IReadOnlyList<string> Requires { get; } = requires ?? [];

    /// <summary>The group that holds the secret; 0 for the whole match.</summary>
    public int Group { get; } = Math.Max(0, pattern.GroupNumberFromName("secret"));
}
