using System.Diagnostics;
using System.Globalization;
using TraceRegress.Approval;

namespace TraceRegress.Benchmarks.Projects;

/// <summary>
/// Where a generated corpus test's time goes, phase by phase, in a fresh process as the test host runs
/// it: locating the trace, reading the environment, loading, attributing, reading the verified file,
/// comparing. The first test is reported apart (it pays the first-call costs), then the mean of the rest.
/// </summary>
internal static class TestPathProfile
{
    private static readonly string[] Phases = ["locate", "environment", "load", "attribute", "read verified", "compare", "received check"];

    public static void Run(string corpusFolder)
    {
        var root = Path.GetFullPath(corpusFolder);
        var traces = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(ApprovalFiles.IsTraceFile)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (traces.Length == 0) throw new InvalidOperationException($"no traces under {root}");

        var engine = AttributionEngine.Current;
        var first = new double[Phases.Length];
        var rest = new double[Phases.Length];
        var total = Stopwatch.StartNew();
        var timeline = new List<string>();
        for (var i = 0; i < traces.Length; i++)
        {
            if (i % 100 == 0 || i is 10 or 25 or 50)
            {
                timeline.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  after {i,4} traces: {total.Elapsed.TotalMilliseconds,7:F0} ms, {System.Runtime.JitInfo.GetCompiledMethodCount(),6:N0} methods compiled"));
            }

            var times = i == 0 ? first : rest;
            var relative = Path.GetRelativePath(root, traces[i]);
            var clock = Stopwatch.StartNew();
            var located = CorpusTrace.Locate(relative, Path.GetFileName(root), root, Path.GetDirectoryName(root)!);
            Lap(times, 0, clock);
            var environment = ApprovalEnvironment.Current;
            Lap(times, 1, clock);
            var trace = AgentTrace.Load(located.TracePath);
            Lap(times, 2, clock);
            var actual = engine.Attribute(trace);
            Lap(times, 3, clock);
            var verified = File.Exists(located.Files.VerifiedPath) ? VerifiedAttribution.Load(located.Files.VerifiedPath) : null;
            Lap(times, 4, clock);
            var matches = verified is not null && AttributionComparison.Compare(trace, actual, verified.Expectation).Matches;
            Lap(times, 5, clock);
            _ = File.Exists(located.Files.ReceivedPath) && environment.MayAccept;
            Lap(times, 6, clock);
            if (!matches) Console.WriteLine($"  {relative}: does not match its verified file");
        }

        var elapsed = total.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{traces.Length} traces in {elapsed:F0} ms ({elapsed / traces.Length:F2} ms each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JIT: {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms compiling (all threads)"));
        Console.WriteLine("timeline (methods compiled so far, tier 0 and tier 1 alike):");
        foreach (var line in timeline) Console.WriteLine(line);
        Console.WriteLine("phase            first test (ms)   mean of the rest (ms)");
        for (var p = 0; p < Phases.Length; p++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Phases[p],-16} {first[p],15:F2} {rest[p] / Math.Max(1, traces.Length - 1),23:F3}"));
        }
    }

    private static void Lap(double[] times, int phase, Stopwatch clock)
    {
        times[phase] += clock.Elapsed.TotalMilliseconds;
        clock.Restart();
    }
}
