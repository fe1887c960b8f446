using System.Runtime.CompilerServices;
using TraceRegress.Capture;
using Xunit;

namespace TravelAgent.XunitTests;

/// <summary>
/// The corpus traces under <c>traces/wayfarer/</c> are captured from the Wayfarer agent itself, not written by
/// hand. These tests capture each scenario again and check the committed trace is what the agent records
/// today. <c>TRAVELAGENT_RECORD_CORPUS=1 dotnet test --filter WayfarerRecordingTests</c> rewrites them.
/// </summary>
public class WayfarerRecordingTests
{
    public static TheoryData<string> Scenarios => new(TravelAgent.Scenario.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Committed_trace_is_what_the_agent_records_today(string name)
    {
        var scenario = TravelAgent.Scenario.All.Single(s => s.Name == name);
        using var capture = TraceCapture.Start(new TraceCaptureOptions { Sources = [WayfarerAgent.ActivitySourceName], ServiceName = "travel-agent" });
        var agent = new WayfarerAgent(scenario.CreateModel(), TravelTools.Create(scenario.CreatePartner()),
            new WayfarerOptions { PartnerErrors = PartnerErrorHandling.PassThrough });
        await agent.RunAsync(scenario.Request);
        capture.Dispose();

        if (Environment.GetEnvironmentVariable("TRAVELAGENT_RECORD_CORPUS") == "1")
        {
            capture.SaveTo(SourceCorpus(), scenario.Name, overwrite: true);
        }

        var fresh = capture.ToTrace();
        var committed = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "..", "traces", scenario.Name + ".json"));
        Assert.Equal(committed.Spans.Select(s => s.Path), fresh.Spans.Select(s => s.Path));
        var was = AttributionEngine.Current.Attribute(committed);
        var now = AttributionEngine.Current.Attribute(fresh);
        Assert.Equal(was.Cited?.Path, now.Cited?.Path);
        Assert.Equal(was.Category, now.Category);
    }

    private static string SourceCorpus([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "traces"));
}
