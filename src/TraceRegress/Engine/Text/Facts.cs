using System.Text;
using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>A checkable fact stated in text: a number, a URL or a quoted name, as written and normalised.</summary>
/// <param name="Kind">n (number), u (URL) or q (quoted name).</param>
/// <param name="Written">The fact exactly as it appears in the text.</param>
/// <param name="Key">The normalised form compared across spans (<c>n:12400</c>, <c>u:https://acme.example.com/about</c>).</param>
/// <param name="Index">Where it starts in the text.</param>
internal sealed record Fact(char Kind, string Written, string Key, int Index);

/// <summary>
/// Extracts the facts an answer could invent: numbers of two or more digits (thousands separators
/// ignored, dates and times skipped), URLs, and quoted names. Also the words of text, so a quoted
/// name is supported when all its words were seen upstream.
/// </summary>
internal static partial class Facts
{
    [GeneratedRegex(@"https?://[^\s""'<>()\[\]{}\\`]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}:\d{2}(?::\d{2})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"(?<![\w.,\-/])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"""([^""\n]{2,80})""(?!\s*:)|“([^”\n]{2,80})”", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    /// <summary>Numbers, URLs and quoted names in the text, in order of appearance.</summary>
    public static List<Fact> Extract(string text)
    {
        var facts = new List<Fact>();
        if (string.IsNullOrEmpty(text)) return facts;
        var masked = new StringBuilder(text);
        foreach (Match m in UrlPattern().Matches(text))
        {
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?');
            facts.Add(new Fact('u', url, "u:" + NormaliseUrl(url), m.Index));
            for (var i = m.Index; i < m.Index + m.Length; i++) masked[i] = ' ';
        }

        foreach (Match m in DateTimePattern().Matches(masked.ToString()))
        {
            for (var i = m.Index; i < m.Index + m.Length; i++) masked[i] = ' ';
        }

        var withoutUrls = masked.ToString();
        foreach (Match m in NumberPattern().Matches(withoutUrls))
        {
            var digits = m.Value.Replace(",", "", StringComparison.Ordinal);
            var integral = digits.Split('.')[0].TrimStart('0');
            if (integral.Length < 2) continue;
            facts.Add(new Fact('n', m.Value, "n:" + digits, m.Index));
        }

        foreach (Match m in QuotedPattern().Matches(withoutUrls))
        {
            var name = m.Groups[1].Success ? m.Groups[1] : m.Groups[2];
            // A name has a capital letter; quoted lower-case words are usually keys or plain phrases.
            if (!name.Value.Any(char.IsUpper) || name.Value.Trim().Length < 2) continue;
            facts.Add(new Fact('q', name.Value, "q:" + name.Value.Trim().ToLowerInvariant(), name.Index));
        }

        facts.Sort((a, b) => a.Index.CompareTo(b.Index));
        return facts;
    }

    /// <summary>The lower-case words of the text (letters and digits, two or more).</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match m in WordPattern().Matches(text)) yield return m.Value.ToLowerInvariant();
    }

    /// <summary>Adds the keys of numbers and URLs, and the words, of <paramref name="text"/> to a set.</summary>
    public static void AddTo(HashSet<string> set, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        foreach (var fact in Extract(text))
        {
            if (fact.Kind != 'q') set.Add(fact.Key);
        }

        foreach (var word in Words(text)) set.Add("w:" + word);
    }

    /// <summary>True when the fact is supported by a set built with <see cref="AddTo"/>.</summary>
    public static bool IsSupported(Fact fact, Func<string, bool> contains)
    {
        if (fact.Kind != 'q') return contains(fact.Key);
        foreach (var word in Words(fact.Written))
        {
            if (!contains("w:" + word)) return false;
        }

        return true;
    }

    private static string NormaliseUrl(string url)
    {
        var u = url.TrimEnd('/');
        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        var hostEnd = u.IndexOf('/', scheme + 3);
        return hostEnd < 0 ? u.ToLowerInvariant() : u[..hostEnd].ToLowerInvariant() + u[hostEnd..];
    }
}
