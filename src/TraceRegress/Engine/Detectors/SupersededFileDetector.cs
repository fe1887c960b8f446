using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, the team worked from a file that a listing it read calls out of date, beside the one that replaces
/// it. A README or a directory listing a worker showed describes each file on its own line: one as an interim, draft,
/// preliminary or superseded export ("2023 inventory, interim export of 2 April 2023. Field survey in progress"), another
/// as the final one or as superseding it ("final export of 20 November 2023 ... Supersedes the April interim export").
/// A later step that names the out-of-date file for the work (an instruction, a script), and never the other, chose the
/// wrong source: Poor Information Retrieval at that step, quoting both lines and the step's mention of the file.
/// </summary>
internal sealed partial class SupersededFileDetector : IDetector
{
    public const string DetectorId = "superseded-file";

    // A file's name as a listing writes it.
    [GeneratedRegex(@"(?<![\w./-])(?<file>[\w.-]+\.(?:csv|tsv|xlsx?|json|jsonl|parquet|txt|pdf|docx?|zip))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    // A description that says the file is the one in force.
    [GeneratedRegex(@"\b(?:final|supersedes|replaces|latest|current|definitive)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InForce();

    // A description that says the file is not, or not yet, the one to use.
    [GeneratedRegex(@"\b(?:superseded|interim|draft|preliminary|provisional|in progress|incomplete|obsolete|deprecated|outdated|withdrawn)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfDate();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        if (SupersededDocument(context) is { } document)
        {
            yield return document;
            yield break;
        }

        // What a listing says of its files in words first (a README's lines), then what the names alone say.
        foreach (var byName in (ReadOnlySpan<bool>)[false, true])
        foreach (var listing in turns.All)
        {
            if (!listing.IsObservation) continue;
            Described? stale = null, fresh = null;
            if (!byName && OutOfDate().IsMatch(listing.Text))
            {
                var described = Descriptions(listing.Text);
                stale = described.FirstOrDefault(d => OutOfDate().IsMatch(d.Text) && !InForce().IsMatch(d.Text));
                // Of the files in force, the one that says it replaces another, then the one named most like the stale one
                // (grants_2023-24_final.csv for grants_2023-24_draft.csv, over last year's final grants_2022-23.csv).
                fresh = described.Where(d => InForce().IsMatch(d.Text) && !ReferenceEquals(d, stale))
                    .OrderByDescending(d => d.Text.Contains("upersedes", StringComparison.Ordinal) || d.Text.Contains("eplaces", StringComparison.Ordinal))
                    .ThenByDescending(d => stale is null ? 0 : SharedStart(d.File, stale.File)).FirstOrDefault();
            }

            // A file described as replacing an earlier one by its year ("Replaces the 2009 RIS"), beside a file whose name
            // holds that year (RIS_1187_2009.pdf).
            if (!byName && stale is null && (listing.Text.Contains("eplaces", StringComparison.Ordinal) || listing.Text.Contains("upersedes", StringComparison.Ordinal)))
            {
                var described = Descriptions(listing.Text);
                foreach (var d in described)
                {
                    if (ReplacesYear().Match(d.Text) is not { Success: true } year) continue;
                    if (described.FirstOrDefault(o => !ReferenceEquals(o, d) && o.File.Contains(year.Groups["y"].Value, StringComparison.Ordinal) && !d.File.Contains(year.Groups["y"].Value, StringComparison.Ordinal)) is not { } replaced) continue;
                    (stale, fresh) = (replaced, d);
                    break;
                }
            }

            if (byName && NamedPair(listing.Text) is { } pair) (stale, fresh) = pair;
            if (stale is null || fresh is null) continue;
            // Turns that name a file for the work: what a member says or runs, and a worker's opening of a file (its
            // address or title names it).
            var later = turns.All.Where(t => t.Position > listing.Position).ToList();
            bool Uses(AgentTurn t, string file) => t.IsObservation ? Opens(t.Text, file) : Names(t.Text, file) >= 0;
            // The team came to the file in force after all.
            if (later.Exists(t => Uses(t, fresh.File))) continue;
            // A script whose run failed worked from nothing: the first use of the file that ran is where the team took it.
            bool RanAndFailed(AgentTurn t) => !t.IsObservation && t.Text.Contains("```", StringComparison.Ordinal)
                && turns.CodeRun(t) is { } run && CodeExecutionErrorDetector.Failure(run.Text) is not null;
            // The worker that showed the listing and, below it, opened the stale file in the same turn chose it itself.
            var openedAt = OpenedBelow(listing.Text, stale);
            if ((openedAt >= 0 ? listing : later.FirstOrDefault(t => Uses(t, stale.File) && !RanAndFailed(t)) ?? later.FirstOrDefault(t => Uses(t, stale.File))) is not { } chose) continue;
            var mention = openedAt >= 0 ? LineAt(listing.Text, openedAt) : Requests.Sentence(chose.Text, Names(chose.Text, stale.File)).Trim();
            yield return context.CreateFinding(this, chose.Span, "Poor Information Retrieval",
                $"The listing {listing.Agent ?? listing.Span.Name} showed calls {stale.File} out of date and {fresh.File} the one in force, and {chose.Agent ?? chose.Span.Name} worked from {stale.File}.",
                [new Evidence(listing.Span.SpanId, listing.Source, stale.Line), new Evidence(listing.Span.SpanId, listing.Source, fresh.Line), new Evidence(chose.Span.SpanId, chose.Source, Quote.Cut(mention))],
                0.65) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // A description that names what the file replaces by its year: "Replaces the 2009 RIS", "supersedes the 2019 edition".
    [GeneratedRegex(@"\b(?:replaces|supersedes)\s+(?:the\s+)?(?<y>(?:19|20)\d\d)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplacesYear();

    // A document's own note that a later one replaced it: "SUPERSEDED: this issue was replaced by Issue 8 (register_2024-10.md)".
    [GeneratedRegex(@"\b(?:SUPERSEDED|superseded by|replaced by|withdrawn and replaced)\b[^\n]{0,160}", RegexOptions.CultureInvariant)]
    private static partial Regex SupersededNote();

    /// <summary>
    /// A worker showed a document whose own text says a later one replaced it ("SUPERSEDED: this issue was replaced by
    /// Issue 8 (register_2024-10.md, October 2024)"), and in its closing words below the document worked the run's answer
    /// out of it ("... 5 of which have status 'Airworthy'"): it took the out-of-date document. Poor Information Retrieval
    /// at that turn, quoting the note and the sentence that gives the answer.
    /// </summary>
    private Finding? SupersededDocument(DetectionContext context)
    {
        var turns = context.Turns;
        if (AnswerTrail.Final(turns, context.Facts)?.Value is not { Length: > 0 } answer) return null;
        foreach (var t in turns.All)
        {
            if (!t.IsObservation || t.IsExecutionOutput || SupersededNote().Match(t.Text) is not { Success: true } note) continue;
            // A listing of several files (a README) says which of them was replaced: no document's own note.
            if (FileName().Matches(t.Text).Select(m => m.Groups["file"].Value).Distinct(StringComparer.OrdinalIgnoreCase).Skip(2).Any()) continue;
            var closing = t.Text.TrimEnd().LastIndexOf("\n\n", StringComparison.Ordinal);
            if (closing <= note.Index) continue;
            var words = t.Text[(closing + 2)..].Trim();
            if (words.StartsWith('#') || words.Contains('|', StringComparison.Ordinal) || words.Split(' ').Length < 6) continue;
            var at = WholeWords.Find(words, answer);
            if (at < 0) continue;
            return context.CreateFinding(this, t.Span, "Poor Information Retrieval",
                $"{t.Agent ?? t.Span.Name} showed a document that says it was replaced (\"{note.Value.Trim()}\") and worked the answer, {answer}, out of it.",
                [new Evidence(t.Span.SpanId, t.Source, note.Value.Trim()), new Evidence(t.Span.SpanId, t.Source, Requests.Sentence(words, at).Trim())], 0.65)
                with { Basis = AttributionBasis.Inference };
        }

        return null;
    }

    // A listing's two files whose names say one replaces the other: a revision of a file ("..._final_rev2023-11.csv"
    // beside "..._final.csv"), or names that differ only in the word that marks one as not final ("exports_2022_prelim.csv"
    // beside "exports_2022_final.csv"). The name says what a README line would.
    private static (Described Stale, Described Fresh)? NamedPair(string text)
    {
        if (!text.Contains("final", StringComparison.OrdinalIgnoreCase) && !text.Contains("rev", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("correct", StringComparison.OrdinalIgnoreCase) && !text.Contains("amend", StringComparison.OrdinalIgnoreCase)) return null;
        var files = FileName().Matches(text).Select(m => m.Groups["file"].Value).Distinct(StringComparer.Ordinal).ToList();
        // A revision of a file, named as the file and a revision mark ("..._2022_final_rev2023-11.csv" beside
        // "..._2022_final.csv"): the revision replaces it.
        foreach (var stale in files)
        {
            var dot = stale.LastIndexOf('.');
            if (dot <= 0) continue;
            var (stem, extension) = (stale[..dot], stale[dot..]);
            foreach (var fresh in files)
            {
                if (fresh.Length <= stale.Length || !fresh.StartsWith(stem, StringComparison.Ordinal) || !fresh.EndsWith(extension, StringComparison.Ordinal)) continue;
                if (RevisionMark().IsMatch(fresh[stem.Length..^extension.Length]))
                    return (new Described(stale, LineOf(text, stale), stale), new Described(fresh, LineOf(text, fresh), fresh));
            }
        }

        foreach (var stale in files)
        {
            if (Marked(stale, StaleMarks) is not { } staleStem) continue;
            foreach (var fresh in files)
            {
                if (Marked(fresh, FreshMarks) is { } freshStem && string.Equals(staleStem, freshStem, StringComparison.OrdinalIgnoreCase))
                    return (new Described(stale, LineOf(text, stale), stale), new Described(fresh, LineOf(text, fresh), fresh));
            }
        }

        return null;
    }

    // What a revision adds to a file's name: "_rev2023-11", "_revised", "-corrected", "_amended", "_v2".
    [GeneratedRegex(@"^[_-](?:rev(?:ision)?[\w-]*|revised|corrected|amended|updated|v\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RevisionMark();

    private static readonly string[] StaleMarks = ["prelim", "preliminary", "provisional", "interim", "draft", "superseded", "partial"];
    private static readonly string[] FreshMarks = ["final", "revised", "definitive"];

    // The name with its marking word left out ("exports_2022_.csv"), when one of its words is one of the marks; else null.
    private static string? Marked(string file, string[] marks)
    {
        var words = Regex.Split(file, "([_.-])");
        for (var i = 0; i < words.Length; i++)
        {
            if (Array.Exists(marks, m => string.Equals(m, words[i], StringComparison.OrdinalIgnoreCase))) return string.Concat(words.Take(i).Concat(words.Skip(i + 1)));
        }

        return null;
    }

    private static string LineOf(string text, string file)
    {
        var at = Names(text, file);
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', at);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    // How many characters two names share from their start.
    private static int SharedStart(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n])) n++;
        return n;
    }

    // Where a worker's turn, below the listing line of the stale file, opens that file (a file reader's "Path: .../x.csv"
    // header of a second document it shows); -1 when it does not.
    private static int OpenedBelow(string text, Described stale)
    {
        var line = text.IndexOf(stale.Line, StringComparison.Ordinal);
        if (line < 0) return -1;
        for (var at = text.IndexOf("\nPath: ", line, StringComparison.Ordinal); at >= 0; at = text.IndexOf("\nPath: ", at + 1, StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n', at + 1);
            var header = text[(at + 1)..(end < 0 ? text.Length : end)];
            if (Names(header, stale.File) >= 0) return at + 1;
        }

        return -1;
    }

    private static string LineAt(string text, int at)
    {
        var end = text.IndexOf('\n', at);
        return text[at..(end < 0 ? text.Length : end)].Trim();
    }

    // A worker's page of a file it opened: the file is named in the address, the title or the opening line.
    private static bool Opens(string text, string file)
    {
        var at = Names(text, file);
        if (at < 0) return false;
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var line = text.AsSpan(lineStart, at - lineStart);
        return lineStart == 0 || line.StartsWith("Address:", StringComparison.Ordinal) || line.StartsWith("Title:", StringComparison.Ordinal);
    }

    // Where a text names the file itself, not a longer name that ends with it (old_data.csv for data.csv); -1 when nowhere.
    private static int Names(string text, string file)
    {
        for (var at = text.IndexOf(file, StringComparison.Ordinal); at >= 0; at = text.IndexOf(file, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '-' or '.')) return at;
        }

        return -1;
    }

    private sealed record Described(string File, string Line, string Text);

    // Each line of a listing that names one file, with the lines indented under it that go on describing it.
    private static List<Described> Descriptions(string text)
    {
        var found = new List<Described>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var names = FileName().Matches(lines[i]);
            if (names.Count != 1) continue;
            var description = lines[i];
            for (var j = i + 1; j < lines.Length && lines[j].Length > 0 && char.IsWhiteSpace(lines[j][0]) && FileName().Matches(lines[j]).Count == 0; j++)
            {
                description += " " + lines[j].Trim();
            }

            var file = names[0].Groups["file"].Value;
            // The rest of the line says what the file is: a line that only names it says nothing.
            if (description.Length - file.Length < 15) continue;
            found.Add(new Described(file, lines[i].Trim(), description));
        }

        return found;
    }
}
