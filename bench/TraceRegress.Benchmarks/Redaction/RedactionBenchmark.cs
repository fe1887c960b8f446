using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TraceRegress.Benchmarks.Load;
using TraceRegress.Benchmarks.Results;
using TraceRegress.Formats;
using TraceRegress.Redaction;

namespace TraceRegress.Benchmarks.Redaction;

/// <summary>
/// What <c>traceregress redact</c> costs on a large trace, as ratios: its work (format detection and
/// redaction of the bytes already read) against <c>JsonDocument.Parse</c> of the same bytes, timed
/// alternately in one process (medians), and its peak memory against the file size, in a fresh process.
/// </summary>
internal static class RedactionBenchmark
{
    public const string ChildCommand = "redact-memory-child";

    /// <summary>About 25 MB of flat span JSON (the size the budget was set for).</summary>
    private const int FullSpans = 20_000;

    private const int QuickSpans = 4_000;

    public static void Run(BenchSettings settings, ResultTable results, string workFolder)
    {
        var spans = settings.Quick ? QuickSpans : FullSpans;
        var bytes = GeneratedTraces.Flat(spans);
        var repetitions = settings.Quick ? 3 : 9;

        // Warm up both (JIT, regex construction, the shape table) before timing.
        Parse(bytes);
        var found = Redact(bytes);
        var parse = new List<double>();
        var redact = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            parse.Add(Time(() => Parse(bytes)));
            redact.Add(Time(() => Redact(bytes)));
        }

        var parseMs = Median(parse);
        var redactMs = Median(redact);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{spans:N0} spans, {bytes.Length / 1e6:F1} MB, {found} secret(s) masked: JsonDocument.Parse {parseMs:F1} ms, redact {redactMs:F1} ms (medians of {repetitions}; redact samples {string.Join(", ", redact.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))})");
        results.Add($"redact / JsonDocument.Parse, {bytes.Length / 1e6:F0} MB trace", redactMs / parseMs, "×", 5, detail);

        var file = Path.Combine(workFolder, $"redact-{spans}.json");
        File.WriteAllBytes(file, bytes);
        var values = SelfProcess.Run([ChildCommand, file]).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (size, peak, allocated) = (values[0], values[1], values[2]);
        results.Add($"redact peak memory / file size, {size / 1e6:F0} MB trace", peak / size, "×", 3,
            string.Create(CultureInfo.InvariantCulture, $"{size / 1e6:F1} MB file: peak resident growth {peak / 1e6:F1} MB over the process with the file read, allocated {allocated / 1e6:F1} MB"));
    }

    /// <summary>In the child: reads the file, resets the peak, redacts, and prints file size, peak growth and allocation.</summary>
    public static void Child(string file)
    {
        var bytes = File.ReadAllBytes(file);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var residentBefore = PeakMemory.ResetPeakResident();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        TraceReaders.Detect(new TraceInput(bytes, file), out _);
        var result = new TraceRedactor().Redact(bytes, file);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var peak = PeakMemory.ReadStatus("VmHWM") - residentBefore;
        GC.KeepAlive(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} {peak} {allocated}"));
    }

    // What the redact command does with the bytes it read: detect the format, then redact.
    private static int Redact(byte[] bytes)
    {
        TraceReaders.Detect(new TraceInput(bytes, "bench.json"), out _);
        return new TraceRedactor().Redact(bytes, "bench.json").Total;
    }

    private static void Parse(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        GC.KeepAlive(document.RootElement.ValueKind);
    }

    private static double Time(Action action)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
