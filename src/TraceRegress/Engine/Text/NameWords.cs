using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>The words of a name as code writes it: <c>check_dry_ice_stock</c>, <c>RoomBooking-AddEquipment</c>, <c>faceValueEur</c>, <c>PDFReport</c>.</summary>
internal static partial class NameWords
{
    /// <summary>One word: a capital and lower-case letters, lower-case letters alone, or a run of capitals (an acronym).</summary>
    [GeneratedRegex(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", RegexOptions.CultureInvariant)]
    public static partial Regex Word();
}
