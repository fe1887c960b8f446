using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine;

namespace TraceRegress.Benchmarks.Load;

/// <summary>
/// Where load and attribution time and allocations go, phase by phase: reading, the gen-ai view, each detector
/// and the root-cause choice, beside <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// of the same bytes. Times are the process's CPU time (steadier than wall time on a shared machine), the best of
/// the rounds after the first.
/// </summary>
internal static class DetectorProfile
{
    private const int Rounds = 4;

    // A 100,000-span round takes about a minute on a busy machine: one warm-up and one measured round.
    private static int RoundsFor(int spans) => spans >= 100_000 ? 2 : Rounds;

    public static void Run(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var (kind, size) = arg.Contains(':', StringComparison.Ordinal)
                ? (arg[..arg.IndexOf(':', StringComparison.Ordinal)], int.Parse(arg[(arg.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture))
                : ("flat", int.Parse(arg, CultureInfo.InvariantCulture));
            var bytes = GeneratedTraces.Bytes(kind, size);
            var best = new Dictionary<string, (double Ms, long Bytes)>();
            var order = new List<string>();
            for (var round = 0; round < RoundsFor(size); round++)
            {
                var phases = new List<(string, double, long)>();
                void Measure(string name, Action action)
                {
                    GC.Collect();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var allocated = GC.GetAllocatedBytesForCurrentThread();
                    action();
                    var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                    phases.Add((name, ms, GC.GetAllocatedBytesForCurrentThread() - allocated));
                }

                Measure("JsonDocument.Parse", () => { using var d = JsonDocument.Parse(bytes); });
                AgentTrace trace = null!;
                Measure("load", () => trace = AgentTrace.Parse(bytes, "profile.json"));
                var engine = new AttributionEngine();
                var context = engine.CreateContext(trace);
                Measure("gen-ai view", () => _ = context.View);
                Measure("agent turns", () => _ = context.Turns);
                Measure("fact index", () => _ = context.Facts);
                var findings = new List<Finding>();
                foreach (var detector in engine.Detectors) Measure(detector.Id, () => findings.AddRange(detector.Detect(context)));
                Measure("root cause", () => RootCause.Select(context, findings));
                if (round == 0) continue;
                foreach (var (name, ms, alloc) in phases)
                {
                    if (!best.TryGetValue(name, out var b)) order.Add(name);
                    best[name] = b.Ms == 0 || ms < b.Ms ? (ms, alloc) : b;
                }
            }

            var parse = best["JsonDocument.Parse"].Ms;
            var total = order.Skip(1).Sum(n => best[n].Ms);
            var totalAlloc = order.Skip(1).Sum(n => best[n].Bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} {size:N0} spans, {bytes.Length:N0} bytes: load + attribute {total:F1} ms = {total / parse:F2}× JsonDocument.Parse, allocated {totalAlloc / (double)bytes.Length:F1}× file"));
            foreach (var name in order)
            {
                var (ms, alloc) = best[name];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-26} {ms,9:F1} ms {ms / parse,7:F2}×  {alloc / 1e6,9:F1} MB"));
            }
        }
    }
}

/// <summary>
/// The same phases summed over every trace of a corpus folder (small traces, as corpus tests see them): one pass
/// to warm up, then the best of three passes, wall time per phase summed over the traces.
/// </summary>
internal static class CorpusPhaseProfile
{
    public static void Run(string corpusFolder)
    {
        var files = Directory.EnumerateFiles(Path.GetFullPath(corpusFolder), "*.json", SearchOption.AllDirectories)
            .Where(TraceRegress.Approval.ApprovalFiles.IsTraceFile)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToArray();
        var best = new Dictionary<string, double>();
        var order = new List<string>();
        for (var pass = 0; pass < 4; pass++)
        {
            var sums = new Dictionary<string, double>();
            var clock = new Stopwatch();
            void Lap(string name)
            {
                if (!sums.ContainsKey(name) && pass == 0) order.Add(name);
                sums[name] = sums.GetValueOrDefault(name) + clock.Elapsed.TotalMilliseconds;
                clock.Restart();
            }

            var engine = new AttributionEngine();
            foreach (var bytes in files)
            {
                clock.Restart();
                using (JsonDocument.Parse(bytes)) { }
                Lap("JsonDocument.Parse");
                var trace = AgentTrace.Parse(bytes, "profile.json");
                Lap("load");
                var context = engine.CreateContext(trace);
                _ = context.View;
                Lap("gen-ai view");
                var findings = new List<Finding>();
                foreach (var detector in engine.Detectors)
                {
                    findings.AddRange(detector.Detect(context));
                    Lap(detector.Id);
                }

                RootCause.Select(context, findings);
                Lap("root cause");
            }

            if (pass == 0) continue;
            foreach (var (name, ms) in sums) best[name] = best.TryGetValue(name, out var b) ? Math.Min(b, ms) : ms;
        }

        var parse = best["JsonDocument.Parse"];
        var total = order.Skip(1).Sum(n => best[n]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Length} traces, {files.Sum(f => (long)f.Length):N0} bytes: load + attribute {total:F1} ms = {total / parse:F2}× JsonDocument.Parse ({total / files.Length:F3} ms a trace)"));
        foreach (var name in order.OrderByDescending(n => best[n]))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-26} {best[name],9:F1} ms {best[name] / parse,7:F2}×"));
        }
    }
}
