using TraceRegress.Benchmarks.Generation;

namespace TraceRegress.Benchmarks.Load;

/// <summary>The generated agent traces the load benchmarks read, as the bytes of a flat span JSON file.</summary>
internal static class GeneratedTraces
{
    /// <summary>Trace sizes, in spans, of a full run.</summary>
    public static readonly int[] FullSizes = [1_000, 10_000, 100_000];

    /// <summary>Trace sizes of a quick (smoke) run.</summary>
    public static readonly int[] QuickSizes = [1_000, 10_000];

    private static readonly Dictionary<int, byte[]> Cache = [];

    /// <summary>A realistic agent trace of <paramref name="spans"/> spans, compact as exporters write it; the same bytes every run.</summary>
    public static byte[] Flat(int spans)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(spans, out var bytes)) Cache[spans] = bytes = AgentTraceGenerator.Flat(spans, seed: 42);
            return bytes;
        }
    }
}
