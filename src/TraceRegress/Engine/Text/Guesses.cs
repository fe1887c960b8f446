using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Text;

/// <summary>
/// The part of a plan that says it is guessing: Magentic-One's fact sheet ends its plan with "EDUCATED GUESSES", a
/// section of hypotheses to check, not findings. A value there is not stated as a fact; the turn that later gives it as
/// the answer, unchecked, is where it became one.
/// </summary>
internal static partial class Guesses
{
    [GeneratedRegex(@"^[ \t]*(?:\d+\.[ \t]*)?EDUCATED GUESSES[ \t]*:?[ \t]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    // What ends the section: another numbered heading of the fact sheet, or the plan that follows it.
    [GeneratedRegex(@"^[ \t]*(?:\d+\.[ \t]*[A-Z][A-Z ]{3,}:?[ \t]*$|Here is the (?:updated )?plan\b|Here is the (?:new|revised) plan\b)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex End();

    /// <summary>True when <paramref name="index"/> of <paramref name="text"/> lies in a section of educated guesses.</summary>
    public static bool Within(string text, int index)
    {
        if (index < 0 || index >= text.Length || text.IndexOf("GUESSES", StringComparison.OrdinalIgnoreCase) < 0) return false;
        foreach (Match h in Heading().Matches(text))
        {
            var start = h.Index + h.Length;
            if (index < start) return false;
            var end = End().Match(text, start);
            var stop = end.Success ? end.Index : text.Length;
            if (index < stop) return true;
        }

        return false;
    }
}
