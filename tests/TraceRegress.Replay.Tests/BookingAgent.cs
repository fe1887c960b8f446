using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TraceRegress.Replay.Tests;

/// <summary>A model that answers from a script and keeps every request it received.</summary>
internal sealed class ScriptedChatClient(params ChatResponse[] script) : IChatClient
{
    private int _next;

    public List<List<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        var response = script[_next++];
        return Task.FromResult(new ChatResponse(response.Messages.Select(Copy).ToList()) { FinishReason = response.FinishReason, ModelId = "gpt-4o-mini" });
    }

    // Fresh contents each time: function invocation marks the calls it has handled.
    private static ChatMessage Copy(ChatMessage message) => new(message.Role, message.Contents.Select(c => c switch
    {
        FunctionCallContent f => new FunctionCallContent(f.CallId, f.Name, f.Arguments is null ? null : new Dictionary<string, object?>(f.Arguments)),
        TextContent t => new TextContent(t.Text),
        _ => c,
    }).ToList());

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", null, "gpt-4o-mini") : null;

    public void Dispose()
    {
    }

    public static ChatResponse Calls(string id, string tool, Dictionary<string, object?> arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, tool, arguments)])) { FinishReason = ChatFinishReason.ToolCalls };

    public static ChatResponse Says(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };
}

/// <summary>
/// A minimal agent the way Microsoft.Extensions.AI apps build one: an <c>invoke_agent</c> span of its own, function
/// invocation around OpenTelemetry around the model.
/// </summary>
internal sealed class BookingAgent
{
    public const string SourceName = "TraceRegress.Replay.Tests.BookingAgent";
    private static readonly ActivitySource Source = new(SourceName);

    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    public BookingAgent(IChatClient model, IList<AITool> tools, bool recordContent = true, Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? invoker = null,
        string instructions = "You book hotels. Only state facts the tools returned.")
    {
        _client = new ChatClientBuilder(model)
            .UseFunctionInvocation(configure: f =>
            {
                if (invoker is not null) f.FunctionInvoker = invoker;
            })
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = recordContent)
            .Build();
        _options = new ChatOptions { Instructions = instructions, Tools = tools };
    }

    public async Task<string> RunAsync(string request)
    {
        using var activity = Source.StartActivity("invoke_agent booker");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", "booker");
        return (await _client.GetResponseAsync([new ChatMessage(ChatRole.User, request)], _options)).Text;
    }
}

/// <summary>Hotel tools whose calls are counted, with answers the test sets.</summary>
internal sealed class HotelTools
{
    public List<string> Calls { get; } = [];

    public Func<string, int, object> Availability { get; set; } = (city, nights) => new { hotels = new[] { new { name = "Hotel Bristol", city, nightly_eur = 162 } } };

    public AIFunction SearchHotels => AIFunctionFactory.Create((string city, int nights) =>
    {
        Calls.Add($"search_hotels({city},{nights})");
        return Availability(city, nights);
    }, "search_hotels", "Searches hotels.");

    public AIFunction BookHotel => AIFunctionFactory.Create((string hotel, int nights) =>
    {
        Calls.Add($"book_hotel({hotel},{nights})");
        return new { status = "confirmed", reference = "HX42Q" };
    }, "book_hotel", "Books a hotel.");

    public AIFunction[] All => [SearchHotels, BookHotel];
}

/// <summary>Records a run of <see cref="BookingAgent"/> with a scripted model into a corpus file.</summary>
internal static class Recorder
{
    public static readonly ChatResponse[] BristolScript =
    [
        ScriptedChatClient.Calls("call_1", "search_hotels", new() { ["city"] = "Oslo", ["nights"] = 2 }),
        ScriptedChatClient.Calls("call_2", "book_hotel", new() { ["hotel"] = "Hotel Bristol", ["nights"] = 2 }),
        ScriptedChatClient.Says("Booked: Hotel Bristol in Oslo for 2 nights, reference HX42Q."),
    ];

    public const string BristolRequest = "Book me a hotel in Oslo for 2 nights.";

    public static async Task<string> RecordAsync(string folder, string name, ChatResponse[] script, string request, HotelTools? tools = null, bool recordContent = true)
    {
        tools ??= new HotelTools();
        using var capture = Capture.TraceCapture.Start(BookingAgent.SourceName);
        await new BookingAgent(new ScriptedChatClient(script), tools.All, recordContent).RunAsync(request);
        capture.Dispose();
        return capture.SaveTo(folder, name);
    }
}

/// <summary>A folder that is deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("traceregress-replay-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
