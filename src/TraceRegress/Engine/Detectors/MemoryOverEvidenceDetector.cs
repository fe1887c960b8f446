using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent that settles a value from memory against what the run's sources say. A turn says it answers from its own
/// knowledge ("From my own knowledge of Schubert's biography, I can settle the composition year: ... Composition: 1823")
/// and gives a value tied to a word ("Composition: 1823") where a page, a search result or a printout the team had
/// already seen ties the same word to another value of the same kind ("Composed: 1822", "composed in 1822") and never
/// to the one given. The team goes on from the remembered value: Language-only hallucination at that turn, quoting both.
/// A remembered value the sources give as well, or one no source ties to that word, is no finding.
/// </summary>
internal sealed partial class MemoryOverEvidenceDetector : IDetector
{
    public const string DetectorId = "memory-over-evidence";

    [GeneratedRegex(@"\b(?:from|based on|going by|relying on) (?:my )?(?:own )?(?:knowledge|memory|recollection)\b|\bas I (?:recall|remember)\b|\bI (?:recall|remember) that\b|\bto (?:the best of )?my knowledge\b|\bfrom what I (?:know|remember|recall)\b|\bI know (?:for (?:a fact|certain) )?that\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Remembered();

    // A value: a year, or a number with its decimals.
    [GeneratedRegex(@"(?<![\w.,])(?<value>(?:1[0-9]|20)\d{2}|\d+(?:\.\d+)?)(?![\w.,]\d|\w)", RegexOptions.CultureInvariant)]
    private static partial Regex Value();

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "in", "on", "at", "of", "the", "was", "is", "were", "are", "by", "around", "about", "circa", "year", "from", "to", "a", "an", "as", "its", "it", "be", "been", "and",
    };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        // What the team read, each value with the word it is given for: read once per observation, as it comes.
        var read = new List<(string Value, bool Year, string Stem, AgentTurn Turn, int Index)>();
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation)
            {
                foreach (Match s in Value().Matches(turn.Text))
                {
                    if (Predicate(turn.Text, s.Index) is { } sw) read.Add((s.Groups["value"].Value, IsYear(s.Groups["value"].Value), Stem(sw), turn, s.Index));
                }

                continue;
            }

            if (ReferenceEquals(turn, turns.TaskTurn) || read.Count == 0 || Remembered().Match(turn.Text) is not { Success: true } marker) continue;
            var from = marker.Index;
            var end = Math.Min(turn.Text.Length, from + 1200);
            foreach (Match v in Value().Matches(turn.Text[..end], from))
            {
                var value = v.Groups["value"].Value;
                if (Predicate(turn.Text, v.Index) is not { } word) continue;
                var stem = Stem(word);
                var year = IsYear(value);
                var agrees = false;
                (AgentTurn Turn, int Index)? other = null;
                foreach (var r in read)
                {
                    if (r.Year != year || r.Stem != stem) continue;
                    if (r.Value == value) agrees = true;
                    else other ??= (r.Turn, r.Index);
                }

                if (agrees || other is not { } o) continue;
                var where = new Evidence(o.Turn.Span.SpanId, o.Turn.Source, ErrorText.LineAround(o.Turn.Text, o.Index));
                yield return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                    $"{turn.Agent ?? turn.Span.Name} gives {word} {value} from its own knowledge (\"{marker.Value}\"), where what the team had read gives another: \"{where.Quote}\".",
                    [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, v.Index)), where], 0.7) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    private static bool IsYear(string value) => value.Length == 4 && value[0] is '1' or '2' && !value.Contains('.', StringComparison.Ordinal);

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
