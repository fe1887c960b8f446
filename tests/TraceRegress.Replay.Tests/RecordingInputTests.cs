using Microsoft.Extensions.AI;
using TraceRegress.TestSupport;

namespace TraceRegress.Replay.Tests;

/// <summary>Recordings that cannot be replayed fail at load, naming what is missing; nothing runs half-way.</summary>
public class RecordingInputTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void A_trace_without_model_calls_fails_at_load()
    {
        var error = Assert.Throws<ReplayRecordingException>(() => TraceReplay.Load(Fixture("no-model-calls.json")));

        Assert.EndsWith("no-model-calls.json", error.Recording);
        Assert.Contains("the trace holds no model calls", error.Message);
        Assert.Contains("among its 2 spans", error.Message);
        Assert.Contains("UseOpenTelemetry()", error.Message);
    }

    [Fact]
    public async Task A_run_recorded_without_message_content_fails_at_load_naming_the_setting()
    {
        using var folder = new TempFolder();
        var path = await Recorder.RecordAsync(folder.Path, "no-content", Recorder.BristolScript, Recorder.BristolRequest, recordContent: false);

        var error = Assert.Throws<ReplayRecordingException>(() => TraceReplay.Load(path));

        Assert.Contains("3 of the recording's model calls cannot be rebuilt", error.Message);
        Assert.Contains("model call 1 (invoke_agent booker/chat gpt-4o-mini[1]) has no recorded answer", error.Message);
        Assert.Contains("EnableSensitiveData = true", error.Message);
        Assert.Contains("Nothing was replayed", error.Message);
    }

    [Fact]
    public void A_recording_with_cut_tool_arguments_is_refused_whole()
    {
        // The first model call's tool call lost the end of its arguments; the second call is intact. Replaying the
        // intact part would run the agent on half a recording, so nothing is replayed.
        var error = Assert.Throws<ReplayRecordingException>(() => TraceReplay.Load(Fixture("truncated-tool-arguments.json")));

        Assert.Contains("1 of the recording's model calls cannot be rebuilt", error.Message);
        Assert.Contains("model call 1 (invoke_agent wayfarer/chat gpt-4o-mini[1]) calls change_seat with arguments that are not a JSON object", error.Message);
        Assert.Contains("{\"booking\": \"HB3P9W\", \"se", error.Message);
    }

    [Fact]
    public void An_unreadable_file_fails_with_the_readers_position()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "broken.json");
        File.WriteAllText(path, "{\"resourceSpans\": [ {\"scopeSpans\": [ ");

        var error = Assert.Throws<TraceFormatException>(() => TraceReplay.Load(path));
        Assert.Contains("broken.json", error.Message);
    }
}

/// <summary>A run captured from Microsoft.Extensions.AI, replayed, attributes as the recording does.</summary>
public class RoundTripTests
{
    [Fact]
    public async Task A_replayed_run_cites_the_same_span_and_category_as_its_recording()
    {
        using var folder = new TempFolder();
        var failing = new HotelTools { Availability = (_, _) => new { error = "Service Unavailable: availability backend is down" } };
        var path = await Recorder.RecordAsync(folder.Path, "hotels/backend-down",
        [
            ScriptedChatClient.Calls("call_1", "search_hotels", new() { ["city"] = "Oslo", ["nights"] = 2 }),
            ScriptedChatClient.Says("Hotel Bristol in Oslo is available for 2 nights."),
        ], Recorder.BristolRequest, failing);
        var recorded = AttributionEngine.Default.Attribute(AgentTrace.Load(path));
        Assert.True(recorded.FailureFound);

        var replay = TraceReplay.Load(path, new ReplayOptions { Mode = ReplayMode.Replay, Strict = true });
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);
        await new BookingAgent(replay.ChatClient(), replay.Tools(tools.All)).RunAsync(replay.UserInput);
        var replayed = AttributionEngine.Default.Attribute(run.Finish());

        Assert.Equal("invoke_agent booker/execute_tool search_hotels", recorded.Cited!.Path);
        Assert.Equal(recorded.Cited.Path, replayed.Cited!.Path);
        Assert.Equal(recorded.Category, replayed.Category);
        Assert.Equal(recorded.Evidence.Select(e => e.Quote), replayed.Evidence.Select(e => e.Quote));
        Assert.Empty(tools.Calls);
    }
}
