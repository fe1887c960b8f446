namespace TraceRegress.Benchmarks;

/// <summary>What a run measures: the full set, or a quick smoke run with smaller inputs and fewer repetitions.</summary>
internal sealed record BenchSettings(bool Quick)
{
    /// <summary>Set for BenchmarkDotNet's parameter source, which cannot see command-line options.</summary>
    public const string QuickVariable = "TRACEREGRESS_BENCH_QUICK";

    /// <summary>Trace files in the generated corpus project (and trivial tests in its twin).</summary>
    public int CorpusTraces => Quick ? 100 : 1_000;

    /// <summary>Timed repetitions of each build and test run; the median is reported.</summary>
    public int Repetitions => Quick ? 1 : 3;

    /// <summary>Sizes, in spans, of the traces whose load and memory are measured.</summary>
    public int[] TraceSizes => Quick ? Load.GeneratedTraces.QuickSizes : Load.GeneratedTraces.FullSizes;
}
