using NUnit.Framework;
using TraceRegress.Replay;

namespace TravelAgent.NUnitTests;

/// <summary>
/// Guarding the fix, with NUnit: the Wayfarer agent runs again against its recorded failing traces, offline.
/// With the original partner-error handling the new run fails as recorded; with the fix the failure is gone.
/// </summary>
public class WayfarerReplayTests
{
    private static readonly object[] Recordings =
    [
        new object[] { "wayfarer/search-rate-limited", "invoke_agent wayfarer/execute_tool search_flights", "Rate Limiting" },
        new object[] { "wayfarer/seat-change-locked", "invoke_agent wayfarer/execute_tool change_seat", "Service Errors" },
    ];

    [TestCaseSource(nameof(Recordings))]
    public async Task With_the_bug_the_replayed_run_fails_as_recorded(string recording, string span, string category)
    {
        var (replay, run) = await ReplayAsync(recording, PartnerErrorHandling.PassThrough, strict: true);

        Assert.Attributes(run, span, category);
        Assert.Throws<AssertionException>(() => Assert.DoesNotAttribute(run, category: category, before: replay.Recording));
    }

    [TestCaseSource(nameof(Recordings))]
    public async Task With_the_fix_the_approved_failure_is_gone(string recording, string span, string category)
    {
        var (replay, run) = await ReplayAsync(recording, PartnerErrorHandling.RetryThenReport, strict: false);

        Assert.DoesNotAttribute(run, category: category, span: span, before: replay.Recording);
        Assert.NoFailure(run, before: replay.Recording);
    }

    private static async Task<(TraceReplay Replay, AgentTrace Run)> ReplayAsync(string recording, PartnerErrorHandling handling, bool strict)
    {
        var scenario = TravelAgent.Scenario.All.Single(s => s.Name == recording);
        var replay = TraceReplay.Load(Path.Combine(AppContext.BaseDirectory, "..", "traces", recording + ".json"),
            new ReplayOptions { Strict = strict, UnrecordedToolCalls = UnrecordedToolCall.CallRealTool });
        var partner = replay.Mode == ReplayMode.Replay ? new SimulatedPartner() : scenario.CreatePartner();
        using var run = replay.Start(WayfarerAgent.ActivitySourceName);
        var agent = new WayfarerAgent(replay.ChatClient(scenario.CreateModel()), replay.Tools(TravelTools.Create(partner)),
            new WayfarerOptions { PartnerErrors = handling, Delay = (_, _) => Task.CompletedTask });
        await agent.RunAsync(replay.UserInput);
        return (replay, run.Finish());
    }
}
