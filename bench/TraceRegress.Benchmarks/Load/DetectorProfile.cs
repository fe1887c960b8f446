using System.Diagnostics;
using System.Globalization;
using TraceRegress.Engine;

namespace TraceRegress.Benchmarks.Load;

/// <summary>Where attribution time goes: the gen-ai view, each detector and the root-cause choice, for generated traces.</summary>
internal static class DetectorProfile
{
    public static void Run(IEnumerable<int> sizes)
    {
        foreach (var size in sizes)
        {
            var bytes = GeneratedTraces.Flat(size);
            // The first round includes JIT compilation; the last is reported.
            for (var round = 0; round < 3; round++)
            {
                var lines = new List<string>();
                var clock = Stopwatch.StartNew();
                var trace = Trace.Parse(bytes, "profile.json");
                lines.Add(Line("load", clock));
                clock.Restart();
                var engine = new AttributionEngine();
                lines.Add(Line("new engine", clock));
                var context = engine.CreateContext(trace);
                clock.Restart();
                _ = context.View;
                lines.Add(Line("gen-ai view", clock));
                var findings = new List<Finding>();
                foreach (var detector in engine.Detectors)
                {
                    clock.Restart();
                    findings.AddRange(detector.Detect(context));
                    lines.Add(Line(detector.Id, clock));
                }

                clock.Restart();
                RootCause.Select(context, findings);
                lines.Add(Line("root cause", clock));
                if (round == 2) Console.WriteLine($"{size:N0} spans, {bytes.Length:N0} bytes:\n  " + string.Join("\n  ", lines));
            }
        }
    }

    private static string Line(string what, Stopwatch clock) =>
        string.Create(CultureInfo.InvariantCulture, $"{what,-26} {clock.Elapsed.TotalMilliseconds,9:F1} ms");
}
