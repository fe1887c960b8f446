using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>What a tool's name says it does.</summary>
internal static partial class ToolNames
{
    // A verb of reading at the start of the name, after a plugin's prefix if any (get_order_status, Pharmacy-FindStore,
    // listBookings, preview_quote), or a name about a status or an availability.
    [GeneratedRegex(@"^(?:[a-z]+[-_.])?(?:get|list|find|check|search|lookup|look_?up|fetch|query|read|view|show|describe|validate|preview|estimate|quote)|status|availab", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadingVerb();

    /// <summary>True for a tool named for reading: it changes nothing (find_bookings books nothing).</summary>
    public static bool Reads(string name) => ReadingVerb().IsMatch(name);

    /// <summary>
    /// True for a tool whose name opens with a verb of reading (<c>list_reschedule_options</c> reschedules nothing), not
    /// one that only ends with a reading word after its own verb (<c>send_quote</c> sends).
    /// </summary>
    public static bool OpensWithReading(string name) =>
        Verb(name) is "get" or "list" or "find" or "check" or "search" or "lookup" or "fetch" or "query" or "read" or "view" or "show" or "describe" or "preview";

    /// <summary>
    /// The verb a tool's name opens with, lower case, after a plugin's prefix (<c>Library-RenewLoan</c> → renew,
    /// <c>update_application</c> → update, <c>functions.cancelBooking</c> → cancel); null when the name has no letters.
    /// </summary>
    public static string? Verb(string name)
    {
        var cut = name.LastIndexOfAny(['-', '.']);
        var tail = cut >= 0 && cut < name.Length - 1 ? name[(cut + 1)..] : name;
        var start = 0;
        while (start < tail.Length && !char.IsLetter(tail[start])) start++;
        var end = start;
        while (end < tail.Length && char.IsLetter(tail[end]) && (end == start || !char.IsUpper(tail[end]) || char.IsUpper(tail[end - 1]))) end++;
        return end > start ? tail[start..end].ToLowerInvariant() : null;
    }
}
