using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, the task asks how many of one kind of thing ("in how many different parishes is there at least one
/// vertical sundial ...?"), the team's code printed a count labelled for that kind (<c>Distinct parishes: 6</c>) beside a
/// count labelled for another (<c>Matching dials: 9</c>), and a turn after it answers with the other count ("the answer is
/// the number of matching dials: 9"), never stating the asked one. It answered another question than the task's:
/// Incorrect Problem Identification at that turn, quoting the task's words, the printed count of the asked kind and the
/// turn's sentence. A printout that labels the asked kind twice, a count labelled for no kind of thing ("count: 5"), or a
/// turn that weighs both counts, is no finding.
/// </summary>
internal sealed partial class OtherCountDetector : IDetector
{
    public const string DetectorId = "other-count";

    // What the task counts: "how many different parishes", "the number of distinct species".
    [GeneratedRegex(@"\b(?:how many|number of)\s+(?:(?:different|distinct|separate|unique|individual)\s+)?(?<noun>[a-z]{3,}s)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AskedCount();

    // A labelled count a script printed, on a line of its own: "Distinct parishes: 6".
    [GeneratedRegex(@"^[ \t]*(?:Code output:[ \t]*)?(?<label>[A-Za-z][A-Za-z _'-]{2,60}?)[ \t]*[:=][ \t]*(?<n>\d[\d,]*)[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PrintedCount();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (!turns.IsMultiAgent || turns.Task is not { } task || AskedCount().Match(task.Text) is not { Success: true } asked) yield break;
        if (AnswerTrail.Final(turns, facts)?.Value is not { } value || !int.TryParse(value.Trim().TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var answer)) yield break;
        var noun = asked.Groups["noun"].Value.ToLowerInvariant();
        // "parishes" is read as "parish", "species" and "dials" as "specie" and "dial": enough to find the word in a label.
        var stem = noun.EndsWith("shes", StringComparison.Ordinal) || noun.EndsWith("ches", StringComparison.Ordinal) || noun.EndsWith("xes", StringComparison.Ordinal) ? noun[..^2] : noun[..^1];
        var all = turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var run = all[i];
            if (!run.IsExecutionOutput) continue;
            Match? ofKind = null;
            Match? other = null;
            var kinds = 0;
            foreach (Match m in PrintedCount().Matches(run.Text))
            {
                var label = m.Groups["label"].Value.ToLowerInvariant();
                var n = int.TryParse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
                if (WholeWords.Find(label, noun) >= 0 || WholeWords.Find(label, stem) >= 0)
                {
                    kinds++;
                    ofKind = m;
                }
                else if (n == answer && CountsThings(label))
                {
                    other = m;
                }
            }

            if (kinds != 1 || ofKind is null || other is null || ofKind.Groups["n"].Value == other.Groups["n"].Value) continue;
            var right = ofKind.Groups["n"].Value;
            var asKind = Printed(run.Text, ofKind);
            var asOther = Printed(run.Text, other);
            for (var k = i + 1; k < all.Count; k++)
            {
                var t = all[k];
                if (t.IsObservation || Stated(t.Text, right) >= 0 || Stated(t.Text, answer.ToString(CultureInfo.InvariantCulture)) is not (>= 0 and var at)) continue;
                yield return context.CreateFinding(this, t.Span, "Incorrect Problem Identification",
                    $"The task asks {asked.Value.ToLowerInvariant()}; the code printed {asKind} beside {asOther}, and {t.Agent ?? t.Span.Name} answered with {answer}, the count of another kind.",
                    [new Evidence(task.Span.SpanId, task.Source, asked.Value), new Evidence(run.Span.SpanId, run.Source, asKind),
                     new Evidence(t.Span.SpanId, t.Source, Requests.Sentence(t.Text, at).Trim())], 0.6) with { Basis = AttributionBasis.Inference };
                yield break;
            }

            yield break;
        }
    }

    // A printed count as the line gives it, from its label on ("Matching dials: 9", not the "Code output:" before it).
    private static string Printed(string text, Match m) => text[m.Groups["label"].Index..(m.Index + m.Length)].Trim();

    // A label that names the things it counts ("matching dials"), not only that it is a count ("count", "total").
    private static bool CountsThings(string label)
    {
        foreach (var word in label.Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length >= 4 && word[^1] == 's' && word[^2] != 's') return true;
        }

        return false;
    }

    // Where the figure stands alone in the text (not part of a longer number, a date or an id); -1 when it does not.
    private static int Stated(string text, string figure)
    {
        for (var at = WholeWords.Find(text, figure); at >= 0; at = WholeWords.Find(text, figure, at + 1))
        {
            var before = at == 0 ? ' ' : text[at - 1];
            var after = at + figure.Length >= text.Length ? ' ' : text[at + figure.Length];
            if (before is '.' or ',' or '-' or '/' or '_' || (after is '.' or ',' && at + figure.Length + 1 < text.Length && char.IsAsciiDigit(text[at + figure.Length + 1]))) continue;
            return at;
        }

        return -1;
    }
}
