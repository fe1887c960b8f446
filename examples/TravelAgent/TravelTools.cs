using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TravelAgent;

/// <summary>The travel partner's API, as the agent's tools see it: each call answers a JSON payload.</summary>
public interface ITravelPartner
{
    /// <summary>Flights between two airports on a date.</summary>
    Task<JsonElement> SearchFlightsAsync(string from, string to, string date, CancellationToken cancellationToken);

    /// <summary>Hotels in a city for a stay.</summary>
    Task<JsonElement> SearchHotelsAsync(string city, string checkIn, int nights, CancellationToken cancellationToken);

    /// <summary>Moves a passenger of a booking to another seat.</summary>
    Task<JsonElement> ChangeSeatAsync(string booking, string seat, CancellationToken cancellationToken);

    /// <summary>Books a flight for a passenger.</summary>
    Task<JsonElement> BookFlightAsync(string flight, string passenger, CancellationToken cancellationToken);
}

/// <summary>The agent's tools over a travel partner: flights, hotels and bookings.</summary>
public static class TravelTools
{
    /// <summary>The tools, named as the model sees them.</summary>
    public static AIFunction[] Create(ITravelPartner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return
        [
            AIFunctionFactory.Create(
                ([Description("IATA code of the departure airport")] string from, [Description("IATA code of the arrival airport")] string to,
                    [Description("Departure date, yyyy-MM-dd")] string date, CancellationToken ct) => partner.SearchFlightsAsync(from, to, date, ct),
                "search_flights", "Searches the partner's flights between two airports on a date."),
            AIFunctionFactory.Create(
                ([Description("City")] string city, [Description("Check-in date, yyyy-MM-dd")] string checkIn, [Description("Nights")] int nights, CancellationToken ct) =>
                    partner.SearchHotelsAsync(city, checkIn, nights, ct),
                "search_hotels", "Searches hotels in a city for a stay."),
            AIFunctionFactory.Create(
                ([Description("Booking reference")] string booking, [Description("Seat, e.g. 14C")] string seat, CancellationToken ct) =>
                    partner.ChangeSeatAsync(booking, seat, ct),
                "change_seat", "Moves the passenger of a booking to another seat."),
            AIFunctionFactory.Create(
                ([Description("Flight number")] string flight, [Description("Passenger's full name")] string passenger, CancellationToken ct) =>
                    partner.BookFlightAsync(flight, passenger, ct),
                "book_flight", "Books a flight for a passenger."),
        ];
    }
}
