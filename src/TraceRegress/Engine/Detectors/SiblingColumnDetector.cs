using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a script works from one column where the data has a sibling the task names: the columns differ in
/// one word of their names (<c>arr_delay_min</c> beside <c>dep_delay_min</c>, <c>gross_sales</c> beside
/// <c>net_sales</c>), the sibling's word is the task's ("a departure delay of more than 15 minutes": <c>dep</c> is how
/// "departure" starts) and the used one's is not. The script ran, never reads the sibling (showing it in a list of
/// columns is no reading), and no later script the team ran comes back to it: everything computed from there measures something the task did not ask for. Incorrect Problem
/// Identification at the turn that wrote the script, quoting its use of the column, the sibling as the data shows it and
/// the task's word.
/// </summary>
internal sealed partial class SiblingColumnDetector : IDetector
{
    public const string DetectorId = "sibling-column";

    // A column a script reads by name: df['arr_delay_min'], row["net_sales"].
    [GeneratedRegex(@"\[\s*['""](?<c>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)['""]\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnRead();

    // A name written in snake case, as a table's header or a listing of columns shows it.
    [GeneratedRegex(@"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w(])", RegexOptions.CultureInvariant)]
    private static partial Regex SnakeName();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var taskWords = Facts.Words(task.Text).ToHashSet(StringComparer.Ordinal);
        var all = turns.All;
        // The names the data showed so far, with the turn that showed each first.
        var shown = new Dictionary<string, AgentTurn>(StringComparer.Ordinal);
        foreach (var turn in all)
        {
            if (turn.IsObservation)
            {
                foreach (Match m in SnakeName().Matches(turn.Text)) shown.TryAdd(m.Value, turn);
                continue;
            }

            if (!turn.Text.Contains("```", StringComparison.Ordinal) || ReferenceEquals(turn, turns.TaskTurn)) continue;
            foreach (Match read in ColumnRead().Matches(turn.Text))
            {
                var used = read.Groups["c"].Value;
                foreach (var (sibling, showedBy) in shown)
                {
                    if (Differ(used, sibling) is not { } words) continue;
                    var (own, theirs) = words;
                    if (TaskWord(taskWords, theirs) is not { } asked || TaskWord(taskWords, own) is not null) continue;
                    if (Reads(turn.Text, sibling)) continue;
                    // The script ran, and no later script came back to the sibling.
                    var run = all.FirstOrDefault(o => o.Position > turn.Position && o.IsExecutionOutput);
                    if (run is null || !ReferenceEquals(turns.CodeAuthor(run), turn) || CodeExecutionErrorDetector.Failure(run.Text) is not null) continue;
                    if (all.Any(t => t.Position > turn.Position && !t.IsObservation && Reads(t.Text, sibling))) continue;
                    var line = LineOf(turn.Text, read.Index);
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"{turn.Agent ?? turn.Span.Name}'s script reads {used} where the data has {sibling}, and the task asks about \"{asked}\": what it computed measures another thing.",
                        [new Evidence(turn.Span.SpanId, turn.Source, line), new Evidence(showedBy.Span.SpanId, showedBy.Source, LineOf(showedBy.Text, showedBy.Text.IndexOf(sibling, StringComparison.Ordinal))),
                         new Evidence(task.Span.SpanId, task.Source, asked)], 0.65)
                        with { Basis = AttributionBasis.Inference, Explains = [run.Span.SpanId] };
                    yield break;
                }
            }
        }
    }

    // The script reads the column on its own (a list of columns to show is no reading of it).
    private static bool Reads(string text, string column)
    {
        foreach (Match m in ColumnRead().Matches(text))
        {
            if (m.Groups["c"].Value == column) return true;
        }

        return false;
    }

    /// <summary>The one word two names of as many words differ in (<c>arr</c> and <c>dep</c> of <c>arr_delay_min</c> and <c>dep_delay_min</c>); null otherwise.</summary>
    internal static (string Own, string Theirs)? Differ(string used, string other)
    {
        var a = used.ToLowerInvariant().Split('_');
        var b = other.ToLowerInvariant().Split('_');
        if (a.Length != b.Length) return null;
        (string, string)? differ = null;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            if (differ is not null) return null;
            differ = (a[i], b[i]);
        }

        return differ;
    }

    /// <summary>The task's word a name's word writes (itself, or how it starts when three letters or more: "dep" for "departure"); null when none.</summary>
    internal static string? TaskWord(HashSet<string> taskWords, string word)
    {
        if (word.Length < 3) return null;
        if (taskWords.Contains(word)) return word;
        if (!word.Any(char.IsAsciiLetter)) return null;
        foreach (var w in taskWords)
        {
            if (w.Length > word.Length && w.StartsWith(word, StringComparison.Ordinal)) return w;
        }

        return null;
    }

    private static string LineOf(string text, int at)
    {
        if (at < 0) return Quote.Cut(text.Trim());
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', at);
        return Quote.Cut(text[start..(end < 0 ? text.Length : end)].Trim());
    }
}
