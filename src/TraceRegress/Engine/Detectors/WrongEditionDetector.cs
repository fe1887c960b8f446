using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task names a document by its edition ("According to the World Malaria Report 2019, ...") and a turn sets out to
/// use another edition of it ("I'll download the World malaria report 2020 PDF"). Later editions revise what earlier
/// ones said, so whatever the team read there answers for another document: Poor Information Retrieval, cited at the
/// turn that chose the edition, quoting the task and the choice. Only a sentence that acts on the other edition
/// (download, open, use, read, extract) counts, not one that mentions it; a document the task names without a year is
/// no edition.
/// </summary>
internal sealed partial class WrongEditionDetector : IDetector
{
    public const string DetectorId = "wrong-edition";

    // A titled publication with its year: up to five words before a word for a publication, then the year.
    [GeneratedRegex(@"\b(?<title>(?:[A-Z][\w'&-]*\s+){0,5}(?:Report|Review|Survey|Yearbook|Census|Almanac|Index|Guide|Handbook|Outlook|Atlas|Digest|Bulletin|Budget|Manual|Rankings?|Directory|Catalogue|Catalog|Statistics|Factbook|Plan|Edition))\s+(?<year>(?:19|20)[0-9]{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Edition();

    // A sentence that acts on a document: fetches, opens, reads or takes it as the source.
    [GeneratedRegex(@"\b(?:download|downloading|open|opening|use|using|read|reading|extract|extracting|fetch|fetching|load|loading|retrieve|retrieving|go with|rely on|take)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Acts();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task) yield break;
        var named = Edition().Match(task.Text);
        if (!named.Success) yield break;
        // The title's last three words at most ("World Malaria Report" of "the World Health Organization's World Malaria
        // Report"), matched in any case, then another year.
        var words = named.Groups["title"].Value.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) yield break;
        var title = string.Join(' ', words[Math.Max(0, words.Length - 3)..]);
        var year = named.Groups["year"].Value;
        var other = new Regex(@"\b" + Regex.Escape(title).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"\s+(?<year>(?:19|20)[0-9]{2})\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || turn.Text.Length == 0) continue;
            foreach (Match m in other.Matches(turn.Text))
            {
                if (m.Groups["year"].Value == year) continue;
                var sentence = Requests.Sentence(turn.Text, m.Index);
                if (!Acts().IsMatch(sentence)) continue;
                yield return context.CreateFinding(this, turn.Span, "Poor Information Retrieval",
                    $"The task names {named.Value}, and {turn.Agent ?? turn.Span.Name} set out to use {m.Value}, another edition: what it read there answers for another document.",
                    [new Evidence(task.Span.SpanId, task.Source, named.Value), new Evidence(turn.Span.SpanId, turn.Source, sentence)], 0.7)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }
}
