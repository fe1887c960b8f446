using System.Diagnostics;
using Microsoft.Extensions.AI;
using TraceRegress.TestSupport;

namespace TraceRegress.Replay.Tests;

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
