using TraceRegress.Approval;
using TraceRegress.Cli.Corpus;

namespace TraceRegress.Cli.Reports;

/// <summary>How a trace of the corpus stands against its approval.</summary>
internal enum TraceState
{
    /// <summary>The current attribution satisfies the approved one.</summary>
    Approved,

    /// <summary>The current attribution differs from the approved one.</summary>
    Changed,

    /// <summary>No <c>.verified.json</c> beside the trace.</summary>
    Unapproved,

    /// <summary>The trace or its approval could not be read.</summary>
    Unreadable,
}

/// <summary>Why a trace, an approval or a received attribution could not be used: the file, the 1-based position (0 when unknown) and the reason.</summary>
internal sealed record ReadProblem(string File, int Line, int Column, string Reason)
{
    /// <summary><c>line:column</c>, or empty when the position is unknown.</summary>
    public string Position => Line > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Line}:{Column}") : "";

    public static ReadProblem Of(TraceFormatException e, string relativeFile) => new(relativeFile, e.Line, e.Column, e.Reason);

    public override string ToString() => Line > 0 ? $"{File}({Position}): {Reason}" : $"{File}: {Reason}";
}

/// <summary>One trace of the corpus: its attribution now (or as a test run received it), and what was approved.</summary>
/// <param name="RelativePath">The trace's path in the corpus, with forward slashes (its received file's when the trace is not at hand).</param>
/// <param name="State">How it stands against its approval.</param>
/// <param name="Actual">The current attribution; null when the trace could not be read.</param>
/// <param name="Approved">The approval, when there is a readable one.</param>
/// <param name="Differences">What differs from the approval, one line each.</param>
/// <param name="Problem">Why the trace, its approval or its received attribution could not be used.</param>
/// <param name="ReceivedFrom">The received files (collected from test runs, e.g. CI shards) the attribution comes from; empty when the trace was attributed here.</param>
internal sealed record TraceEntry(string RelativePath, TraceState State, Attribution? Actual, VerifiedAttribution? Approved, IReadOnlyList<string> Differences, ReadProblem? Problem,
    IReadOnlyList<string> ReceivedFrom)
{
    /// <summary>The problem in one line (file, position, reason), or null.</summary>
    public string? Error => Problem?.ToString();
}

