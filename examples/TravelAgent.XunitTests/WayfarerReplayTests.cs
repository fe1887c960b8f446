using TraceRegress.Replay;
using TraceRegress.Xunit;
using Xunit;

namespace TravelAgent.XunitTests;

/// <summary>
/// Guarding the fix: the Wayfarer agent runs again against its recorded failing traces, offline. The model's
/// answers and the partner's recorded answers come from the recording; a call the recording never saw (the
/// fixed agent's retry) reaches the offline partner. With the original behaviour the new run fails exactly as
/// recorded; with the fix the approved failure is gone.
/// </summary>
public class WayfarerReplayTests
{
    public static TheoryData<string, string, string> Recordings => new()
    {
        { "wayfarer/search-rate-limited", "invoke_agent wayfarer/execute_tool search_flights", "Rate Limiting" },
        { "wayfarer/seat-change-locked", "invoke_agent wayfarer/execute_tool change_seat", "Service Errors" },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task With_the_bug_the_replayed_run_fails_as_recorded(string recording, string span, string category)
    {
        // Strict: every request the agent sends must be the recorded one, so this is the recorded run again.
        var replayed = await ReplayAsync(recording, PartnerErrorHandling.PassThrough, strict: true);

        Assert.Attributes(replayed.Replay.Recording, span, category);
        Assert.Attributes(replayed.Run, span, category);
        Assert.Empty(replayed.Partner.Calls);
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task With_the_fix_the_approved_failure_is_gone(string recording, string span, string category)
    {
        var replayed = await ReplayAsync(recording, PartnerErrorHandling.RetryThenReport, strict: false);

        Assert.DoesNotAttribute(replayed.Run, category: category, span: span, before: replayed.Replay.Recording);
        Assert.NoFailure(replayed.Run, before: replayed.Replay.Recording);
        // The recorded error answered the first call; the retry went to the partner, after the wait it asked for.
        Assert.Single(replayed.Partner.Calls);
        Assert.Single(replayed.Waits);
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task The_fix_check_fails_while_the_bug_is_in_place(string recording, string span, string category)
    {
        var replayed = await ReplayAsync(recording, PartnerErrorHandling.PassThrough, strict: false);

        var failure = Assert.Throws<AttributionException>(() =>
            Assert.DoesNotAttribute(replayed.Run, category: category, before: replayed.Replay.Recording));
        Assert.Contains($"still attributed to {category} at {span}", failure.Message);
        // Both attributions side by side: the recording's and the new run's.
        Assert.Contains("this run", failure.Message);
        Assert.Contains(Path.GetFileName(recording) + ".json", failure.Message);
    }

    private sealed record Replayed(TraceReplay Replay, AgentTrace Run, SimulatedPartner Partner, List<TimeSpan> Waits);

    private static async Task<Replayed> ReplayAsync(string recording, PartnerErrorHandling handling, bool strict)
    {
        var scenario = TravelAgent.Scenario.All.Single(s => s.Name == recording);
        var replay = TraceReplay.Load(Path.Combine(AppContext.BaseDirectory, "..", "traces", recording + ".json"),
            new ReplayOptions { Strict = strict, UnrecordedToolCalls = UnrecordedToolCall.CallRealTool });

        // Replay mode (the default): the model is the recording, and only unrecorded tool calls reach this healthy
        // offline partner. TRACEREGRESS_REPLAY=record runs the scripted model and the failing partner instead.
        var partner = replay.Mode == ReplayMode.Replay ? new SimulatedPartner() : scenario.CreatePartner();
        var waits = new List<TimeSpan>();
        using var run = replay.Start(WayfarerAgent.ActivitySourceName);
        var agent = new WayfarerAgent(replay.ChatClient(scenario.CreateModel()), replay.Tools(TravelTools.Create(partner)), new WayfarerOptions
        {
            PartnerErrors = handling,
            Delay = (wait, _) =>
            {
                waits.Add(wait);
                return Task.CompletedTask;
            },
        });
        await agent.RunAsync(replay.UserInput);
        return new Replayed(replay, run.Finish(), partner, waits);
    }
}
