using System.Diagnostics;
using System.Globalization;
using TraceRegress.Benchmarks.Results;

namespace TraceRegress.Benchmarks.Load;

/// <summary>
/// Peak memory of loading and attributing one trace file, measured in a fresh process per size so
/// nothing else shares the heap: the growth of the process's peak resident set (VmHWM) over the
/// resident set with the file's bytes already in memory, and the heap the loaded trace keeps alive.
/// </summary>
internal static class PeakMemory
{
    public const string ChildCommand = "memory-child";

    public static void Run(BenchSettings settings, ResultTable results, string workFolder)
    {
        foreach (var kind in GeneratedTraces.Kinds)
        {
            foreach (var size in settings.TraceSizes)
            {
                var file = Path.Combine(workFolder, $"agent-{kind}-{size}.json");
                File.WriteAllBytes(file, GeneratedTraces.Bytes(kind, size));
                var output = SelfProcess.Run([ChildCommand, file]);
                var values = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                var (bytes, peak, retained, allocated) = (values[0], values[1], values[2], values[3]);
                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"{bytes / 1e6:F1} MB file: peak resident growth {peak / 1e6:F1} MB, live heap after load + attribute {retained / 1e6:F1} MB, allocated {allocated / 1e6:F1} MB");
                var label = $"{size:N0} spans, {LoadRatios.Describe(kind)}";
                results.Add($"peak memory / file size, {label}", peak / bytes, "×", size >= 10_000 ? 3 : null, detail);
                results.Add($"live heap of loaded trace / file size, {label}", retained / bytes, "×", null, detail);
                File.Delete(file);
            }
        }
    }

    /// <summary>In the child: reads the file, resets the peak, loads and attributes, and prints the numbers.</summary>
    public static void Child(string file)
    {
        var bytes = File.ReadAllBytes(file);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var residentBefore = ResetPeakResident();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var trace = AgentTrace.Parse(bytes, Path.GetFileName(file));
        var attribution = new AttributionEngine().Attribute(trace);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var peak = ReadStatus("VmHWM") - residentBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(trace);
        GC.KeepAlive(attribution);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} {peak} {retained} {allocated}"));
    }

    /// <summary>Resets the kernel's peak-resident counter (Linux: write 5 to clear_refs) and returns the current resident size.</summary>
    internal static long ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Older kernels: the peak then includes the start-up, which only overstates the result.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ReadStatus("VmRSS");
    }

    internal static long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }

        using var self = Process.GetCurrentProcess();
        return field == "VmHWM" ? self.PeakWorkingSet64 : self.WorkingSet64;
    }
}

/// <summary>
/// Where the peak comes from: the live heap (after a full collection) and the process's peak resident growth after each
/// phase of load + attribute, in one fresh process. Forced collections change the peak, so this explains it; the
/// figure to compare with the target is <see cref="PeakMemory"/>'s.
/// </summary>
internal static class MemoryPhases
{
    public const string Command = "memory-phases";

    public static void Run(string file)
    {
        var bytes = File.ReadAllBytes(file);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var residentBefore = PeakMemory.ResetPeakResident();
        void Report(string phase) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase,-14} peak growth {(PeakMemory.ReadStatus("VmHWM") - residentBefore) / (double)bytes.Length,5:F2}x  live heap {(GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (double)bytes.Length,5:F2}x the file"));
        var trace = AgentTrace.Parse(bytes, Path.GetFileName(file));
        Report("load");
        var engine = new AttributionEngine();
        var context = engine.CreateContext(trace);
        _ = context.View;
        Report("view");
        _ = context.Turns;
        _ = context.Facts;
        Report("facts");
        var findings = new List<Finding>();
        foreach (var detector in engine.Detectors) findings.AddRange(detector.Detect(context));
        Report("detectors");
        var attribution = Engine.RootCause.Select(context, findings);
        Report("root cause");
        GC.KeepAlive(context);
        GC.KeepAlive(attribution);
        GC.KeepAlive(trace);
    }
}