/// <summary>
/// A corpus seen as a whole: each trace's state against its approval, and how often each operation
/// and each category is cited (the heatmap of operation × category). Every ordering is by count, then
/// ordinal name, so the same corpus gives the same report.
/// </summary>
internal sealed class CorpusReport
{
    private CorpusReport(string folder, IReadOnlyList<TraceEntry> entries)
    {
        Folder = folder;
        Entries = entries;
        var cited = entries.Where(e => e.Actual is { FailureFound: true }).Select(e => e.Actual!).ToArray();
        Operations = Rank(cited.Select(a => a.Cited!.Name));
        Categories = Rank(cited.Select(a => a.Category!.L4));
        CategoryPaths = cited.GroupBy(a => a.Category!.L4, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Category!, StringComparer.Ordinal);
        Heat = cited.GroupBy(a => (a.Cited!.Name, a.Category!.L4))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    public string Folder { get; }

    public IReadOnlyList<TraceEntry> Entries { get; }

    /// <summary>Cited operation names, most cited first.</summary>
    public IReadOnlyList<(string Name, int Count)> Operations { get; }

    /// <summary>Cited categories (the <c>l4</c> leaf), most cited first.</summary>
    public IReadOnlyList<(string Name, int Count)> Categories { get; }

    /// <summary>The full category of each leaf seen.</summary>
    public IReadOnlyDictionary<string, FailureCategory> CategoryPaths { get; }

    /// <summary>How many traces cite an operation with a category.</summary>
    public IReadOnlyDictionary<(string Operation, string Category), int> Heat { get; }

    public int MaxHeat => Heat.Count == 0 ? 0 : Heat.Values.Max();

    public int HeatOf(string operation, string category) => Heat.GetValueOrDefault((operation, category));

    public IEnumerable<TraceEntry> WithState(TraceState state) => Entries.Where(e => e.State == state);

    public int Count(TraceState state) => Entries.Count(e => e.State == state);

    /// <summary>How many traces' attributions come from received files collected from test runs.</summary>
    public int ReceivedCount => Entries.Count(e => e.ReceivedFrom.Count > 0);

    /// <summary>Attributes every trace in the folder and compares it with its approval.</summary>
    public static CorpusReport Build(CliHost host, string folder) => Build(host, [folder]);

    /// <summary>
    /// Attributes every trace in the folders and compares it with its approval, merging the folders by each
    /// trace's path relative to its folder. A <c>.received.json</c> without its trace beside it was collected
    /// from a test run (a CI shard, say): it stands for what that run attributed, for the trace of the same
    /// relative path in another folder or on its own, and received files of the same trace from several runs
    /// are merged (a disagreement between them is a problem of that trace). A <c>.received.json</c> beside its
    /// trace is a leftover of a local run: the trace is attributed anew.
    /// </summary>
    public static CorpusReport Build(CliHost host, IReadOnlyList<string> folders)
    {
        var items = new SortedDictionary<string, Item>(StringComparer.Ordinal);
        Item ItemFor(string key) => items.TryGetValue(key, out var item) ? item : items[key] = new Item();
        foreach (var folder in folders)
        {
            foreach (var trace in CorpusFiles.Traces(folder))
            {
                var relative = CorpusFiles.Relative(folder, trace);
                var item = ItemFor(Stem(relative));
                if (item.Trace is not null) continue;
                item.Trace = trace;
                item.TraceRelative = relative;
            }

            foreach (var received in CorpusFiles.Received(folder))
            {
                if (ApprovalFiles.FindTrace(received) is not null) continue;
                var relative = CorpusFiles.Relative(folder, received);
                ItemFor(relative[..^ApprovalFiles.ReceivedSuffix.Length]).Received.Add((received, relative));
            }
        }

        var list = items.Values.ToArray();
        var entries = new TraceEntry[list.Length];
        var indexed = list.Select((item, index) => (item, index)).ToArray();
        host.ForEachWithProgress("Attributing traces", indexed, x => entries[x.index] = Examine(host, x.item));
        return new CorpusReport(string.Join(", ", folders), entries);
    }

    private sealed class Item
    {
        public string? Trace { get; set; }

        public string? TraceRelative { get; set; }

        public List<(string Path, string Relative)> Received { get; } = [];
    }

    /// <summary>A trace's path without its extension: the key its received and verified files share.</summary>
    private static string Stem(string relative)
    {
        var dot = relative.LastIndexOf('.');
        return dot > relative.LastIndexOf('/') ? relative[..dot] : relative;
    }

    private static TraceEntry Examine(CliHost host, Item item)
    {
        if (item.Received.Count == 0) return Examine(host, item.Trace!, item.TraceRelative!);

        var relative = item.TraceRelative ?? item.Received[0].Relative;
        var receivedFrom = item.Received.Select(r => r.Relative).ToArray();
        TraceEntry Unreadable(ReadProblem problem) => new(relative, TraceState.Unreadable, null, null, [], problem, receivedFrom);

        // What the test runs attributed; every run of the same trace must have attributed the same.
        var runs = new List<VerifiedAttribution>();
        foreach (var (path, rel) in item.Received)
        {
            try
            {
                runs.Add(VerifiedAttribution.Load(path));
            }
            catch (TraceFormatException e)
            {
                return Unreadable(ReadProblem.Of(e, rel));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Unreadable(new ReadProblem(rel, 0, 0, e.Message));
            }
        }

        var distinct = runs.Select(r => r.Describe()).Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > 1)
        {
            return Unreadable(new ReadProblem(receivedFrom[0], 0, 0,
                "the test runs received different attributions: " + string.Join("; ", item.Received.Select((r, i) => $"{r.Relative}: {runs[i].Describe()}"))));
        }

        var actual = ToAttribution(runs[0]);
        var verifiedPath = item.Trace is not null
            ? ApprovalFiles.For(item.Trace).VerifiedPath
            : item.Received.Select(r => ApprovalFiles.VerifiedFor(r.Path)).FirstOrDefault(File.Exists);
        if (verifiedPath is null || !File.Exists(verifiedPath)) return new TraceEntry(relative, TraceState.Unapproved, actual, null, [], null, receivedFrom);

        VerifiedAttribution approved;
        try
        {
            approved = VerifiedAttribution.Load(verifiedPath);
        }
        catch (TraceFormatException e)
        {
            return new TraceEntry(relative, TraceState.Unreadable, actual, null, [], ReadProblem.Of(e, RelativeBeside(relative, verifiedPath)), receivedFrom);
        }

        IReadOnlyList<string> differences;
        if (item.Trace is not null)
        {
            try
            {
                differences = AttributionComparison.Compare(AgentTrace.Load(item.Trace), actual, approved.Expectation).Differences;
            }
            catch (TraceFormatException e)
            {
                return Unreadable(ReadProblem.Of(e, item.TraceRelative!));
            }
        }
        else
        {
            differences = CompareWithoutTrace(runs[0], approved);
        }

        return new TraceEntry(relative, differences.Count == 0 ? TraceState.Approved : TraceState.Changed, actual, approved, differences, null, receivedFrom);
    }

