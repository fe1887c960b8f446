using System;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// What the build task that checks the corpus before the compiler runs tells the generator about a trace, as item
/// metadata of its AdditionalFiles item (declared as CompilerVisibleItemMetadata). A trace the task found well-formed
/// and in a known format carries <see cref="CheckedMetadata"/> = <see cref="Version"/> and its format in
/// <see cref="FormatMetadata"/>; the generator then builds its model without reading the file. Any other trace, or a
/// stamp of another version, is read and validated by the generator itself, so diagnostics never come from the task.
/// Compiled into the generator and the task from this one file.
/// </summary>
internal static class TraceCheckStamp
{
    /// <summary>The metadata that says the task checked the trace and found it good; its value is <see cref="Version"/>.</summary>
    public const string CheckedMetadata = "TraceRegressChecked";

    /// <summary>The metadata holding the format the task recognised (a <see cref="TraceFormatKind"/> name).</summary>
    public const string FormatMetadata = "TraceRegressFormat";

    /// <summary>
    /// The version of the check. Raise it whenever <see cref="TraceValidator"/> or <see cref="TraceFormatDetector"/>
    /// may decide differently, so a stamp or cached verdict of an older check is never trusted.
    /// </summary>
    public const string Version = "2";

    /// <summary>The metadata value for a format the task recognised.</summary>
    public static string FormatName(TraceFormatKind format) => format.ToString();

    /// <summary>
    /// The format a stamp vouches for, or null when the values are not a current stamp of a good trace (no stamp, another
    /// version, an unknown or unrecognised format name).
    /// </summary>
    public static TraceFormatKind? Passed(string? checkedValue, string? formatValue)
    {
        if (!string.Equals(checkedValue?.Trim(), Version, StringComparison.Ordinal) || formatValue is null) return null;
        var name = formatValue.Trim();
        foreach (TraceFormatKind format in Enum.GetValues(typeof(TraceFormatKind)))
        {
            if (format != TraceFormatKind.Unknown && string.Equals(FormatName(format), name, StringComparison.Ordinal)) return format;
        }

        return null;
    }
}
