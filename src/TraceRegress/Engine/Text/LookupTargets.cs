using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>
/// Where an instruction names what to look at: "open https://en.wikipedia.org/wiki/Christmas_stamp", "- WebSurfer:
/// search for 'Imperial Penny Postage'", "Confirm the year from a second source (e.g. Wikipedia 'Christmas stamp')". A
/// URL or a quoted title in such a sentence is a place to look, not a statement about the world: whether the page
/// exists shows when someone opens it. The sentence must start with the verb, an imperative (after a list marker, an
/// addressee such as "WebSurfer:" or "Please"), and the verb must come before the name.
/// </summary>
internal static partial class LookupTargets
{
    // An imperative sentence that sends someone to look, matched from the sentence's start: an optional JSON key (a
    // ledger's "answer": "Open ..."), list marker, condition ("If the PDF is unavailable,"), addressee ("WebSurfer:", "Coder,") and "please", then the verb.
    [GeneratedRegex(@"\A[ \t]*(?:""[\w ]+"":[ \t]*"")?(?:[-*•]|\d+[.)])?[ \t]*(?:(?:if|when|once|where|should)\b[^,.\n]{1,80},[ \t]*)?(?:[A-Z][\w-]*(?: [A-Z][\w-]*)?[:,][ \t]*)?(?:(?:please|kindly)[ \t]+)?(?:open|visit|go to|navigate to|browse(?: to)?|search(?: for)?|look up|look for|consult|check|read|find|locate|confirm|verify|cross-check|download|fetch|scroll(?: to)?|click(?: on)?|use|query|try|fill in|enter|type|select)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Imperative();

    /// <summary>
    /// True when <paramref name="index"/> of <paramref name="text"/> lies in a sentence that starts with an imperative
    /// verb of looking, after that verb.
    /// </summary>
    public static bool Within(string text, int index)
    {
        if (index <= 0 || index >= text.Length) return false;
        var start = SentenceStart(text, index);
        var m = Imperative().Match(text, start, index - start);
        return m.Success;
    }

    /// <summary>
    /// True when <paramref name="index"/> lies in an example an instruction to look gives of what to ask for ("query
    /// Interlaken Ost -> Grindelwald for a Sunday date in 2024 (e.g. Sunday 10 March 2024)"): a value to try, not one
    /// stated about the world.
    /// </summary>
    public static bool InExample(string text, int index)
    {
        if (index <= 0 || index >= text.Length) return false;
        // The parenthesis the index is in, opened at most a short phrase before it.
        var from = Math.Max(0, index - 120);
        var open = text.AsSpan(from, index - from).LastIndexOf('(');
        if (open < 0) return false;
        open += from;
        if (text.AsSpan(open, index - open).IndexOf(')') >= 0) return false;
        var inside = text.AsSpan(open + 1).TrimStart();
        var example = inside.StartsWith("e.g.", StringComparison.OrdinalIgnoreCase) || inside.StartsWith("eg ", StringComparison.OrdinalIgnoreCase)
                      || inside.StartsWith("for example", StringComparison.OrdinalIgnoreCase) || inside.StartsWith("such as", StringComparison.OrdinalIgnoreCase);
        return example && Within(text, index);
    }

    // The start of the sentence holding the index: after the last line break or sentence end before it.
    private static int SentenceStart(string text, int index)
    {
        // An instruction is a sentence of a few lines at most: further back than that, none starts here.
        var limit = Math.Max(0, index - 600);
        for (var i = index - 1; i > limit; i--)
        {
            var c = text[i];
            if (c == '\n') return i + 1;
            if (c == 'n' && text[i - 1] == '\\') return i + 1;
            if (c is ' ' && text[i - 1] is '.' or '!' or '?' or ';' && !Abbreviation(text, i - 1)) return i + 1;
        }

        return limit;
    }

    // "e.g." and "i.e." end no sentence.
    private static bool Abbreviation(string text, int dot) =>
        dot >= 3 && text[dot - 2] == '.' && char.IsLetter(text[dot - 1]) && char.IsLetter(text[dot - 3]);
}
