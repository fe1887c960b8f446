using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace TraceRegress.Benchmarks.Load;

/// <summary>
/// Reading a trace and attributing it, against the floor of merely parsing the same bytes with
/// <see cref="JsonDocument"/>: the ratio of the two does not depend on the machine's speed.
/// </summary>
[MemoryDiagnoser]
public class LoadAndAttributeBenchmarks
{
    private byte[] _bytes = [];

    /// <summary>Spans in the generated trace (set per run by the harness).</summary>
    [ParamsSource(nameof(Sizes))]
    public int Spans { get; set; }

    /// <summary>The sizes this run measures (the quick run skips the largest).</summary>
    public static IEnumerable<int> Sizes => Environment.GetEnvironmentVariable(BenchSettings.QuickVariable) == "1"
        ? GeneratedTraces.QuickSizes
        : GeneratedTraces.FullSizes;

    /// <summary>
    /// Which traces: <c>flat</c>, generated agent traces in the flat span JSON; <c>sdk</c>, real
    /// Microsoft.Extensions.AI / OpenTelemetry exports replicated to size (OTLP/JSON).
    /// </summary>
    [ParamsSource(nameof(Kinds))]
    public string Traces { get; set; } = "flat";

    /// <summary>The kinds of trace every run measures.</summary>
    public static IEnumerable<string> Kinds => GeneratedTraces.Kinds;

    /// <summary>Generates the trace once per size, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup() => _bytes = GeneratedTraces.Bytes(Traces, Spans);

    /// <summary>The floor: System.Text.Json's own parse of the same bytes.</summary>
    [Benchmark(Baseline = true)]
    public JsonValueKind JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(_bytes);
        return document.RootElement.ValueKind;
    }

    /// <summary>Reading alone: detection, the flat span reader and the span tree.</summary>
    [Benchmark]
    public AgentTrace Load() => AgentTrace.Parse(_bytes, "generated.json");

    /// <summary>What a corpus test does with its trace: read it and attribute it with a new default engine.</summary>
    [Benchmark]
    public Attribution LoadAndAttribute() => new AttributionEngine().Attribute(AgentTrace.Parse(_bytes, "generated.json"));
}