    private static string RelativeBeside(string relative, string path)
    {
        var slash = relative.LastIndexOf('/');
        return (slash < 0 ? "" : relative[..(slash + 1)]) + Path.GetFileName(path);
    }

    /// <summary>
    /// A received attribution against its approval when the trace is not at hand: the cited span by its path
    /// (the approved path, a path suffix of it, its bare name, or <c>id:</c> its span id) and the category as
    /// the approval pins it.
    /// </summary>
    private static IReadOnlyList<string> CompareWithoutTrace(VerifiedAttribution received, VerifiedAttribution approved)
    {
        var expected = approved.Expectation;
        var got = received.Expectation;
        if (expected.ExpectsNoFailure || got.ExpectsNoFailure)
        {
            return expected.ExpectsNoFailure == got.ExpectsNoFailure ? [] : [$"expected {approved.Describe()}, received {received.Describe()}"];
        }

        var differences = new List<string>();
        var path = got.Span!;
        var span = expected.Span!;
        var sameSpan = expected.PinsId
            ? string.Equals(span["id:".Length..], received.SpanId, StringComparison.Ordinal)
            : path == span || path.EndsWith("/" + span, StringComparison.Ordinal) || received.Name == span;
        if (!sameSpan) differences.Add($"span: expected {span}, received {path}");
        var category = ToCategory(got.Category!);
        if (!expected.Category!.Matches(category)) differences.Add($"category: expected {expected.Category.Describe()}, received {CategoryExpectation.DescribeActual(category)}");
        return differences;
    }

    private static FailureCategory ToCategory(CategoryExpectation levels) =>
        new(levels.Levels[0] ?? "", levels.Levels[1] ?? "", levels.Levels[2] ?? "", levels.Levels[3] ?? levels.AnyLevel ?? "");

    /// <summary>A received file read back as the attribution the run produced (what the report counts and shows).</summary>
    private static Attribution ToAttribution(VerifiedAttribution received)
    {
        var expectation = received.Expectation;
        if (expectation.ExpectsNoFailure) return Attribution.NoFailure("");
        var path = expectation.Span!;
        var name = received.Name ?? path[(path.LastIndexOf('/') + 1)..];
        return new Attribution("", new CitedSpan(received.SpanId ?? "", path, name), ToCategory(expectation.Category!),
            received.Evidence, received.Chain, received.Confidence ?? 0, received.Summary ?? "");
    }

    private static TraceEntry Examine(CliHost host, string path, string relative)
    {
        AgentTrace trace;
        Attribution actual;
        try
        {
            trace = AgentTrace.Load(path);
            actual = host.Engine.Attribute(trace);
        }
        catch (TraceFormatException e)
        {
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], ReadProblem.Of(e, relative), []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], new ReadProblem(relative, 0, 0, e.Message), []);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One trace that a custom engine cannot handle must not hide the rest of the corpus.
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], new ReadProblem(relative, 0, 0, $"attribution failed: {e.GetType().Name}: {e.Message}"), []);
        }

        var verified = ApprovalFiles.For(path).VerifiedPath;
        if (!File.Exists(verified)) return new TraceEntry(relative, TraceState.Unapproved, actual, null, [], null, []);
        try
        {
            var approved = VerifiedAttribution.Load(verified);
            var comparison = AttributionComparison.Compare(trace, actual, approved.Expectation);
            return new TraceEntry(relative, comparison.Matches ? TraceState.Approved : TraceState.Changed, actual, approved, comparison.Differences, null, []);
        }
        catch (TraceFormatException e)
        {
            return new TraceEntry(relative, TraceState.Unreadable, actual, null, [], ReadProblem.Of(e, RelativeBeside(relative, verified)), []);
        }
    }

    private static (string Name, int Count)[] Rank(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToArray();
}
