using System.Diagnostics;
using System.Text.Json;
using TraceRegress.Capture;
using TraceRegress.Model;
using TraceRegress.TestSupport;

namespace TraceRegress.Replay.Tests;

public class CaptureTests
{
    [Fact]
    public async Task Captures_nested_agent_chat_and_tool_activities_with_their_call_ids_linked()
    {
        using var capture = TraceCapture.Start(BookingAgent.SourceName);
        await new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), new HotelTools().All).RunAsync(Recorder.BristolRequest);
        var trace = capture.ToTrace();

        Assert.Equal(
            [
                "invoke_agent booker",
                "invoke_agent booker/chat gpt-4o-mini[1]",
                "invoke_agent booker/execute_tool search_hotels",
                "invoke_agent booker/chat gpt-4o-mini[2]",
                "invoke_agent booker/execute_tool book_hotel",
                "invoke_agent booker/chat gpt-4o-mini[3]",
            ],
            trace.Spans.Select(s => s.Path));
        Assert.Single(trace.Roots);

        // The call id the model issued is the execute_tool span's, and the next chat's input answers it.
        var asked = ToolCallIds(trace.Select("chat gpt-4o-mini[1]"), "gen_ai.output.messages", "tool_call");
        Assert.Equal(["call_1"], asked);
        Assert.Equal("call_1", trace.Select("execute_tool search_hotels").Attributes.GetString("gen_ai.tool.call.id"));
        Assert.Contains("call_1", ToolCallIds(trace.Select("chat gpt-4o-mini[2]"), "gen_ai.input.messages", "tool_call_response"));
        Assert.Equal("Experimental.Microsoft.Extensions.AI", trace.Select("chat gpt-4o-mini[1]").ScopeName);
        Assert.Equal(BookingAgent.SourceName, trace.Roots[0].ScopeName);
    }

    [Fact]
    public async Task Keeps_only_the_run_of_its_own_async_flow()
    {
        using var capture = TraceCapture.Start(BookingAgent.SourceName);

        // Another test's run, started where the capture's flow does not reach.
        Task other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => new BookingAgent(new ScriptedChatClient(ScriptedChatClient.Says("Hello")), []).RunAsync("Hi"));
        }

        await other;
        await new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), new HotelTools().All).RunAsync(Recorder.BristolRequest);

        var trace = capture.ToTrace();
        Assert.Single(trace.Roots);
        Assert.Equal(6, trace.Spans.Count);
    }

    [Fact]
    public async Task Saves_a_redacted_otlp_file_into_the_corpus()
    {
        using var folder = new TempFolder();
        using var capture = TraceCapture.Start(BookingAgent.SourceName);
        await new BookingAgent(new ScriptedChatClient(Recorder.BristolScript), new HotelTools().All)
            .RunAsync("Book me a hotel in Oslo for 2 nights. My key is sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f, mail me at ana.silva@example.com");
        var path = capture.SaveTo(folder.Path, "hotels/oslo-booking");

        Assert.Equal(System.IO.Path.Combine(folder.Path, "hotels", "oslo-booking.json"), path);
        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f", text);
        Assert.DoesNotContain("ana.silva@example.com", text);
        Assert.Contains("[REDACTED:", text);
        var saved = AgentTrace.Load(path);
        Assert.Equal(TraceFormat.Otlp, saved.Format);
        Assert.Equal(6, saved.Spans.Count);
        Assert.Throws<IOException>(() => capture.SaveTo(folder.Path, "hotels/oslo-booking"));
    }

    [Fact]
    public void A_capture_that_saw_nothing_says_which_sources_it_listened_to()
    {
        using var capture = TraceCapture.Start("MyAgent");
        using (var source = new ActivitySource("SomethingElse"))
        using (source.StartActivity("unrelated"))
        {
        }

        var error = Assert.Throws<InvalidOperationException>(() => capture.ToTrace());
        Assert.Contains("Experimental.Microsoft.Extensions.AI", error.Message);
        Assert.Contains("MyAgent", error.Message);
        Assert.Contains("UseOpenTelemetry()", error.Message);
    }

    [Fact]
    public void Writes_typed_attributes_events_links_and_status_that_read_back()
    {
        using var source = new ActivitySource("Capture.Tests.Typed");
        using var capture = TraceCapture.Start("Capture.Tests.Typed");
        using (var root = source.StartActivity("root", ActivityKind.Server))
        {
            using var child = source.StartActivity("GET", ActivityKind.Client, default(ActivityContext),
                links: [new ActivityLink(new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded))]);
            child!.SetTag("http.response.status_code", 429);
            child.SetTag("retry", true);
            child.SetTag("ratio", 0.25);
            child.SetTag("tags", new[] { "a", "b" });
            child.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.message"] = "quota" }));
            child.SetStatus(ActivityStatusCode.Error, "Too Many Requests");
        }

        var trace = capture.ToTrace();
        var get = trace.Select("root/GET");
        Assert.Equal(SpanKindCode.Client, get.Kind);
        Assert.Equal(SpanKindCode.Server, trace.Select("root").Kind);
        Assert.Equal(429L, get.Attributes["http.response.status_code"].AsInt);
        Assert.Equal(new SpanStatus(SpanStatusCode.Error, "Too Many Requests"), get.Status);
        Assert.Equal("quota", Assert.Single(get.Events).Attributes.GetString("exception.message"));
        Assert.Single(get.Links);
    }

    private static IEnumerable<string> ToolCallIds(Span span, string attribute, string type)
    {
        using var document = JsonDocument.Parse(span.Attributes.GetString(attribute)!);
        return document.RootElement.EnumerateArray()
            .SelectMany(m => m.GetProperty("parts").EnumerateArray())
            .Where(p => p.GetProperty("type").GetString() == type)
            .Select(p => p.GetProperty("id").GetString()!)
            .ToArray();
    }
}
