using System.Collections.Concurrent;
using System.Text.Json;

namespace TravelAgent;

/// <summary>
/// An offline stand-in for the travel partner's API, with a fixed inventory and failures you inject: the
/// partner of the examples and tests, since no real partner is reachable from a build.
/// </summary>
public sealed class SimulatedPartner : ITravelPartner
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>Every call so far, as <c>tool(arguments)</c>.</summary>
    public IReadOnlyList<string> Calls => _calls.ToArray();

    /// <summary>Makes the next call to <paramref name="tool"/> answer <paramref name="payload"/> (JSON) instead of its inventory.</summary>
    public SimulatedPartner FailNext(string tool, string payload)
    {
        _failures.GetOrAdd(tool, _ => new ConcurrentQueue<string>()).Enqueue(payload);
        return this;
    }

    /// <inheritdoc />
    public Task<JsonElement> SearchFlightsAsync(string from, string to, string date, CancellationToken cancellationToken) =>
        Answer("search_flights", $"{from},{to},{date}", () => new
        {
            flights = new object[]
            {
                new { flight = "TP1404", from, to, departs = $"{date}T07:25", price_eur = 189 },
                new { flight = "SK1752", from, to, departs = $"{date}T13:10", price_eur = 214 },
            },
        });

    /// <inheritdoc />
    public Task<JsonElement> SearchHotelsAsync(string city, string checkIn, int nights, CancellationToken cancellationToken) =>
        Answer("search_hotels", $"{city},{checkIn},{nights}", () => new
        {
            hotels = new object[] { new { name = "Hotel Bristol", city, nightly_eur = 162, nights } },
        });

    /// <inheritdoc />
    public Task<JsonElement> ChangeSeatAsync(string booking, string seat, CancellationToken cancellationToken) =>
        Answer("change_seat", $"{booking},{seat}", () => new { status = "ok", booking, seat });

    /// <inheritdoc />
    public Task<JsonElement> BookFlightAsync(string flight, string passenger, CancellationToken cancellationToken) =>
        Answer("book_flight", $"{flight},{passenger}", () => new { status = "confirmed", booking = "HB3P9W", flight, passenger });

    private Task<JsonElement> Answer(string tool, string arguments, Func<object> inventory)
    {
        _calls.Enqueue($"{tool}({arguments})");
        if (_failures.TryGetValue(tool, out var queue) && queue.TryDequeue(out var failure))
        {
            return Task.FromResult(JsonDocument.Parse(failure).RootElement.Clone());
        }

        return Task.FromResult(JsonSerializer.SerializeToElement(inventory()));
    }
}
