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
}
