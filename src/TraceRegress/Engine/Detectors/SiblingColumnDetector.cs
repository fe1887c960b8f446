using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a script works from one column where the data has a sibling the task names: the columns differ in
/// one word of their names (<c>arr_delay_min</c> beside <c>dep_delay_min</c>, <c>gross_sales</c> beside
/// <c>net_sales</c>), the sibling's word is the task's ("a departure delay of more than 15 minutes": <c>dep</c> is how
/// "departure" starts) and the used one's is not. The script ran, never reads the sibling (showing it in a list of
/// columns is no reading), and no later script the team ran comes back to it: everything computed from there measures something the task did not ask for. Incorrect Problem
/// Identification at the turn that wrote the script, quoting its use of the column, the sibling as the data shows it and
/// the task's word. The same for a script that compares another column with the task's figure where the task names the
/// column to compare by its name in brackets or quotes ("a Zenithal Hourly Rate (ZHR) of at least 50", obs_rate >= 50).
/// </summary>
internal sealed partial class SiblingColumnDetector : IDetector
{
    public const string DetectorId = "sibling-column";

    // A column a script reads by name: df['arr_delay_min'], row["net_sales"].
    [GeneratedRegex(@"\[\s*['""](?<c>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)['""]\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnRead();

    // A name written in snake case, as a table's header or a listing of columns shows it.
    [GeneratedRegex(@"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w(])", RegexOptions.CultureInvariant)]
    internal static partial Regex SnakeName();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        if (OtherMeasure(context, task) is { } other)
        {
            yield return other;
            yield break;
        }

        var taskWords = Facts.Words(task.Text).ToHashSet(StringComparer.Ordinal);
        // What the team was told to do: the task and, in a group chat, the manager's plan in the opening turn.
        var opening = turns.TaskTurn ?? turns.All.FirstOrDefault(t => t.Text.Contains("suggestions from manager", StringComparison.OrdinalIgnoreCase));
        var brief = opening is not null && !ReferenceEquals(opening.Text, task.Text) ? task.Text + "\n" + opening.Text : task.Text;
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
                    // The task's word for the sibling and not for the column used; or, where the task has words for both
                    // ("win away from home"), the script compares the column with a name ("Harrowgate Colts") that the
                    // brief puts in the sibling's role by all its words ("Harrowgate Colts were the away team") and never
                    // in the role of the column used.
                    string? asked;
                    var askedIn = (task.Span, task.Source);
                    if (TaskWord(taskWords, theirs) is { } word && TaskWord(taskWords, own) is null) asked = word;
                    else if (ComparedWithName().Match(turn.Text, read.Index) is { Success: true } compared && compared.Index == read.Index
                             && InRole(brief, compared.Groups["name"].Value, sibling) is { } role && InRole(brief, compared.Groups["name"].Value, used) is null)
                    {
                        asked = role;
                        if (!task.Text.Contains(role, StringComparison.Ordinal) && opening is not null) askedIn = (opening.Span, opening.Source);
                    }
                    else continue;
                    if (Reads(turn.Text, sibling)) continue;
                    // The script ran, and no later script came back to the sibling.
                    if (turns.CodeRun(turn) is not { } run || CodeExecutionErrorDetector.Failure(run.Text) is not null) continue;
                    if (all.Any(t => t.Position > turn.Position && !t.IsObservation && Reads(t.Text, sibling))) continue;
                    var line = LineOf(turn.Text, read.Index);
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"{turn.Agent ?? turn.Span.Name}'s script reads {used} where the data has {sibling}, and the task asks about \"{asked}\": what it computed measures another thing.",
                        [new Evidence(turn.Span.SpanId, turn.Source, line), new Evidence(showedBy.Span.SpanId, showedBy.Source, LineOf(showedBy.Text, showedBy.Text.IndexOf(sibling, StringComparison.Ordinal))),
                         new Evidence(askedIn.Span.SpanId, askedIn.Source, asked)], 0.65)
                        with { Basis = AttributionBasis.Inference, Explains = [run.Span.SpanId] };
                    yield break;
                }
            }
        }
    }

    // The script reads the column on its own (a list of columns to show is no reading of it).
    private static bool Reads(string text, string column) => Names(ColumnRead(), text, column, StringComparison.Ordinal);

    // A column the pattern names in the text (its group "c"): read on its own, or compared with a figure.
    private static bool Names(Regex pattern, string text, string column, StringComparison comparison)
    {
        foreach (Match m in pattern.Matches(text))
        {
            if (string.Equals(m.Groups["c"].Value, column, comparison)) return true;
        }

        return false;
    }

    // A column compared with a figure: perseids["obs_rate"] >= 50.
    [GeneratedRegex(@"\[\s*['""](?<c>[A-Za-z][\w ]{0,40}?)['""]\s*\]\s*(?:>=|<=|>|<|==)\s*(?<n>\d+(?:\.\d+)?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Compared();

    // A name the task sets apart in brackets or quotes: "Zenithal Hourly Rate (ZHR)", "the 'zhr' column".
    [GeneratedRegex(@"\(\s*(?<n>[A-Za-z][\w]{1,30})\s*\)|['""`](?<n>[A-Za-z][\w]{1,30})['""`]", RegexOptions.CultureInvariant)]
    private static partial Regex NamedInTask();

    /// <summary>
    /// A script compares one column with the task's figure (<c>perseids["obs_rate"] >= 50</c> for "a ZHR of at least 50")
    /// where the task names another column by its name, set apart in brackets or quotes ("(ZHR)"), and the script, which
    /// holds that name in quotes (<c>"zhr"</c>), never compares it, nor does any later script: it counted by another
    /// measure than the one asked for.
    /// </summary>
    private Finding? OtherMeasure(DetectionContext context, SourcedText task)
    {
        var names = NamedInTask().Matches(task.Text).Select(m => m.Groups["n"].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0) return null;
        var turns = context.Turns;
        var all = turns.All;
        foreach (var turn in all)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || !turn.Text.Contains("```", StringComparison.Ordinal)) continue;
            foreach (Match cmp in Compared().Matches(turn.Text))
            {
                var used = cmp.Groups["c"].Value;
                if (WholeWords.Find(task.Text, cmp.Groups["n"].Value) < 0) continue;
                foreach (var named in names)
                {
                    if (string.Equals(named, used, StringComparison.OrdinalIgnoreCase) || used.Split('_').Contains(named, StringComparer.OrdinalIgnoreCase)) continue;
                    // The script knows the named column (it quotes it), and neither it nor a later script compares it.
                    if (!Quoted(turn.Text, named) || all.Any(t => t.Position >= turn.Position && !t.IsObservation && ComparesColumn(t.Text, named))) continue;
                    if (turns.CodeRun(turn) is not { } run || CodeExecutionErrorDetector.Failure(run.Text) is not null) continue;
                    return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"{turn.Agent ?? turn.Span.Name}'s script compares {used} with {cmp.Groups["n"].Value}, where the task asks by {named}: what it counted is another measure.",
                        [new Evidence(turn.Span.SpanId, turn.Source, cmp.Value), new Evidence(task.Span.SpanId, task.Source, named)], 0.65)
                        with { Basis = AttributionBasis.Inference, Explains = [run.Span.SpanId] };
                }
            }
        }

        return null;
    }

    private static bool Quoted(string text, string name) =>
        text.Contains("\"" + name + "\"", StringComparison.OrdinalIgnoreCase) || text.Contains("'" + name + "'", StringComparison.OrdinalIgnoreCase);

    private static bool ComparesColumn(string text, string name) => Names(Compared(), text, name, StringComparison.OrdinalIgnoreCase);

    // A column compared with a quoted name: ["home_team"] == "Harrowgate Colts".
    [GeneratedRegex(@"\G\[\s*['""][\w ]+['""]\s*\]\s*==\s*['""](?<name>\p{Lu}[^'""\n]{1,60})['""]", RegexOptions.CultureInvariant)]
    private static partial Regex ComparedWithName();

    // Where a text puts a name in the role a column's words name: "Harrowgate Colts were the away team" for away_team;
    // the words as written, null when it does not.
    private static string? InRole(string text, string name, string column)
    {
        var phrase = column.Replace('_', ' ');
        if (!phrase.Contains(' ', StringComparison.Ordinal)) return null;
        var m = Regex.Match(text, $@"\b{Regex.Escape(name)}\s+(?:were|was|is|are|as|played as|playing as|plays as)\s+the\s+{Regex.Escape(phrase)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? m.Value : null;
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
