using Microsoft.Extensions.AI;
using TraceRegress.TestSupport;

namespace TraceRegress.Replay.Tests;

public sealed class ReplayTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _recording;

    public ReplayTests() =>
        _recording = Recorder.RecordAsync(_folder.Path, "hotels/oslo", Recorder.BristolScript, Recorder.BristolRequest).GetAwaiter().GetResult();

    public void Dispose() => _folder.Dispose();

    private TraceReplay Load(Action<ReplayOptions>? configure = null)
    {
        var options = new ReplayOptions { Mode = ReplayMode.Replay };
        configure?.Invoke(options);
        return TraceReplay.Load(_recording, options);
    }

    [Fact]
    public async Task Answers_the_nth_model_call_with_the_nth_recorded_response()
    {
        var replay = Load();
        var client = replay.ChatClient();

        Assert.Equal(3, replay.ModelCalls.Count);
        var first = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "anything")]);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages.SelectMany(m => m.Contents)));
        Assert.Equal(("call_1", "search_hotels"), (call.CallId, call.Name));
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);

        var second = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "anything")]);
        Assert.Equal("book_hotel", Assert.IsType<FunctionCallContent>(Assert.Single(second.Messages.SelectMany(m => m.Contents))).Name);

        var third = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "anything")]);
        Assert.Equal("Booked: Hotel Bristol in Oslo for 2 nights, reference HX42Q.", third.Text);

        var beyond = await Assert.ThrowsAsync<ReplayDivergenceException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "more")]));
        Assert.Contains("model call 4, but the recording holds only 3", beyond.Message);
        Assert.Contains("TRACEREGRESS_REPLAY=record", beyond.Message);
    }

    [Fact]
    public async Task Streaming_gets_the_same_recorded_answer()
    {
        var client = Load().ChatClient();
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "a")]);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "b")]);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "c")])) updates.Add(update);
        Assert.Equal("Booked: Hotel Bristol in Oslo for 2 nights, reference HX42Q.", updates.ToChatResponse().Text);
    }

    [Fact]
    public void Gives_the_recorded_user_input_and_model()
    {
        var replay = Load();

        Assert.Equal(Recorder.BristolRequest, replay.UserInput);
        Assert.Equal(ChatRole.User, Assert.Single(replay.InputMessages).Role);
        Assert.Equal("gpt-4o-mini", replay.ModelId);
        Assert.Equal("openai", replay.ProviderName);
        Assert.Equal("gpt-4o-mini", replay.ChatClient().GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task Replays_the_whole_run_offline_without_calling_the_real_tools()
    {
        var replay = Load(o => o.Strict = true);
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);

        var answer = await new BookingAgent(replay.ChatClient(), replay.Tools(tools.All)).RunAsync(replay.UserInput);
        var trace = run.Finish();

        Assert.Equal("Booked: Hotel Bristol in Oslo for 2 nights, reference HX42Q.", answer);
        Assert.Empty(tools.Calls);
        Assert.Equal(replay.Recording.Spans.Select(s => s.Path), trace.Spans.Select(s => s.Path));
    }

    [Fact]
    public async Task Tool_answers_match_by_name_and_arguments_as_canonical_json()
    {
        var replay = Load();
        var search = replay.Tool(new HotelTools().SearchHotels);

        // Member order and number spelling do not matter; the values do.
        var result = await search.InvokeAsync(new AIFunctionArguments { ["nights"] = 2.0, ["city"] = "Oslo" });
        Assert.Contains("Hotel Bristol", result!.ToString());

        var other = await Assert.ThrowsAsync<ReplayDivergenceException>(async () => await search.InvokeAsync(new AIFunctionArguments { ["city"] = "Bergen", ["nights"] = 2 }));
        Assert.Contains("search_hotels({\"city\":\"Bergen\",\"nights\":2})", other.Message);
        Assert.Contains("the recording's calls to search_hotels: search_hotels({\"city\":\"Oslo\",\"nights\":2})", other.Message);
    }

    [Fact]
    public async Task Each_recorded_answer_is_used_once_then_the_call_is_unrecorded()
    {
        var replay = Load(o => o.UnrecordedToolCalls = UnrecordedToolCall.ReturnError);
        var search = replay.Tool(new HotelTools().SearchHotels);
        var arguments = new AIFunctionArguments { ["city"] = "Oslo", ["nights"] = 2 };

        Assert.Contains("Hotel Bristol", (await search.InvokeAsync(arguments))!.ToString());
        Assert.Equal("Error: the tool call search_hotels({\"city\":\"Oslo\",\"nights\":2}) is not in the recording, so it has no result.",
            await search.InvokeAsync(arguments));
    }

    [Fact]
    public async Task Unrecorded_call_policy_fail_stops_the_run_and_finish_reports_it()
    {
        // The changed agent asks about Bergen: never recorded.
        var replay = Load();
        var tools = new HotelTools();
        var changedModel = replay.ChatClient();
        using var run = replay.Start(BookingAgent.SourceName);

        await new BookingAgent(new BergenFirst(changedModel), replay.Tools(tools.All)).RunAsync(replay.UserInput);

        var error = Assert.Throws<ReplayDivergenceException>(() => run.Finish());
        Assert.Contains("the agent called search_hotels({\"city\":\"Bergen\",\"nights\":2}), which is not in the recording", error.Message);
        Assert.Contains("UnrecordedToolCallsByTool[\"search_hotels\"]", error.Message);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task Unrecorded_call_policy_call_real_tool_runs_the_real_tool_for_that_tool_only()
    {
        var replay = Load(o => o.UnrecordedToolCallsByTool["search_hotels"] = UnrecordedToolCall.CallRealTool);
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);

        await new BookingAgent(new BergenFirst(replay.ChatClient()), replay.Tools(tools.All)).RunAsync(replay.UserInput);
        var trace = run.Finish();

        Assert.Equal(["search_hotels(Bergen,2)"], tools.Calls);
        Assert.Contains("Bergen", trace.Select("chat gpt-4o-mini[2]").Attributes.GetString("gen_ai.input.messages"));
    }

    [Fact]
    public async Task Unrecorded_call_policy_return_error_gives_the_model_an_error_result()
    {
        var replay = Load(o => o.UnrecordedToolCalls = UnrecordedToolCall.ReturnError);
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);

        await new BookingAgent(new BergenFirst(replay.ChatClient()), replay.Tools(tools.All)).RunAsync(replay.UserInput);
        var trace = run.Finish();

        Assert.Empty(tools.Calls);
        Assert.Contains("is not in the recording, so it has no result", trace.Select("chat gpt-4o-mini[2]").Attributes.GetString("gen_ai.input.messages"));
    }

    [Fact]
    public async Task The_function_invoker_answers_from_the_recording_inside_function_invocation()
    {
        var replay = Load(o => o.Strict = true);
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);

        // The real tools are offered; the invoker decides what they answer.
        var answer = await new BookingAgent(replay.ChatClient(), tools.All, invoker: replay.FunctionInvoker).RunAsync(replay.UserInput);

        Assert.Equal("Booked: Hotel Bristol in Oslo for 2 nights, reference HX42Q.", answer);
        Assert.Empty(tools.Calls);
        Assert.Equal(6, run.Finish().Spans.Count);
    }

    [Fact]
    public async Task Strict_mode_reports_the_first_request_that_differs_and_how_to_record_again()
    {
        var replay = Load(o => o.Strict = true);
        using var run = replay.Start(BookingAgent.SourceName);

        var agent = new BookingAgent(replay.ChatClient(), replay.Tools(new HotelTools().All), instructions: "You book hotels. Be brief.");
        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() => agent.RunAsync(replay.UserInput));

        Assert.Contains("model call 1 of 3 (invoke_agent booker/chat gpt-4o-mini[1]) differs from the recording: message 1 was system: \"You book hotels. Only state facts the tools returned.\", now system: \"You book hotels. Be brief.\"", error.Message);
        Assert.Contains("The prompt or the conversation history changed", error.Message);
        Assert.Contains("TRACEREGRESS_REPLAY=record dotnet test", error.Message);
        Assert.Contains("oslo.received.otlp", error.Message);
    }

    [Fact]
    public async Task Strict_mode_reports_a_changed_tool_result_in_the_history()
    {
        var replay = Load(o =>
        {
            o.Strict = true;
            o.UnrecordedToolCalls = UnrecordedToolCall.CallRealTool;
        });
        var tools = new HotelTools();
        using var run = replay.Start(BookingAgent.SourceName);

        // Only the invoker differs: the real tool now answers, with another hotel.
        tools.Availability = (city, _) => new { hotels = new[] { new { name = "Grand Hotel", city, nightly_eur = 240 } } };
        var error = await Assert.ThrowsAsync<ReplayDivergenceException>(() =>
            new BookingAgent(replay.ChatClient(), tools.All, invoker: (context, ct) => context.Function.InvokeAsync(context.Arguments, ct)).RunAsync(replay.UserInput));

        Assert.Contains("model call 2 of 3", error.Message);
        Assert.Contains("Grand Hotel", error.Message);
        Assert.Contains("Hotel Bristol", error.Message);
    }

    [Fact]
    public async Task Record_mode_runs_the_real_model_and_writes_the_new_run_beside_the_recording_for_review()
    {
        var replay = Load(o => o.Mode = ReplayMode.Record);
        var tools = new HotelTools();
        var model = new ScriptedChatClient(
            ScriptedChatClient.Calls("call_1", "search_hotels", new() { ["city"] = "Oslo", ["nights"] = 2 }),
            ScriptedChatClient.Says("Hotel Bristol has rooms for 162 EUR a night; shall I book it? Contact: ana.silva@example.com"));
        using var run = replay.Start(BookingAgent.SourceName);

        await new BookingAgent(replay.ChatClient(model), replay.Tools(tools.All)).RunAsync(replay.UserInput);
        var trace = run.Finish();

        Assert.Equal(["search_hotels(Oslo,2)"], tools.Calls);
        var written = Path.Combine(_folder.Path, "hotels", "oslo.received.otlp");
        Assert.Equal(written, run.WrittenTo);
        var received = AgentTrace.Load(written);
        Assert.Equal(trace.Spans.Select(s => s.Path), received.Spans.Select(s => s.Path));
        Assert.DoesNotContain("ana.silva@example.com", await File.ReadAllTextAsync(written));
        // The recording itself is left for the reviewer to replace.
        Assert.Equal(3, TraceReplay.Load(_recording, new ReplayOptions { Mode = ReplayMode.Replay }).ModelCalls.Count);
    }

    [Fact]
    public async Task Live_mode_uses_the_real_model_and_writes_nothing()
    {
        var replay = Load(o => o.Mode = ReplayMode.Live);
        using var run = replay.Start(BookingAgent.SourceName);

        await new BookingAgent(replay.ChatClient(new ScriptedChatClient(ScriptedChatClient.Says("Hello"))), replay.Tools(new HotelTools().All)).RunAsync("Hi");
        run.Finish();

        Assert.Null(run.WrittenTo);
        Assert.False(File.Exists(replay.ReceivedPath));
        Assert.Throws<InvalidOperationException>(() => replay.ChatClient());
    }

    [Theory]
    [InlineData(null, ReplayMode.Replay)]
    [InlineData("", ReplayMode.Replay)]
    [InlineData("replay", ReplayMode.Replay)]
    [InlineData("LIVE", ReplayMode.Live)]
    public void The_mode_comes_from_the_environment_unless_the_code_sets_it(string? value, ReplayMode expected)
    {
        var saved = Environment.GetEnvironmentVariable(ReplayOptions.ModeVariable);
        try
        {
            Environment.SetEnvironmentVariable(ReplayOptions.ModeVariable, value);
            Assert.Equal(expected, TraceReplay.Load(_recording).Mode);
            Assert.Equal(ReplayMode.Replay, TraceReplay.Load(_recording, new ReplayOptions { Mode = ReplayMode.Replay }).Mode);
            Environment.SetEnvironmentVariable(ReplayOptions.ModeVariable, "sometimes");
            var error = Assert.Throws<InvalidOperationException>(() => TraceReplay.Load(_recording));
            Assert.Contains("TRACEREGRESS_REPLAY='sometimes' is not a replay mode", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReplayOptions.ModeVariable, saved);
        }
    }

    /// <summary>A changed agent: its first model call asks about Bergen instead of what was recorded, then it follows the recording.</summary>
    private sealed class BergenFirst(IChatClient inner) : DelegatingChatClient(inner)
    {
        private int _calls;

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            if (_calls++ == 0)
            {
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "search_hotels", new Dictionary<string, object?> { ["city"] = "Bergen", ["nights"] = 2 })]))
                {
                    FinishReason = ChatFinishReason.ToolCalls,
                };
            }

            return response;
        }
    }
}
