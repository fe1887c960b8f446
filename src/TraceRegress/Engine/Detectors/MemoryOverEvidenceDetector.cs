using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent that settles a value from memory against what the run's sources say. A turn says it answers from its own
/// knowledge ("From my own knowledge of Schubert's biography, I can settle the composition year: ... Composition: 1823",
/// "From the ceramics history of the district, Longridge had 47 bottle kilns", "From the Partnership's published camera
/// network, Brackwater County has 44 fixed camera sites": a publication nobody opened)
/// and gives a value tied to a word ("Composition: 1823") where a page, a search result or a printout the team had
/// already seen ties the same word to another value of the same kind ("Composed: 1822", "composed in 1822") and never
/// to the one given. The team goes on from the remembered value: Language-only hallucination at that turn, quoting both.
/// A remembered value the sources give as well, or one no source ties to that word, is no finding.
/// </summary>
internal sealed partial class MemoryOverEvidenceDetector : IDetector
{
    public const string DetectorId = "memory-over-evidence";

    [GeneratedRegex(@"\b(?:from|based on|going by|relying on) (?:my )?(?:own )?(?:knowledge|memory|recollection)\b|\bas I (?:recall|remember)\b|\bI (?:recall|remember) that\b|\bto (?:the best of )?my knowledge\b|\bfrom what I (?:know|remember|recall)\b|\bI know (?:for (?:a fact|certain) )?that\b|\b(?:well|best|widely)[- ]known (?:number|figure|fact|total|record|date)s?\b|\bcommon knowledge\b|\bno need to (?:fetch|search|look|check|retrieve|hammer|query|scrape|open)\b|\bas (?:noted|stated|given|listed|guessed|estimated) in (?:our|the|my) (?:initial )?(?:fact sheet|plan|educated guesses)\b|\bfrom (?:the |our )?(?:[a-z-]+ ){0,3}(?:history|histories|literature|lore) of\b|\b(?:from|according to|going by) (?:the |our )?(?:[\p{L}'’-]+ ){0,3}published\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Remembered();

    // A value: a year, or a number with its decimals; not a part of a path or address ("/pieces/2380/").
    [GeneratedRegex(@"(?<![\w.,/])(?<value>(?:1[0-9]|20)\d{2}|\d+(?:\.\d+)?)(?![\w.,]\d|\w|/)", RegexOptions.CultureInvariant)]
    private static partial Regex Value();

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "in", "on", "at", "of", "the", "was", "is", "were", "are", "by", "around", "about", "circa", "year", "from", "to", "a", "an", "as", "its", "it", "be", "been", "and",
    };

    // The value a finding of this detector says was given from memory, as its summary writes it.
    [GeneratedRegex(@" gives (?:\p{L}+ )?(?<value>\d+(?:\.\d+)?)(?: for [^ ]+)? from its own knowledge", RegexOptions.CultureInvariant)]
    private static partial Regex GivenInSummary();

    /// <summary>The value <paramref name="finding"/> says was given from memory.</summary>
    public static string? RememberedValue(Finding finding) =>
        finding.Detector == DetectorId && GivenInSummary().Match(finding.Summary) is { Success: true } m ? m.Groups["value"].Value : null;

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        // What the team read, each value with the word it is given for: read once per observation, as it comes.
        var read = new List<(string Value, bool Year, string Stem, AgentTurn Turn, int Index)>();
        // The names the task asks about ("Taihō Kōki"), each word keyed by its name's first: a value next to one of them
        // is given for that name ("the record of 32 set by Taihō", "Taihō Kōki won 33").
        var names = turns.Task is { } task ? Names(task.Text) : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || turn.IsExecutionOutput)
            {
                foreach (Match s in Value().Matches(turn.Text))
                {
                    var found = s.Groups["value"].Value;
                    if (Predicate(turn.Text, s.Index) is { } sw) read.Add((found, IsYear(found), Stem(sw), turn, s.Index));
                    // A year is tied to an event, not to whoever it happened to: only other figures are read by name.
                    // A numeral that is part of the name ("Hornsea 1") is no value given for it.
                    if (!IsYear(found) && !InName(names, turn.Text, s.Index) && Named(names, turn.Text, s.Index, s.Length) is { } name) read.Add((found, false, name, turn, s.Index));
                }

                continue;
            }

