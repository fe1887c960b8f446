using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An agent of a conversation reads a table by the wrong column: it says a row's figure for one period ("148.9 km of
/// water mains renewed in 2023-24") where the table it read (a page's OCR text, a printed data frame) has that figure
/// under another period of the same row (2022-23), and another under the one named (162.4). Every figure is grounded, so
/// no fact is invented; the reading is wrong, and the turn that stated it is cited (Tool Output Misinterpretation), quoting
/// its sentence and the row. Tables are read from their text: a header line with two or more period labels (2022-23,
/// 2024, Q3, FY24) and the rows under it whose last cells, as many as the labels, are figures. A sentence is read only
/// when it names one period and a word of the row's name.
/// </summary>
internal sealed partial class MisreadCellDetector : IDetector
{
    public const string DetectorId = "misread-cell";

    [GeneratedRegex(@"(?<![\w/.–-])(?:(?:19|20)\d{2}(?:[-/–](?:\d{2}|(?:19|20)\d{2}))?|Q[1-4](?:\s(?:19|20)\d{2})?|FY\s?\d{2}(?:\d{2})?)(?![\w/–-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Period();

    // A figure cell, signed or not ("+5", "−3"), or an empty one.
    [GeneratedRegex(@"^(?:[-−+]?[$£€]?\d[\d,]*(?:\.\d+)?%?|n/?a|–|-|—)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cell();

    [GeneratedRegex(@"[$£€]?\d[\d,]*(?:\.\d+)?%?", RegexOptions.CultureInvariant)]
    private static partial Regex Figure();

    private sealed record Row(string Name, string Line, Dictionary<string, string> Cells);

    private sealed record Table(AgentTurn Turn, List<Row> Rows, HashSet<int> Lines);

    public string Id => DetectorId;

    public int Priority => 53;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var tables = new List<Table>();
        foreach (var turn in turns.All)
        {
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            // A period label and a figure first (cheap scans), tables and sentences only then.
            if (!Period().IsMatch(turn.Text)) continue;
            var lines = turn.Text.Split('\n');
            var own = Tables(turn, lines);
            tables.AddRange(own);
            if (tables.Count == 0) continue;
            var skip = new HashSet<int>(own.SelectMany(t => t.Lines));
            for (var n = 0; n < lines.Length; n++)
            {
                if (skip.Contains(n)) continue;
                foreach (var sentence in Sentences(lines[n]))
                {
                    if (Misread(tables, sentence) is not { } misread) continue;
                    var (row, period, other, figure) = misread;
                    var read = tables.First(t => t.Rows.Contains(row)).Turn;
                    yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                        $"{turn.Agent ?? "The agent"} gives {figure} for {period}, but in the table it read that figure is the {other} one of \"{row.Name}\", whose {period} figure is {row.Cells[period]}.",
                        [new Evidence(turn.Span.SpanId, turn.Source, sentence.Trim()), new Evidence(read.Span.SpanId, read.Source, row.Line.Trim())],
                        0.65) with { Basis = AttributionBasis.UngroundedContent };
                    yield break;
                }
            }
        }

        if (OtherRow(context) is { } otherRow) yield return otherRow;
        else if (OtherEntityCell(context) is { } otherCell) yield return otherCell;
    }

    /// <summary>
    /// A turn gives a value for one entity ("Edinburgh's network ... until its closure on 4 September 1962") that the
    /// table it read (rows of cells set apart by bars, one row a line or rows joined by "||" as a search snippet prints
    /// them) shows only on another entity's row (Glasgow Corporation Tramways), while the named entity's own row holds
    /// another value of the same kind in that column (16 November 1956): it read the neighbouring row. A sentence that
    /// also names the other row is no misreading.
    /// </summary>
    private Finding? OtherEntityCell(DetectionContext context)
    {
        var turns = context.Turns;
        var tables = new List<(AgentTurn Turn, List<BarRow> Rows)>();
        foreach (var turn in turns.All)
        {
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            var reading = turn.Text;
            var written = reading;
            if (turn.IsObservation)
            {
                if (turn.Text.Contains('|', StringComparison.Ordinal)) tables.AddRange(BarTables(turn.Text).Select(r => (turn, r)));
                // A surfer's own words below the page it showed ("For 1997 the women's race was won by ...") read the table too.
                reading = turn.IsExecutionOutput ? "" : AnswerTrail.SurferReading(turn.Text) is { Length: > 0 } own ? own : AnswerTrail.SurferClosing(turn.Text);
                if (reading.Length == 0) continue;
                // A surfer wraps its words at a width: a sentence runs on across the breaks ("... with a summit\nelevation of 2,503 m.").
                // Spaces stand for the breaks one for one, so a sentence is quoted as written from the same place.
                written = reading;
                reading = Unwrapped(reading);
            }

            if (tables.Count == 0) continue;
            foreach (var line in reading.Split('\n'))
            {
                // A sentence that gives two rows' figures in clauses of its own ("X has a total drop of 612 m, and Y has a
                // total drop of 318 m") is read clause by clause.
                foreach (var (whole, sentence) in Sentences(line).SelectMany(w => Parts(w).Select(part => (w, part))))
                {
                    // A year alone is a label of a column or a period, not a value of a row.
                    var stated = CellFacts(sentence).Where(f => f.Kind is FactKind.Date || IsDuration(f) || (f.Kind == FactKind.Number && !(f.IsBareNumber && Period().IsMatch(f.Written)))).ToList();
                    if (stated.Count == 0) continue;
                    var words = Words(sentence);
                    foreach (var (read, rows) in tables)
                    {
                        foreach (var fact in stated)
                        {
                            var holding = rows.Where(r => Array.Exists(r.Facts, c => c.Exists(f => Same(f, fact)))).ToList();
                            if (holding.Count != 1) continue;
                            var other = holding[0];
                            var column = Array.FindIndex(other.Facts, c => c.Exists(f => Same(f, fact)));
                            if (column == other.NameAt) continue;
                            // The row the sentence names: the one sharing the most words of its name with it ("Hochkar Scharte"
                            // over a "Val Dora Pass" that only shares "pass").
                            var named = NamedMost(rows.Where(r => !ReferenceEquals(r, other)), r => r.Name.Except(other.Name).Count(words.Contains));
                            BarRow own;
                            if (named.Count != 1 && KeyedRow(rows, other, Words(ClauseAround(sentence, fact.Index)), Words(whole)) is { } keyed)
                            {
                                own = keyed;
                            }
                            else
                            {
                                // The sentence names the other row too, or more than one row: no reading of one row for another.
                                if (named.Count != 1 || other.Name.Except(named[0].Name).Any(words.Contains)) continue;
                                own = named[0];
                                // Named by a word of its own: one no other row's cells hold ("Lindefossen"), not a region many
                                // rows share ("Africa" of "Africa Rice Center" beside rows whose region is Africa).
                                if (!own.Name.Any(w => words.Contains(w) && !rows.Any(r => !ReferenceEquals(r, own) && r.Cells.Any(c => Words(c).Contains(w))))) continue;
                            }
                            // A count of one digit ("8") is no fact of the text, but it is the cell's value.
                            if ((own.Facts[column].Find(f => f.Kind == fact.Kind && IsDuration(f) == IsDuration(fact)) ?? OneDigit(own.Cells[column], fact)) is not { } right || Same(right, fact)) continue;
                            // A value in a cell of prose is no cell value; and only the first turn to state the value after the
                            // table read it (a surfer that read it out, an orchestrator that repeats it, did not read it again).
                            if (other.Cells[column].Length > 40 || own.Cells[column].Length > 40) continue;
                            if (turns.All.Any(t => t.Position > read.Position && t.Position < turn.Position && t.Text.Contains(fact.Written, StringComparison.Ordinal))) continue;
                            return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                                $"{turn.Agent ?? "The agent"} gives {fact.Written} for \"{own.Cells[own.NameAt]}\", but in the table it read {fact.Written} is on the row of \"{other.Cells[other.NameAt]}\"; the row of \"{own.Cells[own.NameAt]}\" gives {right.Written}.",
                                [new Evidence(turn.Span.SpanId, turn.Source, AsWritten(reading, written, sentence.Trim())), new Evidence(read.Span.SpanId, read.Source, other.Line.Trim()),
                                 new Evidence(read.Span.SpanId, read.Source, own.Line.Trim())], 0.65) with { Basis = AttributionBasis.UngroundedContent };
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A row keyed by two cells of words ("Elephant Hawk-moth | Meadow | 9 | 15 | 4"), named by a sentence that gives the
    /// first key once and the second in each clause ("Elephant Hawk-moth, July 2023: Meadow trap 8, Woodland trap 10"):
    /// the one row, other than the row that holds the figure, whose second key the clause names and whose first key shares
    /// the most words with the sentence, where the clause does not name the other row's second key; null when not one.
    /// </summary>
    private static BarRow? KeyedRow(List<BarRow> rows, BarRow other, HashSet<string> clause, HashSet<string> sentence)
    {
        HashSet<string>? SecondKey(BarRow r)
        {
            var at = r.NameAt + 1;
            return at < r.Cells.Length - 1 && r.Cells[at].Length is > 0 and <= 40 && !r.Cells[at].Any(char.IsAsciiDigit) && Words(r.Cells[at]) is { Count: > 0 } w ? w : null;
        }

        if (SecondKey(other) is not { } otherKey || otherKey.Overlaps(clause)) return null;
        // Of the rows whose second key the clause names, the one whose first key shares the most words with the sentence
        // ("Elephant Hawk-moth" over "Poplar Hawk-moth").
        var named = NamedMost(rows.Where(r => !ReferenceEquals(r, other) && SecondKey(r) is { } key && key.Overlaps(clause)), r => r.Name.Count(sentence.Contains));
        return named.Count == 1 ? named[0] : null;
    }

    // A cell that holds one digit, as a count beside a stated bare number; null for anything else.
    private static Fact? OneDigit(string cell, Fact stated) =>
        stated.Kind == FactKind.Number && stated.IsBareNumber && cell.Length == 1 && char.IsAsciiDigit(cell[0])
            ? new Fact(FactKind.Number, cell, "n:" + cell, 0, cell[0] - '0') : null;

    // The clause of a list a figure stands in: from the mark before it (a comma, a semicolon, a colon) to the next comma
    // or semicolon ("Meadow trap 8" of "...: Meadow trap 8, Woodland trap 10").
    private static string ClauseAround(string sentence, int at)
    {
        if (at < 0 || at > sentence.Length) return sentence;
        var start = sentence.LastIndexOfAny([',', ';', ':'], Math.Max(0, at - 1)) + 1;
        var end = sentence.IndexOfAny([',', ';'], at);
        return sentence[start..(end < 0 ? sentence.Length : end)];
    }

    // The rows that share the most words with a sentence (one or more); none when no row shares any.
    private static List<BarRow> NamedMost(IEnumerable<BarRow> rows, Func<BarRow, int> shared)
    {
        var best = 0;
        var named = new List<BarRow>();
        foreach (var r in rows)
        {
            var n = shared(r);
            if (n == 0 || n < best) continue;
            if (n > best) named.Clear();
            best = n;
            named.Add(r);
        }

        return named;
    }

    // Where a sentence's clauses that each give a row's figure part: ", and ", "; ", " while ", " whereas ".
    [GeneratedRegex(@",\s+and\s+|;\s+|\s+(?:while|whereas)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex RowClause();

    // The sentence, then each of its clauses when it has several.
    private static IEnumerable<string> Parts(string sentence)
    {
        yield return sentence;
        var parts = RowClause().Split(sentence);
        if (parts.Length < 2) yield break;
        foreach (var part in parts) yield return part;
    }

    // A cell's fact and a sentence's are the same value: the same key, or a figure with a unit for the bare figure of a
    // column that gives the unit in its heading ("318 m" for 318 under "Total drop (m)").
    private static bool Same(Fact cell, Fact stated) =>
        cell.Key == stated.Key || (cell.Kind == FactKind.Number && stated.Kind == FactKind.Number && cell.Dimension.Length == 0 && stated.Dimension.Length > 0
                                   && cell.Value == stated.Value && !IsDuration(cell) && !IsDuration(stated));

    // A sentence of the unwrapped text as the text writes it, with its line breaks.
    private static string AsWritten(string unwrapped, string written, string sentence)
    {
        var at = unwrapped.IndexOf(sentence, StringComparison.Ordinal);
        return at < 0 || ReferenceEquals(unwrapped, written) ? sentence : written.Substring(at, sentence.Length);
    }

    // A line break inside a sentence (the line ends in neither a full stop nor a colon, and holds no table's bar) is a space.
    // A line that opens an item of a list ("- Saltmere Pier: 324 m", "* ...", "2. ...") starts anew; it runs on from no sentence.
    private static bool ListItem(string text, int at) =>
        at + 1 < text.Length && (text[at] is '-' or '*' or '•' && text[at + 1] == ' '
                                 || char.IsAsciiDigit(text[at]) && text.AsSpan(at).IndexOfAnyExceptInRange('0', '9') is > 0 and <= 2 and var n && at + n + 1 < text.Length && text[at + n] is '.' or ')' && text[at + n + 1] == ' ');

    private static string Unwrapped(string text)
    {
        if (!text.Contains('\n', StringComparison.Ordinal) || text.Contains('|', StringComparison.Ordinal)) return text;
        var chars = text.ToCharArray();
        for (var i = 1; i < chars.Length - 1; i++)
        {
            if (chars[i] == '\n' && chars[i - 1] is not ('.' or ':' or '!' or '?' or '\n') && chars[i + 1] != '\n' && !char.IsWhiteSpace(chars[i - 1]) && !ListItem(text, i + 1)) chars[i] = ' ';
        }

        return new string(chars);
    }

    // A time taken, as a results table writes it: "2:28:15", "1:02:07.4".
    [GeneratedRegex(@"(?<![\d:.])\d{1,2}:\d{2}:\d{2}(?:\.\d{1,2})?(?![\d:])", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    private const string DurationKey = "duration:";

    private static bool IsDuration(Fact fact) => fact.Key.StartsWith(DurationKey, StringComparison.Ordinal);

    /// <summary>The facts of a cell or a sentence, and the times taken it writes (a race's winning time), which are no facts elsewhere.</summary>
    private static List<Fact> CellFacts(string text)
    {
        var facts = Facts.Extract(text);
        foreach (Match m in Duration().Matches(text)) facts.Add(new Fact(FactKind.Identifier, m.Value, DurationKey + m.Value, m.Index));
        return facts;
    }

    /// <summary>A row of a table drawn with bars: its text, its cells, where its name stands (the first cell, or the second after a rank), the words of its name, each cell's facts.</summary>
    private sealed record BarRow(string Line, string[] Cells, int NameAt, HashSet<string> Name, List<Fact>[] Facts);

    /// <summary>
    /// The tables of a text drawn with bars: rows of three or more cells, one a line or several on a line joined by "||";
    /// a table is a run of rows with as many cells each, three rows or more.
    /// </summary>
    private static List<List<BarRow>> BarTables(string text)
    {
        var tables = new List<List<BarRow>>();
        List<BarRow>? current = null;
        foreach (var line in text.Split('\n'))
        {
            foreach (var segment in line.Split("||"))
            {
                var cells = segment.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                // A header names its columns: periods or words, no values.
                var header = cells.Skip(1).All(c => c.Length == 0 || Period().Match(c) is { Success: true } p && p.Length == c.Length || !c.Any(char.IsAsciiDigit));
                if (cells.Length < 3 || cells[0].Length == 0 || header)
                {
                    current = null;
                    continue;
                }

                if (current is null || current[0].Cells.Length != cells.Length)
                {
                    current = [];
                    tables.Add(current);
                }

                // The row's name: its first cell, or the one after it when the first is a rank ("2 | Hochkar Scharte | ...") or a
                // code with no word in it ("VL-047 | Lindefossen | ...").
                var rank = cells[0].Length <= 3 && cells[0].TrimEnd('.').All(char.IsAsciiDigit);
                var code = cells[0].Length <= 12 && !cells[0].Contains(' ', StringComparison.Ordinal) && cells[0].Any(char.IsAsciiDigit) && Words(cells[0]).Count == 0;
                var nameAt = (rank || code) && cells[1].Any(char.IsLetter) && Words(cells[1]).Count > 0 ? 1 : 0;
                current.Add(new BarRow(segment, cells, nameAt, Words(cells[nameAt]), cells.Select(CellFacts).ToArray()));
            }
        }

        tables.RemoveAll(t => t.Count < 3);
        return tables;
    }

    /// <summary>
    /// A turn gives a row's figures ("for the Eastgate branch the table reports 214 programs held and a program
    /// attendance of 5,870") that the table it read (in the same turn or an earlier one) shows, two or more of them, on
    /// another row (Eastdale's), while the row it names shows none of them: it read the neighbouring line. Tables are
    /// read as three or more lines of a name and two or more figures.
    /// </summary>
    private Finding? OtherRow(DetectionContext context)
    {
        var turns = context.Turns;
        var rows = new List<(AgentTurn Turn, string Name, string Line, HashSet<string> Cells)>();
        foreach (var turn in turns.All)
        {
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            var lines = turn.Text.Split('\n');
            var inTable = new HashSet<int>();
            for (var i = 0; i < lines.Length; i++)
            {
                var run = i;
                while (run < lines.Length && TableRow(lines[run]) is not null) run++;
                if (run - i >= 3)
                {
                    for (var k = i; k < run; k++)
                    {
                        var (name, cells) = TableRow(lines[k])!.Value;
                        rows.Add((turn, name, lines[k], cells));
                        inTable.Add(k);
                    }
                }

                i = Math.Max(i, run - 1);
            }

            if (rows.Count == 0 || turn.IsExecutionOutput) continue;
            for (var n = 0; n < lines.Length; n++)
            {
                if (inTable.Contains(n)) continue;
                foreach (var sentence in Sentences(lines[n]))
                {
                    var figures = Figure().Matches(sentence).Select(f => Plain(f.Value)).Where(f => !Period().IsMatch(f)).ToHashSet(StringComparer.Ordinal);
                    if (figures.Count < 2) continue;
                    foreach (var named in rows)
                    {
                        if (!(WholeWords.Find(sentence, named.Name) >= 0) || named.Cells.Overlaps(figures)) continue;
                        var other = rows.Where(r => r.Name != named.Name && ReferenceEquals(r.Turn, named.Turn) && r.Cells.Count(figures.Contains) >= 2 && WholeWords.Find(sentence, r.Name) < 0).ToList();
                        if (other.Count != 1) continue;
                        var read = other[0];
                        return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                            $"{turn.Agent ?? "The agent"} gives figures for \"{named.Name}\" that the table it read shows on the row of \"{read.Name}\"; the row of \"{named.Name}\" shows others.",
                            [new Evidence(turn.Span.SpanId, turn.Source, sentence.Trim()), new Evidence(read.Turn.Span.SpanId, read.Turn.Source, read.Line.Trim()),
                             new Evidence(named.Turn.Span.SpanId, named.Turn.Source, named.Line.Trim())], 0.65) with { Basis = AttributionBasis.UngroundedContent };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A line of a table: its name and the figures of its cells. A name, then two or more figures apart from it by two
    /// spaces or a tab or a bar; or a period in the first of columns set out with spaces ("2019  Sep 2018 – Sep 2019  −23
    /// −1,428"), then two or more cells that are figures. Null for any other line.
    /// </summary>
    private static (string Name, HashSet<string> Cells)? TableRow(string line)
    {
        var m = NamedRow().Match(line);
        if (m.Success) return (m.Groups["name"].Value.Trim(), Figure().Matches(m.Groups["cells"].Value).Select(f => Plain(f.Value)).ToHashSet(StringComparer.Ordinal));
        if (WideCells(line) is not { } cells || Period().Match(cells[0]) is not { Success: true } period || period.Length != cells[0].Length) return null;
        var figures = cells.Skip(1).Where(c => Cell().IsMatch(c) && Figure().IsMatch(c)).Select(c => Plain(Figure().Match(c).Value)).ToHashSet(StringComparer.Ordinal);
        return figures.Count >= 2 ? (cells[0], figures) : null;
    }

    // A line of a table: a name, then two or more figures apart from it by two spaces or a tab or a bar.
    [GeneratedRegex(@"^\s*\|?\s*(?<name>\p{L}[\p{L}\p{N}&'.()/ -]{1,40}?)(?:\s{2,}|\t|\s*\|\s*)(?<cells>(?:[-−]?[$£€]?\d[\d,]*(?:\.\d+)?%?(?:\s+|\s*\|\s*|$)){2,})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamedRow();

    /// <summary>The row, the period the sentence names, the period the figure stands under instead, and the figure.</summary>
    private static (Row Row, string Period, string Other, string Figure)? Misread(List<Table> tables, string sentence)
    {
        var periods = Period().Matches(sentence).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        if (periods.Count == 1) return Misread(tables, sentence, periods[0], Words(sentence));
        if (periods.Count == 0) return null;
        // A sentence that gives a figure for each of several periods ("1,550 ... in 2020 and 2,550 ... in 2022") is read
        // clause by clause, each clause one period and its figure, the row named anywhere in the sentence.
        var words = Words(sentence);
        foreach (var clause in Clause().Split(sentence))
        {
            var named = Period().Matches(clause).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count == 1 && Misread(tables, clause, named[0], words) is { } misread) return misread;
        }

        return null;
    }

    // Where a sentence's clauses part: " and ", "; ", ", ".
    [GeneratedRegex(@"\s+and\s+|;\s+|,\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Clause();

    private static (Row Row, string Period, string Other, string Figure)? Misread(List<Table> tables, string sentence, string period, HashSet<string> words)
    {
        var figures = Figure().Matches(Joined(sentence)).Select(m => Plain(m.Value)).Where(f => f != Plain(period)).ToList();
        if (figures.Count == 0) return null;
        (Row, string, string, string)? found = null;
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                if (!row.Cells.TryGetValue(period, out var named) || !Words(row.Name).Overlaps(words)) continue;
                foreach (var figure in figures)
                {
                    // The figure under the period named: the reading is right.
                    if (Plain(named) == figure) return null;
                    foreach (var (other, cell) in row.Cells)
                    {
                        if (other != period && Plain(cell) == figure) found ??= (row, period, other, cell);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The tables of a text: a header line of two or more period labels, and the rows under it.</summary>
    /// <summary>The trimmed cells of a line drawn with pipes (<c>| Month | 2022 | 2021 |</c>); null for a line with fewer than three.</summary>
    private static string[]? PipeCells(string line)
    {
        var t = line.Trim();
        if (t.Length < 3 || t[0] != '|' || t.Count(c => c == '|') < 3) return null;
        return t.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    private static List<Table> Tables(AgentTurn turn, string[] lines)
    {
        var tables = new List<Table>();
        for (var i = 0; i < lines.Length; i++)
        {
            var labels = Period().Matches(lines[i]).Select(m => m.Value).ToList();
            if (labels.Count < 2 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count) continue;
            // A header holds no figure but its labels: "2021 Apr 26 1958" is a row of a table without one.
            if (Period().Replace(lines[i], " ").Any(char.IsAsciiDigit)) continue;
            // A header says what its columns are; a sentence that names two periods is no header. A header set out in
            // columns two spaces or more apart ("Lufthavn    2019    2018  Endr. %") is one whatever its labels hold.
            var wideHeader = WideCells(lines[i]);
            if (wideHeader is null && (lines[i].Contains(". ", StringComparison.Ordinal) || lines[i].TrimEnd().EndsWith('.'))) continue;
            var rows = new List<Row>();
            var used = new HashSet<int> { i };
            for (var j = i + 1; j < lines.Length && j <= i + 40; j++)
            {
                // Columns set out with spaces keep their places too, and a figure may group its thousands with single
                // spaces ("742 871"): each period's figure is the cell under its label.
                if (wideHeader is not null && WideCells(lines[j]) is { } wide && wide.Length == wideHeader.Length)
                {
                    var byColumn = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var label in labels)
                    {
                        var column = Array.IndexOf(wideHeader, label);
                        var cell = column > 0 ? Joined(wide[column]) : "";
                        if (Cell().IsMatch(cell)) byColumn[label] = cell;
                    }

                    if (byColumn.Count == labels.Count)
                    {
                        rows.Add(new Row(wide[0], lines[j], byColumn));
                        used.Add(j);
                        continue;
                    }
                }

                var tokens = lines[j].Split([' ', '\t', '|'], StringSplitOptions.RemoveEmptyEntries);
                var cells = 0;
                while (cells < tokens.Length && Cell().IsMatch(tokens[tokens.Length - 1 - cells])) cells++;
                if (cells < labels.Count)
                {
                    // A sub-header ("actual actual target") or a rule line under the header; a blank line or prose ends it.
                    if (rows.Count == 0 && tokens.Length > 0 && tokens.Length <= labels.Count + 2 && !Figure().IsMatch(lines[j])) { used.Add(j); continue; }
                    if (rows.Count == 0 && tokens.All(t => t.Trim('-', '=', ':', '+').Length == 0)) { used.Add(j); continue; }
                    break;
                }

                var name = string.Join(' ', tokens.Take(tokens.Length - cells));
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                // A table drawn with pipes keeps its columns: each period's figure is the cell under its label, whatever
                // columns follow ("| 2022 | 2021 | Change |").
                if (PipeCells(lines[i]) is { } header && PipeCells(lines[j]) is { } row && row.Length == header.Length)
                {
                    for (var k = 0; k < labels.Count; k++)
                    {
                        var column = Array.IndexOf(header, labels[k]);
                        if (column >= 0 && Cell().IsMatch(row[column])) map[labels[k]] = row[column];
                    }

                    if (map.Count == labels.Count) name = row[0];
                    else map.Clear();
                }

                if (map.Count == 0)
                {
                    var values = tokens.Skip(tokens.Length - labels.Count).ToList();
                    for (var k = 0; k < labels.Count; k++) map[labels[k]] = values[k];
                }

                rows.Add(new Row(name, lines[j], map));
                used.Add(j);
            }

            if (rows.Count > 0) tables.Add(new Table(turn, rows, used));
        }

        return tables;
    }

    // The cells of a line set out in columns two spaces or more apart; null for fewer than three.
    private static string[]? WideCells(string line)
    {
        if (!line.Contains("  ", StringComparison.Ordinal)) return null;
        var cells = ColumnGap().Split(line.Trim());
        return cells.Length >= 3 ? cells : null;
    }

    [GeneratedRegex(@"\s{2,}|\t", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnGap();

    // Thousands grouped with single spaces, joined: "742 871" is 742871.
    [GeneratedRegex(@"\b(\d{1,3})((?: \d{3})+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceGrouped();

    private static string Joined(string text) => SpaceGrouped().Replace(text, m => m.Value.Replace(" ", "", StringComparison.Ordinal));

    // The sentences of a line: split where a full stop is followed by a space.
    private static IEnumerable<string> Sentences(string line)
    {
        var start = 0;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '.' && line[i + 1] == ' ')
            {
                yield return line[start..(i + 1)];
                start = i + 2;
            }
        }

        if (start < line.Length) yield return line[start..];
    }

    private static string Plain(string figure) => figure.Replace(",", "", StringComparison.Ordinal).Trim('$', '£', '€', '%');

    // Lower-case words of four letters or more.
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Regex.Split(text.ToLowerInvariant(), @"[^a-z0-9]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            // Words of four letters or more; of the figures, only a year, which names a row of a table kept by year.
            if (w.Length >= 4 && (w.All(char.IsAsciiLetter) || (w.Length == 4 && w[0] is '1' or '2' && w[1] is '9' or '0' && w.All(char.IsAsciiDigit)))) words.Add(w);
        }

        return words;
    }
}
