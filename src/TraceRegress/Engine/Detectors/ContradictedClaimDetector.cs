using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using Span = TraceRegress.Model.Span;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step says something holds for every row ("All of the tenders passed the technical assessment", "none of the units
/// failed") where the table it read shows a row that says otherwise: a printed data frame whose column holds "pass" in
/// three rows and "fail" in one, or a tool's list of records whose <c>"status"</c> is "shipped" in all but one. Nothing
/// is invented, since the word is the table's own; the table was misread, and whatever the step did next (no filter, no
/// exclusion) stands on that. Tool Output Misinterpretation at the step that said it, quoting the sentence and the row
/// that contradicts it. A column is read only when it is a category: two to four words, some repeated, no figures. The
/// table read is the latest one before the step with a column holding the claimed word, so a step that speaks of a
/// filtered table it printed is not read against the whole one. Questions, plans and checks to make ("make sure every
/// date is parsed") claim nothing.
/// </summary>
internal sealed partial class ContradictedClaimDetector : IDetector
{
    public const string DetectorId = "contradicted-claim";

    // "All of the tenders passed", "all four units are", "every gauge", "none of them failed".
    [GeneratedRegex(@"\b(?<q>all|every|none)\b(?:\s+of)?(?:\s+(?:the|these|those|them|its|their))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Quantifier();

    // A sentence that asks, plans or sets a check claims nothing about the rows.
    [GeneratedRegex(@"\?|\b(?:if|whether|check|checks|checking|ensure|make sure|verify|should|must|need|needs|let's|will|would|can|could|assume|assuming|expect|expected|plan|step)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoClaim();

    [GeneratedRegex(@"\b(?:not|n't|never|no)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    // A row of a printed data frame: its index, then its cells.
    [GeneratedRegex(@"^\s*\d+\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex FrameRow();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z_\-]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryWord();

    [GeneratedRegex(@"[A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private static readonly HashSet<string> Linking = new(StringComparer.Ordinal) { "are", "were", "is", "was", "have", "has", "had", "been", "be", "got", "remain", "remained", "stayed" };

    // A cell's value and its row: a printed row's line, or (read only for the finding) a record.
    private sealed record Cell(string Value, string? Line, JsonElement Record = default, string? Property = null)
    {
        // The record whole when it is short, else the property alone.
        public string Row => Line ?? (Record.GetRawText() is { Length: <= 240 } whole ? whole : $"\"{Property}\": {Record.GetProperty(Property!).GetRawText()}");
    }

    private sealed record Column(string Name, List<Cell> Cells, Span Span, string Source, int Rank);

    public string Id => DetectorId;

    public int Priority => 53;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var view = context.View;
        // Claims first (a cheap scan of the turns' words): tables are read only for a run that makes one.
        if (!turns.All.Any(t => !t.IsObservation && !t.IsExecutionOutput && !ReferenceEquals(t, turns.TaskTurn) && Quantifier().IsMatch(t.Text))) yield break;
        var columns = new List<Column>();
        foreach (var turn in turns.All)
        {
            if (!turn.IsObservation && !turn.IsExecutionOutput) continue;
            FrameColumns(turn.Text, turn.Span, turn.Source, view.Rank(turn.Span), columns);
        }

        foreach (var call in view.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (result.Json is { } root) RecordColumns(root, result.Span, result.Source, view.Rank(result.Span), columns);
            }
        }

        if (columns.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || turn.IsExecutionOutput || ReferenceEquals(turn, turns.TaskTurn) || turn.Text.Length == 0) continue;
            var rank = view.Rank(turn.Span);
            var prose = AgentTurns.CodeBlock().Replace(turn.Text, " ");
            foreach (Match q in Quantifier().Matches(prose))
            {
                var sentence = Requests.Sentence(prose, q.Index);
                var at = sentence.IndexOf(q.Value, StringComparison.Ordinal);
                if (at < 0) continue;
                // The clause the quantifier opens: its subject, then what it says of it.
                var rest = sentence[(at + q.Length)..];
                var stop = rest.IndexOfAny([',', ';', ':']);
                if (stop >= 0) rest = rest[..stop];
                if (NoClaim().IsMatch(sentence[..at]) || NoClaim().IsMatch(rest)) continue;
                var none = q.Groups["q"].Value.Equals("none", StringComparison.OrdinalIgnoreCase);
                if (!none && Negation().IsMatch(rest)) continue;
                var words = Word().Matches(rest).Select(m => m.Value.ToLowerInvariant()).ToList();
                if (Contradiction(columns, rank, words, none) is not { } found) continue;
                var (column, value, row) = found;
                var said = sentence.Trim();
                var claim = none ? $"that no row is \"{value}\"" : $"that every row is \"{value}\"";
                yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                    $"{turn.Agent ?? "The agent"} said {claim} (\"{said}\"), but a row it read has \"{row.Value}\" under {column.Name} (\"{row.Row}\").",
                    [new Evidence(turn.Span.SpanId, turn.Source, said), new Evidence(column.Span.SpanId, column.Source, row.Row)],
                    0.65) with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }

    private static (Column Column, string Value, Cell Row)? Contradiction(List<Column> columns, int rank, List<string> words, bool none)
    {
        for (var j = 1; j < words.Count; j++)
        {
            // What is said of the rows, not the rows' own name: a word after "are", "were", "has been" ..., or the verb
            // that follows the subject ("the tenders passed").
            var word = words[j];
            if (!words.Take(j).Any(Linking.Contains) && !(j <= 3 && word.EndsWith("ed", StringComparison.Ordinal))) continue;
            // The latest table before the step with a column that holds the word.
            Column? read = null;
            string? value = null;
            foreach (var column in columns)
            {
                if (column.Rank >= rank || (read is not null && column.Rank < read.Rank)) continue;
                if (column.Cells.Select(c => c.Value).FirstOrDefault(v => Same(word, v)) is not { } v) continue;
                read = column;
                value = v;
            }

            if (read is null || value is null) continue;
            var against = read.Cells.FirstOrDefault(c => none ? c.Value == value : c.Value != value);
            if (against is not null) return (read, value, against);
        }

        return null;
    }

    // "passed" for "pass", "closed" for "closed", "approved" for "approve".
    private static bool Same(string word, string value)
    {
        var v = value.ToLowerInvariant();
        if (word == v) return true;
        foreach (var end in (string[])["ed", "d", "s", "es"])
        {
            if (word.Length == v.Length + end.Length && word.EndsWith(end, StringComparison.Ordinal) && word.StartsWith(v, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    // The category columns of each data frame a turn printed: a header line, then rows that open with their index. Cells
    // are read from the right, as many as the header has names less one (the first column's values may hold spaces).
    private static void FrameColumns(string text, Span span, string source, int rank, List<Column> columns)
    {
        if (!text.Contains('\n')) return;
        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (!FrameRow().IsMatch(lines[i]) || FrameRow().IsMatch(lines[i - 1])) continue;
            var header = lines[i - 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var rows = lines.Skip(i).TakeWhile(l => FrameRow().IsMatch(l)).Select(l => (Line: l.Trim(), Cells: l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
            if (header.Length < 2 || rows.Count < 2) continue;
            for (var k = 1; k < header.Length; k++)
            {
                if (rows.Exists(r => r.Cells.Length <= k + 1)) break;
                var cells = rows.Select(r => new Cell(r.Cells[^k], r.Line)).ToList();
                Add(header[^k], cells, span, source, rank, columns);
            }

            i += rows.Count;
        }
    }

    // The category columns of each list of records a tool returned: a property whose values are words.
    private static void RecordColumns(JsonElement root, Span span, string source, int rank, List<Column> columns)
    {
        foreach (var list in Lists(root))
        {
            var records = list.EnumerateArray().ToList();
            var names = records[0].EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Name).ToList();
            foreach (var name in names)
            {
                var cells = new List<Cell>();
                foreach (var r in records)
                {
                    if (!r.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) break;
                    cells.Add(new Cell(v.GetString()!, null, r, name));
                }

                if (cells.Count == records.Count) Add(name, cells, span, source, rank, columns);
            }
        }
    }

    // The arrays of two or more objects anywhere in a document.
    private static IEnumerable<JsonElement> Lists(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            if (e.GetArrayLength() >= 2 && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Object)) yield return e;
            foreach (var x in e.EnumerateArray())
            {
                foreach (var l in Lists(x)) yield return l;
            }
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                foreach (var l in Lists(p.Value)) yield return l;
            }
        }
    }

    // A category: two to four distinct words over the rows, at least one of them repeated.
    private static void Add(string name, List<Cell> cells, Span span, string source, int rank, List<Column> columns)
    {
        if (!cells.TrueForAll(c => CategoryWord().IsMatch(c.Value))) return;
        var distinct = cells.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count();
        if (distinct is < 2 or > 4 || distinct == cells.Count) return;
        columns.Add(new Column(name, cells, span, source, rank));
    }
}
