using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>The days of months a text writes without a year: "19-20 February", "February 19".</summary>
internal static partial class DaysOfMonth
{
    /// <summary>A month's name, whole or cut short ("Jan", "January", "Sept").</summary>
    public const string Months = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    [GeneratedRegex(@"\G(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\s+" + Months + @"\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthAfter();

    [GeneratedRegex(Months + @"\.?\s+(?:\d{1,2}\s*[-–]\s*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthBefore();

    [GeneratedRegex(@"\b(?<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?<m>" + Months + @")\b|\b(?<m>" + Months + @")\.?\s+(?<d>[0-9]{1,2})(?:st|nd|rd|th)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayAndMonth();

    /// <summary>True when the text writes that day of that month in words ("Thursday 27 March", "March 27th").</summary>
    public static bool Writes(string text, int month, int day)
    {
        foreach (Match m in DayAndMonth().Matches(text))
        {
            var name = m.Groups["m"].Value;
            if (int.Parse(m.Groups["d"].Value, System.Globalization.CultureInfo.InvariantCulture) == day && MonthOf(name) == month) return true;
        }

        return false;
    }

    /// <summary>The number of a month written as <see cref="Months"/> matches it (1 for "Jan" or "January").</summary>
    public static int MonthOf(string name) =>
        "janfebmaraprmayjunjulaugsepoctnovdec".IndexOf(name[..3].ToLowerInvariant(), StringComparison.Ordinal) / 3 + 1;

    /// <summary>True when the figure is the day of a month ("19-20 February", "February 19"): part of a date, not a figure.</summary>
    public static bool Is(string text, Fact f)
    {
        if (f.Value is < 1 or > 31 || f.Dimension.Length > 0 || f.Index + f.Written.Length > text.Length) return false;
        return MonthAfter().IsMatch(text, f.Index + f.Written.Length) || MonthBefore().IsMatch(text[..f.Index]);
    }
}
