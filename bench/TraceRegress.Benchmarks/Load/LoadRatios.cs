using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TraceRegress.Benchmarks.Results;

namespace TraceRegress.Benchmarks.Load;

/// <summary>Runs <see cref="LoadAndAttributeBenchmarks"/> and turns its summary into machine-independent ratios.</summary>
internal static class LoadRatios
{
    public static void Run(BenchSettings settings, ResultTable results)
    {
        Environment.SetEnvironmentVariable(BenchSettings.QuickVariable, settings.Quick ? "1" : "0");
        // In process: no separate project to build per run, and ratios between methods of one process are what we report.
        // A 100,000-span attribution takes about a minute per call on a busy 2-core machine: the in-process
        // toolchain's default five-minute limit per benchmark would abort the whole run.
        var job = Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(60), logOutput: true)).WithId(settings.Quick ? "quick" : "full");
        job = settings.Quick
            ? job.WithWarmupCount(1).WithIterationCount(3)
            : job.WithWarmupCount(2).WithIterationCount(7);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<LoadAndAttributeBenchmarks>(config);

        foreach (var kind in GeneratedTraces.Kinds)
        {
            foreach (var size in settings.TraceSizes)
            {
                var bytes = GeneratedTraces.Bytes(kind, size).Length;
                var json = Find(summary, nameof(LoadAndAttributeBenchmarks.JsonDocumentParse), kind, size);
                var load = Find(summary, nameof(LoadAndAttributeBenchmarks.Load), kind, size);
                var both = Find(summary, nameof(LoadAndAttributeBenchmarks.LoadAndAttribute), kind, size);
                var label = $"{size:N0} spans, {Describe(kind)}";
                if (json is null || load is null || both is null)
                {
                    results.Note($"{label}: a benchmark did not produce a result (see BenchmarkDotNet's output above)");
                    continue;
                }

                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"{bytes / 1e6:F1} MB: JsonDocument {Ms(json)} ms, load {Ms(load)} ms, load + attribute {Ms(both)} ms");
                results.Add($"load + attribute / JsonDocument.Parse, {label}", Mean(both) / Mean(json), "×", 3, detail);
                results.Add($"load alone / JsonDocument.Parse, {label}", Mean(load) / Mean(json), "×", null, detail);
                if (Allocated(both) is { } allocated)
                {
                    results.Add($"allocated by load + attribute / file size, {label}", allocated / bytes, "×", 10,
                        string.Create(CultureInfo.InvariantCulture, $"{allocated / 1e6:F1} MB allocated for a {bytes / 1e6:F1} MB file (total allocations, not peak)"));
                }
            }
        }
    }

    /// <summary>How a kind of trace is named in the results.</summary>
    public static string Describe(string kind) => kind switch
    {
        "flat" => "generated (flat JSON)",
        "sdk" => "replicated SDK output (OTLP/JSON)",
        _ => kind,
    };

    private static BenchmarkReport? Find(Summary summary, string method, string kind, int spans) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                                            && Equals(r.BenchmarkCase.Parameters["Spans"], spans)
                                            && Equals(r.BenchmarkCase.Parameters["Traces"], kind)
                                            && r.ResultStatistics is not null);

    private static double Mean(BenchmarkReport report) => report.ResultStatistics!.Mean;

    private static string Ms(BenchmarkReport report) => (Mean(report) / 1e6).ToString("F1", CultureInfo.InvariantCulture);

    private static double? Allocated(BenchmarkReport report) =>
        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } bytes ? bytes : null;
}
