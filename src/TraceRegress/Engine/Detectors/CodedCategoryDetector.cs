using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A filter that keeps a code the run itself defined as something other than what the task asks for. The task names a
/// category ("the heavy-rail metro lines only"), a turn of the run spells out the data's codes ("HR = heavy rail", "LR =
/// light rail"), and a step's code then keeps the task's code and another one beside it
/// (<c>df["mode"].isin(["HR", "LR"])</c>): everything summed from there counts a category the task left out. Incorrect
/// Problem Identification at the step that wrote the filter, quoting the task's words, the other code's meaning and the
/// filter. A filter of the task's codes alone, or of codes the run never defined, is no finding.
/// </summary>
internal sealed partial class CodedCategoryDetector : IDetector
{
    public const string DetectorId = "coded-category";

    // A code spelled out on its own line: "- HR = heavy rail (Red Line, ...)", "LR: light rail".
    [GeneratedRegex(@"^[ \t]*(?:[-*•][ \t]*)?(?<code>[A-Z][A-Z0-9]{0,5})[ \t]*(?:=|:|—|–)[ \t]*(?<meaning>[A-Za-z][A-Za-z -]{2,40}?)[ \t]*(?:\(|,|;|\.|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Definition();

    // A filter that keeps a list of codes: .isin(["HR", "LR"]), IN ('HR', 'LR').
    [GeneratedRegex(@"(?:\.isin\(\s*\[|\bIN\s*\()(?<list>[^\])]{1,200})[\])]", RegexOptions.CultureInvariant)]
    private static partial Regex KeptList();

    [GeneratedRegex(@"[""'](?<code>[A-Z][A-Z0-9]{0,5})[""']", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task) yield break;
        var asked = Words(task.Text);
        var meanings = new Dictionary<string, (string Meaning, AgentTurn Turn, string Line)>(StringComparer.Ordinal);
        foreach (var turn in turns.All)
        {
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            if (turn.Text.Contains('=', StringComparison.Ordinal) || turn.Text.Contains(':', StringComparison.Ordinal))
            {
                foreach (Match d in Definition().Matches(turn.Text))
                {
                    var meaning = d.Groups["meaning"].Value.Trim();
                    if (Words(meaning).Count > 0) meanings.TryAdd(d.Groups["code"].Value, (meaning, turn, d.Value.Trim().TrimStart('-', '*', '•', ' ', '\t').TrimEnd('(', ',', ';', '.', ' ', '\t')));
                }
            }

            if (turn.IsObservation || meanings.Count < 2 || !turn.Text.Contains("```", StringComparison.Ordinal)) continue;
            foreach (Match kept in KeptList().Matches(turn.Text))
            {
                if (!AnswerTrail.InCode(turn.Text, kept.Index)) continue;
                var codes = Quoted().Matches(kept.Groups["list"].Value).Select(m => m.Groups["code"].Value).Distinct(StringComparer.Ordinal).ToList();
                // The task's code: its meaning's words all in the task. Another: defined, and its meaning not in the task.
                var taskCodes = codes.Where(c => meanings.TryGetValue(c, out var m) && Words(m.Meaning).IsSubsetOf(asked)).ToList();
                var other = codes.FirstOrDefault(c => meanings.TryGetValue(c, out var m) && !Words(m.Meaning).IsSubsetOf(asked) && !taskCodes.Contains(c));
                if (taskCodes.Count == 0 || other is null) continue;
                var (otherMeaning, definedIn, line) = meanings[other];
                var wanted = meanings[taskCodes[0]].Meaning;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task asks for {wanted}, and {turn.Agent ?? turn.Span.Name}'s filter keeps {other} as well, which {definedIn.Agent ?? definedIn.Span.Name} had spelled out as {otherMeaning}.",
                    [new Evidence(definedIn.Span.SpanId, definedIn.Source, line), new Evidence(turn.Span.SpanId, turn.Source, kept.Value)], 0.65)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    // The words of three letters or more, lower case, a hyphen read as a space ("heavy-rail" is "heavy rail").
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text.Replace('-', ' ')))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 3 && !Qualifiers.IsFunctionWord(w)) words.Add(w);
        }

        return words;
    }
}
