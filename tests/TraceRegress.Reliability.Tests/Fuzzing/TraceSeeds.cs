using TraceRegress.Benchmarks.Generation;
using TraceRegress.Formats;

namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>
/// The documents fuzzing starts from: every fixture of every reader's tests (copied beside this
/// assembly under Fixtures/), plus generated agent traces. A fixture's format is what detection says
/// it is, so a newly registered reader is covered as soon as its fixtures exist.
/// </summary>
internal static class TraceSeeds
{
    private static readonly Lazy<IReadOnlyList<TraceSeed>> Cache = new(Discover);

    /// <summary>Every seed, readable or not (malformed fixtures are good fuzz seeds too).</summary>
    public static IReadOnlyList<TraceSeed> All => Cache.Value;

    /// <summary>The seeds that load, with the format detected for them.</summary>
    public static IReadOnlyList<TraceSeed> Readable => All.Where(s => s.Format is not null).ToArray();

    /// <summary>Readable seeds of one format.</summary>
    public static IReadOnlyList<TraceSeed> OfFormat(TraceFormat format) => All.Where(s => s.Format == format).ToArray();

    /// <summary>The formats of every registered reader, as xUnit theory data.</summary>
    public static TheoryData<TraceFormat> RegisteredFormats()
    {
        var data = new TheoryData<TraceFormat>();
        foreach (var reader in TraceReaders.All) data.Add(reader.Format);
        return data;
    }

    private static IReadOnlyList<TraceSeed> Discover()
    {
        var seeds = new List<TraceSeed>();
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*.json*", SearchOption.AllDirectories)
                         .Where(f => !f.Contains(".verified.", StringComparison.Ordinal) && !f.Contains(".received.", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                seeds.Add(Create(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllBytes(file)));
            }
        }

        seeds.Add(Create("generated/agent-otlp.json", AgentTraceGenerator.Otlp(40, seed: 7, indented: true)));
        seeds.Add(Create("generated/agent-flat.json", AgentTraceGenerator.Flat(40, seed: 7, indented: true)));
        return seeds;
    }

    private static TraceSeed Create(string name, byte[] bytes)
    {
        TraceFormat? format;
        try
        {
            format = AgentTrace.Parse(bytes, name).Format;
        }
        catch (TraceFormatException)
        {
            format = null;
        }

        return new TraceSeed(name, bytes, format);
    }
}

/// <summary>One document to start mutating from.</summary>
internal sealed record TraceSeed(string Name, byte[] Bytes, TraceFormat? Format)
{
    public override string ToString() => Name;
}
