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

/// <summary>One trace of the corpus: its attribution now, and what was approved.</summary>
/// <param name="RelativePath">The trace's path in the corpus, with forward slashes.</param>
/// <param name="State">How it stands against its approval.</param>
/// <param name="Actual">The current attribution; null when the trace could not be read.</param>
/// <param name="Approved">The approval, when there is a readable one.</param>
/// <param name="Differences">What differs from the approval, one line each.</param>
/// <param name="Error">Why the trace or its approval could not be read.</param>
internal sealed record TraceEntry(string RelativePath, TraceState State, Attribution? Actual, VerifiedAttribution? Approved, IReadOnlyList<string> Differences, string? Error);

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

    /// <summary>Attributes every trace in the folder and compares it with its approval.</summary>
    public static CorpusReport Build(CliHost host, string folder)
    {
        var traces = CorpusFiles.Traces(folder);
        var entries = new TraceEntry[traces.Count];
        var indexed = traces.Select((path, index) => (path, index)).ToArray();
        host.ForEachWithProgress("Attributing traces", indexed, item => entries[item.index] = Examine(host, folder, item.path));
        return new CorpusReport(folder, entries);
    }

    private static TraceEntry Examine(CliHost host, string folder, string path)
    {
        var relative = CorpusFiles.Relative(folder, path);
        AgentTrace trace;
        Attribution actual;
        try
        {
            trace = AgentTrace.Load(path);
            actual = host.Engine.Attribute(trace);
        }
        catch (TraceFormatException e)
        {
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], $"{path}: {e.Message}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One trace that a custom engine cannot handle must not hide the rest of the corpus.
            return new TraceEntry(relative, TraceState.Unreadable, null, null, [], $"{path}: attribution failed: {e.GetType().Name}: {e.Message}");
        }

        var verified = ApprovalFiles.For(path).VerifiedPath;
        if (!File.Exists(verified)) return new TraceEntry(relative, TraceState.Unapproved, actual, null, [], null);
        try
        {
            var approved = VerifiedAttribution.Load(verified);
            var comparison = AttributionComparison.Compare(trace, actual, approved.Expectation);
            return new TraceEntry(relative, comparison.Matches ? TraceState.Approved : TraceState.Changed, actual, approved, comparison.Differences, null);
        }
        catch (TraceFormatException e)
        {
            return new TraceEntry(relative, TraceState.Unreadable, actual, null, [], e.Message);
        }
    }

    private static (string Name, int Count)[] Rank(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToArray();
}
