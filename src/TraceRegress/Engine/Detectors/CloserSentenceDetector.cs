using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An answer taken from the sentence of a page that matches the question less well than another sentence of what the team
/// read. The task names what it asks about ("the Royal Mail ... Great Britain's first Christmas postage stamps"); the
/// final answer's value (1898) stands, in everything the team read, only in sentences that name fewer of the task's names
/// ("The 1898 Canadian map stamp ... is usually regarded as the first Christmas stamp"), while another sentence names all
/// of theirs and more of the task's, with another value of the same kind ("In the United Kingdom, the Royal Mail issued its
/// first Christmas stamps on 1 December 1966"). The first turn of the team's own that settled on the value passed the
/// closer sentence over: Tool Output Misinterpretation at that turn, quoting both sentences.
/// </summary>
internal sealed partial class CloserSentenceDetector : IDetector
{
    public const string DetectorId = "closer-sentence";

    [GeneratedRegex(@"(?<![\w.,])(?:1[0-9]|20)\d{2}(?![\w.,]?\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    // A capitalised word not at a sentence's start.
    [GeneratedRegex(@"(?<=[\p{L},;:()'""] )[A-Z][a-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || AnswerTrail.Final(turns, context.Facts) is not { Value: { } value } final) yield break;
        var answer = Year().Match(value);
        if (!answer.Success || answer.Value.Length != value.Trim().Length) yield break;
        var asked = Names(task.Text);
        if (asked.Count < 2) yield break;
        // The sentences the team read: what observations showed.
        (string Sentence, HashSet<string> Names, AgentTurn Turn)? closer = null;
        var withAnswer = new List<(string Sentence, HashSet<string> Names)>();
        foreach (var turn in turns.All)
        {
            if (!turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            foreach (var sentence in Sentences(turn.Text))
            {
                var years = Year().Matches(sentence).Select(m => m.Value).ToList();
                if (years.Count == 0) continue;
                var names = Names(sentence);
                names.IntersectWith(asked);
                if (years.Contains(answer.Value)) withAnswer.Add((sentence, names));
                else if (closer is null || names.Count > closer.Value.Names.Count) closer = (sentence, names, turn);
            }
        }

        if (closer is not { } better || withAnswer.Count == 0 || withAnswer.Exists(w => !w.Names.IsProperSubsetOf(better.Names))) yield break;
        // The first turn of the team's own, after the closer sentence was shown, that states the answer's value: a worker
        // that read it out of the page it opened in its own words ("The society's about page states that its first public
        // exhibition was held in 1928") settled on it there.
        var settled = turns.All.FirstOrDefault(t => t.Position > better.Turn.Position && !t.IsExecutionOutput
            && (t.IsObservation ? Read(t.Text, answer.Value) : WholeWords.Find(t.Text, answer.Value) >= 0));
        if (settled is null) yield break;
        yield return context.CreateFinding(this, settled.Span, "Tool Output Misinterpretation",
            $"{settled.Agent ?? settled.Span.Name} settles on {answer.Value}, which what the team read gives only where it names less of the task ({string.Join(", ", withAnswer[0].Names)}) than a sentence that gives another year ({string.Join(", ", better.Names)}).",
            [new Evidence(settled.Span.SpanId, settled.Source, Said(settled, answer.Value)),
             new Evidence(better.Turn.Span.SpanId, better.Turn.Source, better.Sentence.Trim())], 0.6) with { Basis = AttributionBasis.Inference };
    }

    // Where the turn states the value: a worker's own reading of the page, else the line that holds it.
    private static string Said(AgentTurn turn, string value)
    {
        if (turn.IsObservation)
        {
            foreach (var reading in new[] { AnswerTrail.SurferReading(turn.Text), AnswerTrail.SurferClosing(turn.Text) })
            {
                var at = WholeWords.Find(reading, value);
                if (at >= 0) return Requests.Sentence(reading, at).Trim();
            }
        }

        return ErrorText.LineAround(turn.Text, WholeWords.Find(turn.Text, value));
    }

    private static bool Read(string text, string value) =>
        WholeWords.Find(AnswerTrail.SurferReading(text), value) >= 0 || WholeWords.Find(AnswerTrail.SurferClosing(text), value) >= 0;

    private static HashSet<string> Names(string text) => Name().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '.' && i + 1 < text.Length && text[i + 1] == ' ' && !(i > 0 && char.IsAsciiDigit(text[i - 1]) && i + 2 < text.Length && char.IsAsciiDigit(text[i + 2]))))
            {
                if (i > start) yield return text[start..i];
                start = i + 1;
            }
        }

        if (start < text.Length) yield return text[start..];
    }
}
