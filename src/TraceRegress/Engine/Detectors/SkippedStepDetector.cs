using System.Buffers;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent of a conversation declares a step the task asks for already done or not needed, in words, without looking:
/// "there is nothing further to subtract ... the refunds are therefore already netted off", "no separate subtraction is
/// needed", when the task says "donations received minus donations refunded" and no code the team ran ever touched the
/// refunds. Whatever the run answers from there leaves that step out. The first such turn is cited (Incorrect Problem
/// Identification), quoting its sentence. The claim must be about something the task names (a word of the task in the
/// same clause), the turn must run nothing itself, and no code block before it may have read that thing: a claim
/// checked by a script the team ran is a reading, not an assumption.
/// </summary>
internal sealed partial class SkippedStepDetector : IDetector
{
    public const string DetectorId = "skipped-step";

    [GeneratedRegex(@"\balready (?:been )?(?:netted(?: off| out)?|included|accounted for|reflected|deducted|subtracted|excluded|removed|reversed(?: out)?|applied|taken into account|factored in|counted)\b|\bnothing (?:further|more|else) to (?:subtract|deduct|add|exclude|remove|adjust)\b|\bno (?:separate|further|additional|extra) (?:subtraction|deduction|adjustment|step)s? (?:is |are )?(?:needed|necessary|required)\b|\b(?:does|do|did) not need to be (?:subtracted|deducted|removed|excluded|adjusted|checked)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Skipped();

    private static readonly SearchValues<string> Cues = SearchValues.Create(["already", "nothing further", "nothing more", "nothing else", "no separate", "no further", "no additional", "no extra", "not need to be"], StringComparison.OrdinalIgnoreCase);

    // Words too general to name the thing a step is about.
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "total", "totals", "answer", "result", "results", "data", "file", "files", "records", "record", "amount", "amounts", "figure", "figures",
        "value", "values", "year", "years", "step", "steps", "task", "which", "there", "their", "these", "those", "above", "below", "therefore",
    };

    public string Id => DetectorId;

    public int Priority => 54;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var taskStems = Stems(task.Text);
        var code = new System.Text.StringBuilder();
        foreach (var turn in turns.All)
        {
            var ran = CodeOf(turn.Text);
            if (ReferenceEquals(turn, turns.TaskTurn) || turn.IsObservation || turn.Agent is null || ran.Length > 0 || turn.Text.AsSpan().IndexOfAny(Cues) < 0)
            {
                code.Append(ran);
                continue;
            }

            foreach (Match m in Skipped().Matches(turn.Text))
            {
                var sentence = Sentence(turn.Text, m.Index);
                // What the claim is about: a word of the task in its clause that no code before it read.
                var about = Stems(Clause(turn.Text, m.Index, m.Length)).Where(s => taskStems.Contains(s)).ToList();
                var unread = about.FirstOrDefault(s => !code.ToString().Contains(s, StringComparison.OrdinalIgnoreCase));
                if (unread is null) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent} declares a step of the task done without doing it (\"{m.Value}\"), and no code the team ran read what it is about (\"{unread}…\").",
                    [new Evidence(turn.Span.SpanId, turn.Source, sentence)], 0.65) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    // The code blocks of a turn (```python, ```sh), joined; empty when it has none.
    private static string CodeOf(string text)
    {
        var at = text.IndexOf("```", StringComparison.Ordinal);
        if (at < 0) return "";
        var blocks = new System.Text.StringBuilder();
        while (at >= 0)
        {
            var end = text.IndexOf("```", at + 3, StringComparison.Ordinal);
            if (end < 0) break;
            blocks.Append(text, at + 3, end - at - 3).Append('\n');
            at = text.IndexOf("```", end + 3, StringComparison.Ordinal);
        }

        return blocks.ToString();
    }

    // The clause around the match: from the last comma, colon or semicolon before it to the next after it.
    private static string Clause(string text, int at, int length)
    {
        var start = text.LastIndexOfAny([',', ':', ';', '.', '\n'], Math.Max(0, at - 1)) + 1;
        var end = text.IndexOfAny([',', ':', ';', '.', '\n'], at + length);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static string Sentence(string text, int at)
    {
        var start = at;
        while (start > 0 && text[start - 1] != '\n' && !(start >= 2 && text[start - 2] is '.' or ':' && char.IsWhiteSpace(text[start - 1]))) start--;
        var end = at;
        while (end < text.Length && text[end] != '\n' && !(text[end] == '.' && (end + 1 == text.Length || char.IsWhiteSpace(text[end + 1])))) end++;
        return text[start..end].Trim();
    }

    // The first six letters of the words of five letters or more (refunds, refunded → refund).
    private static HashSet<string> Stems(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Regex.Split(text.ToLowerInvariant(), "[^a-z]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            if (w.Length >= 5 && !Plain.Contains(w)) stems.Add(w.Length > 6 ? w[..6] : w);
        }

        return stems;
    }
}
