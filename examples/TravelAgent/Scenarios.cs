using Microsoft.Extensions.AI;

namespace TravelAgent;

/// <summary>
/// The runs recorded into the example corpus (<c>examples/traces/wayfarer/</c>): what the user asked, what the
/// partner answered and what the model said. Recording one again with the agent's original behaviour
/// (<see cref="PartnerErrorHandling.PassThrough"/>) gives the committed trace's attribution.
/// </summary>
public sealed record Scenario(string Name, string Request, Action<SimulatedPartner> Partner, ChatResponse[] Model)
{
    /// <summary>The provider and model the recordings name.</summary>
    public const string Provider = "openai";

    /// <summary>The model the recordings name.</summary>
    public const string ModelId = "gpt-4o-mini";

    /// <summary>A flight search the partner rate-limits (HTTP 429 in the payload); the agent tells the user there are no flights.</summary>
    public static Scenario SearchRateLimited { get; } = new(
        "wayfarer/search-rate-limited",
        "Find me a flight from Lisbon (LIS) to Oslo (OSL) on 2026-06-12.",
        partner => partner.FailNext("search_flights",
            """{"error":{"code":429,"message":"Too Many Requests: partner quota of 60 requests per minute exceeded"},"retry_after_ms":2000}"""),
        [
            ToolCall("call_search_1", "search_flights", new() { ["from"] = "LIS", ["to"] = "OSL", ["date"] = "2026-06-12" }),
            Answer("I'm sorry, there are no flights from Lisbon to Oslo on 2026-06-12."),
        ]);

    /// <summary>A seat change answered with an error under an OK status; the agent tells the user the seat is changed.</summary>
    public static Scenario SeatChangeLocked { get; } = new(
        "wayfarer/seat-change-locked",
        "Please move me to seat 14C on booking HB3P9W.",
        partner => partner.FailNext("change_seat",
            """{"status":"ok","error":"SeatMapLocked: the seat map of flight TP1404 is being updated, try again shortly","retry_after_ms":1500}"""),
        [
            ToolCall("call_seat_1", "change_seat", new() { ["booking"] = "HB3P9W", ["seat"] = "14C" }),
            Answer("Done! You're now in seat 14C on booking HB3P9W."),
        ]);

    /// <summary>Both recorded scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } = [SearchRateLimited, SeatChangeLocked];

    /// <summary>A fresh partner with this scenario's failures injected.</summary>
    public SimulatedPartner CreatePartner()
    {
        var partner = new SimulatedPartner();
        Partner(partner);
        return partner;
    }

    /// <summary>A fresh scripted model answering this scenario's model calls.</summary>
    public ScriptedModel CreateModel() => new(Provider, ModelId, Model);

    private static ChatResponse ToolCall(string id, string tool, Dictionary<string, object?> arguments) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, tool, arguments)])) { FinishReason = ChatFinishReason.ToolCalls };

    private static ChatResponse Answer(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };
}
