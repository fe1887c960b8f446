using TraceRegress.Engine;
using Xunit.Abstractions;
namespace TraceRegress.AttributionTests;
public class TmpProbe(ITestOutputHelper o)
{
    [Fact]
    public void Probe()
    {
        var trace = Fixture.Load("multiagent-heldout", "groupchat-holiday-not-removed.json");
        var ctx = new DetectionContext(trace, AttributionEngine.Default is var e ? new AttributionOptions() : null!, new Dictionary<string, int>());
        foreach (var t in ctx.Turns.All)
        {
            o.WriteLine($"turn {t.Position} {t.Agent} obs={t.IsObservation} exec={t.IsExecutionOutput}");
            foreach (var f in ctx.Facts.FactsOf(t.Text)) o.WriteLine($"   {f.Kind} '{f.Written}' key={f.Key} dim={f.Dimension} first={ctx.Facts.FirstSeen(f.Key)?.Span.Name}");
        }
    }
}
