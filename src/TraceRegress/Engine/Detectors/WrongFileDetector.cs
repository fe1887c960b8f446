using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a worker told to open one file opened another: the instruction names the file (by its name,
/// <c>committee_minutes_2024-05-14.docx</c>, or by the words of a name a listing shows, "the North-East Gate counter's
/// file" beside <c>north_east_gate_2023.csv</c>), and the worker's next turn shows a file of another name
/// (<c>Address: file:///workspace/minutes/committee_minutes_2024-03-12.docx</c>), and the file asked for is not opened
/// right after it. Whatever the team worked out afterwards came from the wrong file: Poor Information Retrieval, cited at the
/// worker's turn that opened it, quoting the instruction and the address.
/// </summary>
internal sealed partial class WrongFileDetector : IDetector
{
    public const string DetectorId = "wrong-file";

    // A file name with an extension a surfer opens: data, documents, pages.
    [GeneratedRegex(@"(?<![\w.-])(?<name>[\w-][\w.-]*\.(?:csv|tsv|xlsx|xls|xlsm|docx|doc|pdf|txt|json|jsonl|md|pptx|ppt|html|htm|xml|parquet|odt|ods))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileName();

    // A file name with spaces or brackets as a listing's table cell shows it ("| Budget 2025 (for approval).docx |").
    [GeneratedRegex(@"\|[ \t]*(?<name>[^|\n]*?\.(?:csv|tsv|xlsx|xls|xlsm|docx|doc|pdf|txt|json|jsonl|md|pptx|ppt|html|htm|xml|parquet|odt|ods))[ \t]*\|", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListedName();

    // The address a file surfer's turn shows.
    [GeneratedRegex(@"^Address:\s*(?<address>\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"\b(?:open|read|load|show|view|look at)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenVerb();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A file a script reads by name: read_csv("..."), read_parquet('...'), open("...").
    [GeneratedRegex(@"\b(?:read_csv|read_parquet|read_excel|read_json|read_table|read_feather|open|load_workbook)\(\s*r?[""'](?<path>[^""'\n]{3,200})[""']", RegexOptions.CultureInvariant)]
    private static partial Regex ReadInCode();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        if (OtherVersionRead(context) is { } version)
        {
            yield return version;
            yield break;
        }

        var all = turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var instruction = all[i];
            if (instruction.IsObservation || instruction.Agent is not { } agent || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(agent)) continue;
            var said = DroppedConstraintDetector.InstructionOf(instruction.Text);
            if (said.Length == 0 || said.Length > 600 || !OpenVerb().IsMatch(said)) continue;
            var worker = Next(all, i);
            if (worker is null || !worker.IsObservation || Address().Match(worker.Text) is not { Success: true } shown) continue;
            var opened = NameOf(shown.Groups["address"].Value);
            if (opened.Length == 0) continue;
            var asked = Asked(context, instruction, said, worker, opened);
            if (asked is null || string.Equals(asked, opened, StringComparison.OrdinalIgnoreCase)) continue;
            // Opened right after: the worker corrected itself before anyone worked from the wrong file. (Opened much later,
            // to check one thing, it does not undo what was worked out from the wrong one.)
            if (all.Skip(worker.Position + 1).Take(4).Any(t => t.IsObservation && Address().Match(t.Text) is { Success: true } a && string.Equals(NameOf(a.Groups["address"].Value), asked, StringComparison.OrdinalIgnoreCase))) continue;
            yield return context.CreateFinding(this, worker.Span, "Poor Information Retrieval",
                $"{worker.Agent ?? worker.Span.Name} was told to open {asked} and opened {opened}; what the team worked out afterwards came from the wrong file.",
                [new Evidence(instruction.Span.SpanId, instruction.Source, ErrorText.LineAround(instruction.Text, Math.Max(0, instruction.Text.IndexOf(asked, StringComparison.OrdinalIgnoreCase)))), new Evidence(worker.Span.SpanId, worker.Source, shown.Value.Trim())], 0.65)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The turn that answered the instruction: the next one that is not the coordinator's note of who speaks next.
    private static AgentTurn? Next(IReadOnlyList<AgentTurn> all, int i)
    {
        for (var j = i + 1; j < all.Count; j++)
        {
            var t = all[j];
            if (string.Equals(t.Agent, all[i].Agent, StringComparison.Ordinal) && AgentTurns.NextSpeakerNote(t)) continue;
            return t;
        }

        return null;
    }

    // The file name at the end of a path or URL ("file:///workspace/counts/north_gate_2023.csv" → north_gate_2023.csv).
    private static string NameOf(string address)
    {
        // Decoded first: "Budget%202025%20(for%20approval).docx" names "Budget 2025 (for approval).docx".
        var path = Uri.UnescapeDataString(address).TrimEnd('/', '.', ',');
        var cut = path.LastIndexOfAny(['/', '\\']);
        var name = cut < 0 ? path : path[(cut + 1)..];
        return ListedName().IsMatch("|" + name + "|") ? name : "";
    }

    /// <summary>
    /// The file the instruction asks for: the one it names; else, of the files a listing before it showed, the one whose
    /// name holds every word the instruction says of it ("North-East Gate" → north_east_gate_2023.csv) where the file
    /// opened lacks one of them. Null when the instruction asks for no one file.
    /// </summary>
    private static string? Asked(DetectionContext context, AgentTurn instruction, string text, AgentTurn worker, string opened)
    {
        var named = FileName().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (named.Count == 1) return named[0];
        if (named.Count > 1) return null;
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in context.Turns.All)
        {
            if (t.Position >= instruction.Position) break;
            if (!t.IsObservation) continue;
            foreach (Match m in FileName().Matches(t.Text)) listed.Add(m.Groups["name"].Value);
            foreach (Match m in ListedName().Matches(t.Text)) listed.Add(m.Groups["name"].Value.Trim());
        }

        if (!listed.Contains(opened)) return null;
        var said = Words(text);
        var openedWords = Words(opened);
        // The words of the instruction that name files: those some listed file's name holds.
        var naming = said.Where(w => listed.Any(f => Words(f).Contains(w))).ToHashSet(StringComparer.Ordinal);
        if (naming.Count < 2 || naming.IsSubsetOf(openedWords)) return null;
        var fits = listed.Where(f => naming.IsSubsetOf(Words(f))).ToList();
        if (fits.Count == 1) return fits[0];
        if (fits.Count > 1) return null;
        // No name holds every such word ("the budget the trustees finally approved" beside a trustees' agenda): the one
        // name that holds the most of them, two or more, and more than the file opened.
        var scored = listed.Select(f => (Name: f, Score: Words(f).Count(naming.Contains))).OrderByDescending(f => f.Score).ToList();
        var best = scored[0];
        var openedScore = openedWords.Count(naming.Contains);
        return best.Score >= 2 && best.Score > openedScore && (scored.Count == 1 || scored[1].Score < best.Score) ? best.Name : null;
    }

    // Lower-case words of three letters or more, split at anything that is not a letter ("north_east_gate_2023.csv").
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in Regex.Split(text.ToLowerInvariant(), @"[^a-z]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            if (w.Length >= 3 && w is not ("csv" or "xlsx" or "xls" or "docx" or "doc" or "pdf" or "txt" or "json" or "the" or "and" or "file" or "from" or "open" or "show" or "its" or "contents" or "workspace")) words.Add(w);
        }

        return words;
    }

    /// <summary>
    /// The task names the data file to use (<c>/workspace/cbc_ashford_2023_final.csv</c>) and a turn's code reads another
    /// version of it instead: a file of another name that begins the same way (<c>.cache/cbc_ashford_2023.parquet</c>, a
    /// cached or preliminary copy), and not the named one. What was computed from it comes from other data.
    /// </summary>
    private Finding? OtherVersionRead(DetectionContext context)
    {
        var turns = context.Turns;
        var task = turns.TaskTurn is { } opening ? opening.Text : turns.Task?.Text;
        if (task is null) return null;
        var named = FileName().Matches(task).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0) return null;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            var read = ReadInCode().Matches(turn.Text).Select(m => (Match: m, Name: NameOf(m.Groups["path"].Value))).ToList();
            if (read.Count == 0 || read.Exists(r => named.Contains(r.Name, StringComparer.Ordinal))) continue;
            // Only a read that worked: a path mistyped and failing (FileNotFoundError) read nothing.
            if (turns.All.Skip(turn.Position + 1).FirstOrDefault(t => t.IsExecutionOutput) is { } ran
                && (ran.Text.Contains("Traceback", StringComparison.Ordinal) || ran.Text.Contains("No such file", StringComparison.Ordinal))) continue;
            foreach (var (m, name) in read)
            {
                if (FileName().Match(name) is not { Success: true } || named.FirstOrDefault(n => SameStem(n, name)) is not { } meant || Describes(name)) continue;
                return context.CreateFinding(this, turn.Span, "Poor Information Retrieval",
                    $"The task names {meant}, and {turn.Agent ?? turn.Span.Name}'s code reads {name} instead, another version of it: what was computed from it comes from other data.",
                    [new Evidence(turns.TaskTurn?.Span.SpanId ?? turns.Task!.Span.SpanId, turns.TaskTurn?.Source ?? turns.Task!.Source, meant), new Evidence(turn.Span.SpanId, turn.Source, m.Value)], 0.7)
                    with { Basis = AttributionBasis.Inference };
            }
        }

        return null;
    }

    // A file that describes the data beside it rather than holding another version of it (wendle_lock_log_README.txt,
    // survey_codebook.pdf, sales_data_dictionary.md).
    [GeneratedRegex(@"(?:^|[_\-. ])(?:readme|codebook|dictionary|schema|metadata|notes|documentation|legend|glossary)(?:[_\-. ]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Description();

    private static bool Describes(string name) => Description().IsMatch(name);

    // Two file names that begin with the same stem of six characters or more and differ after it.
    private static bool SameStem(string a, string b)
    {
        var x = System.IO.Path.GetFileNameWithoutExtension(a);
        var y = System.IO.Path.GetFileNameWithoutExtension(b);
        var n = 0;
        while (n < x.Length && n < y.Length && char.ToLowerInvariant(x[n]) == char.ToLowerInvariant(y[n])) n++;
        return n >= 6 && !a.Equals(b, StringComparison.OrdinalIgnoreCase);
    }
}
