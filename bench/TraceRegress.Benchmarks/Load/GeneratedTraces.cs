using TraceRegress.Benchmarks.Generation;

namespace TraceRegress.Benchmarks.Load;

/// <summary>The generated agent traces the load benchmarks read, as the bytes of a flat span JSON file.</summary>
internal static class GeneratedTraces
{
    /// <summary>Trace sizes, in spans, of a full run.</summary>
    public static readonly int[] FullSizes = [1_000, 10_000, 100_000];

    /// <summary>Trace sizes of a quick (smoke) run.</summary>
    public static readonly int[] QuickSizes = [1_000, 10_000];

    /// <summary>The kinds of trace the load and memory benchmarks measure (see <see cref="Bytes"/>).</summary>
    public static readonly string[] Kinds = ["flat", "sdk"];

    private static readonly Dictionary<(string, int), byte[]> Cache = [];

    /// <summary>A realistic agent trace of <paramref name="spans"/> spans, compact as exporters write it; the same bytes every run.</summary>
    public static byte[] Flat(int spans) => Bytes("flat", spans);

    /// <summary>
    /// A trace of <paramref name="spans"/> spans: <c>flat</c> (generated, flat span JSON), <c>otlp</c> (the same,
    /// as OTLP/JSON) or <c>sdk</c> (real Microsoft.Extensions.AI and OpenTelemetry .NET exports replicated, OTLP/JSON).
    /// </summary>
    public static byte[] Bytes(string kind, int spans)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((kind, spans), out var bytes))
            {
                Cache[(kind, spans)] = bytes = kind switch
                {
                    "flat" => AgentTraceGenerator.Flat(spans, seed: 42),
                    "otlp" => AgentTraceGenerator.Otlp(spans, seed: 42),
                    "sdk" => SdkTraceReplicator.Otlp(spans, seed: 42),
                    _ => throw new ArgumentException($"unknown trace kind '{kind}' (flat, otlp, sdk)", nameof(kind)),
                };
            }

            return bytes;
        }
    }
}
