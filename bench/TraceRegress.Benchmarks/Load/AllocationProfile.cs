using System.Diagnostics.Tracing;
using System.Globalization;

namespace TraceRegress.Benchmarks.Load;

/// <summary>
/// What load + attribute allocates, by phase and by type: the runtime's allocation-tick events (one per ~100 KB
/// allocated, naming the type of the object that crossed the mark) counted while each phase runs, over several rounds.
/// A sample, not an exact count: types that allocate less than a few hundred KB in all may not show.
/// </summary>
internal static class AllocationProfile
{
    public const string Command = "profile-alloc";

    public static void Run(string[] args)
    {
        foreach (var arg in args)
        {
            var kind = arg[..arg.IndexOf(':', StringComparison.Ordinal)];
            var size = int.Parse(arg[(arg.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            var bytes = GeneratedTraces.Bytes(kind, size);
            using var listener = new TickListener();
            const int rounds = 5;
            for (var round = 0; round < rounds; round++)
            {
                listener.Phase = "load";
                var trace = AgentTrace.Parse(bytes, "profile.json");
                var engine = new AttributionEngine();
                var context = engine.CreateContext(trace);
                listener.Phase = "gen-ai view";
                _ = context.View;
                listener.Phase = "agent turns";
                _ = context.Turns;
                listener.Phase = "fact index";
                _ = context.Facts;
                var findings = new List<Finding>();
                foreach (var detector in engine.Detectors)
                {
                    listener.Phase = detector.Id;
                    findings.AddRange(detector.Detect(context));
                }

                listener.Phase = "root cause";
                Engine.RootCause.Select(context, findings);
                listener.Phase = "";
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} {size:N0} spans, {bytes.Length:N0} bytes; sampled MB per round"));
            foreach (var phase in listener.Samples.GroupBy(s => s.Key.Phase).OrderByDescending(g => g.Sum(s => s.Value)))
            {
                var total = phase.Sum(s => s.Value) / rounds / 1e6;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase.Key,-26} {total,8:F1} MB"));
                foreach (var type in phase.OrderByDescending(s => s.Value).Take(8))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {type.Value / rounds / 1e6,8:F1} MB  {type.Key.Type}"));
                }
            }
        }
    }

    private sealed class TickListener : EventListener
    {
        public volatile string Phase = "";

        public Dictionary<(string Phase, string Type), long> Samples { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            // The GC keyword at verbose level carries GCAllocationTick.
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || Phase.Length == 0 || e.Payload is null) return;
            var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
            var amount = e.PayloadNames!.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 100_000;
            lock (Samples)
            {
                var key = (Phase, type);
                Samples[key] = Samples.GetValueOrDefault(key) + amount;
            }
        }
    }
}