            if (ReferenceEquals(turn, turns.TaskTurn) || read.Count == 0 || Remembered().Match(turn.Text) is not { Success: true } marker) continue;
            // The values from the sentence that holds the marker on: "Hornsea Two has 175 turbines, as noted in our fact sheet".
            var from = SentenceStart(turn.Text, marker.Index);
            var end = Math.Min(turn.Text.Length, marker.Index + 1200);
            // Nearest the marker first: the value it vouches for ("175 turbines of 8 MW, as noted in our fact sheet"); a
            // figure with a unit of measure after it (8 MW) is no count.
            var values = Value().Matches(turn.Text[..end], from).Where(v => !UnitAfter().IsMatch(turn.Text.AsSpan(v.Index + v.Length)))
                .OrderBy(v => v.Index < marker.Index ? marker.Index - v.Index - v.Length : v.Index - marker.Index - marker.Length).ThenBy(v => v.Index);
            foreach (var v in values)
            {
                var value = v.Groups["value"].Value;
                var year = IsYear(value);
                (AgentTurn Turn, int Index)? other = null;
                string? word = null;
                foreach (var key in (string?[])[Predicate(turn.Text, v.Index) is { } p ? Stem(p) : null, year ? null : Named(names, turn.Text, v.Index, v.Length)])
                {
                    if (key is null) continue;
                    var agrees = false;
                    (AgentTurn Turn, int Index)? against = null;
                    foreach (var r in read)
                    {
                        if (r.Year != year || r.Stem != key) continue;
                        // The latest source that ties the word to another value is the one the turn went against.
                        if (r.Value == value) agrees = true;
                        else against = (r.Turn, r.Index);
                    }

                    if (agrees || against is null) continue;
                    (other, word) = (against, key);
                    break;
                }

                if (other is not { } o || word is null) continue;
                var where = new Evidence(o.Turn.Span.SpanId, o.Turn.Source, ErrorText.LineAround(o.Turn.Text, o.Index));
                yield return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                    $"{turn.Agent ?? turn.Span.Name} gives {(word.StartsWith("name:", StringComparison.Ordinal) ? $"{value} for {word[5..]}" : $"{word} {value}")} from its own knowledge (\"{marker.Value}\"), where what the team had read gives another: \"{where.Quote}\".",
                    [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, v.Index)), where], 0.7) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    [GeneratedRegex(@"^\s?(?:MW|GW|kW|kWh|MWh|km|kg|mi|m|ft|%|mm|cm)\b", RegexOptions.CultureInvariant)]
    private static partial Regex UnitAfter();

    // True when the number right after a word of a task's name is written as part of it: "Hornsea 1", "Apollo 11".
    private static bool InName(Dictionary<string, string> names, string text, int index)
    {
        if (index < 2 || text[index - 1] != ' ' || !char.IsLetter(text[index - 2])) return false;
        var start = index - 2;
        while (start > 0 && char.IsLetter(text[start - 1])) start--;
        return char.IsUpper(text[start]) && names.ContainsKey(Fold(text[start..(index - 1)]));
    }

    // Where the sentence (or the quoted string of a ledger) that holds the index begins.
    private static int SentenceStart(string text, int at)
    {
        var start = Math.Max(text.LastIndexOf(". ", at, StringComparison.Ordinal) + 2, Math.Max(text.LastIndexOf('\n', at), text.LastIndexOf('"', at)) + 1);
        return Math.Clamp(start, 0, at);
    }

    // Each word of a capitalised name the task writes ("Hakuhō Shō", "Taihō Kōki"), folded, keyed by the name's first word.
    private static Dictionary<string, string> Names(string task)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in TaskName().Matches(task))
        {
            var written = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var words = written.Select(Fold).ToList();
            if (words.Count == 1 && (m.Index == 0 || Opener.Contains(words[0]))) continue;
            foreach (var w in words.Where(w => w.Length >= 4)) names.TryAdd(w, written[0]);
        }

        return names;
    }

    // The name nearest a value within five words either side, on its line and in its sentence.
    private static string? Named(Dictionary<string, string> names, string text, int index, int length)
    {
        if (names.Count == 0) return null;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var (from, step) in ((int, int)[])[(index - 1, -1), (index + length, 1)])
        {
            var i = from;
            for (var words = 0; words < 5; words++)
            {
                while (i >= 0 && i < text.Length && !char.IsLetter(text[i]))
                {
                    if (text[i] is '\n' or '.' or ';' or '|' or '?' or '!') { i = -1; break; }
                    i += step;
                }

                if (i < 0 || i >= text.Length) break;
                var start = i;
                while (i >= 0 && i < text.Length && char.IsLetter(text[i])) i += step;
                var word = step < 0 ? text[(i + 1)..(start + 1)] : text[start..i];
                if (names.TryGetValue(Fold(word), out var name) && words < bestDistance)
                {
                    (best, bestDistance) = (name, words);
                    break;
                }
            }
        }

        return best is null ? null : "name:" + best;
    }

    private static string Fold(string word)
    {
        var d = word.Normalize(System.Text.NormalizationForm.FormD);
        var b = new System.Text.StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark) b.Append(char.ToLowerInvariant(c));
        }

        return b.ToString();
    }

    // A run of capitalised words: "Taihō Kōki", "Hakuhō Shō".
    [GeneratedRegex(@"\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TaskName();

    // Words that open a question or a sentence rather than name something.
    private static readonly HashSet<string> Opener = new(StringComparer.Ordinal)
    {
        "how", "what", "which", "when", "where", "who", "whom", "whose", "why", "according", "give", "find", "answer", "please", "the", "in", "on", "for", "of",
    };

    private static bool IsYear(string value) => value.Length == 4 && (value[0] == '1' || value.StartsWith("20", StringComparison.Ordinal)) && !value.Contains('.', StringComparison.Ordinal);

    // The word a value is given for: the nearest word of four letters or more before it, over a few small words ("composed
    // in 1822", "Composition: 1823"); null when none stands within three words.
    private static string? Predicate(string text, int index)
    {
        var i = index - 1;
        for (var words = 0; words < 4 && i > 0; words++)
        {
            while (i >= 0 && !char.IsLetter(text[i]))
            {
                if (text[i] is '\n' or '.' or ';' or '|') return null;
                i--;
            }

            var endWord = i + 1;
            while (i >= 0 && char.IsLetter(text[i])) i--;
            var word = text[(i + 1)..endWord].ToLowerInvariant();
            if (word.Length >= 4 && !Skipped.Contains(word)) return word;
            if (!Skipped.Contains(word)) return null;
        }

        return null;
    }

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;
}
