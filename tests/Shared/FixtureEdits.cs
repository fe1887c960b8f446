namespace TraceRegress.TestSupport;

/// <summary>
/// Edits of fixture text that must change it. <see cref="string.Replace(string, string?, StringComparison)"/> of text
/// that is not there returns the input unchanged, and a test that meant to break, move or reformat a fixture then
/// passes for the wrong reason: these edits fail instead, naming the missing text.
/// </summary>
internal static class FixtureEdits
{
    /// <summary>Replaces every occurrence of <paramref name="oldValue"/>, which must occur, with a different <paramref name="newValue"/>.</summary>
    /// <exception cref="FixtureEditException"><paramref name="oldValue"/> does not occur, or the edit leaves the text as it was.</exception>
    public static string ReplaceExisting(this string text, string oldValue, string newValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldValue);
        if (!text.Contains(oldValue, StringComparison.Ordinal))
        {
            throw new FixtureEditException($"the fixture edit found nothing to replace: \"{oldValue}\" does not occur in the text ({text.Length} characters)");
        }

        var edited = text.Replace(oldValue, newValue, StringComparison.Ordinal);
        if (string.Equals(edited, text, StringComparison.Ordinal)) throw new FixtureEditException($"the fixture edit of \"{oldValue}\" changed nothing");
        return edited;
    }
}

/// <summary>A fixture edit that would not have changed the fixture.</summary>
internal sealed class FixtureEditException(string message) : Exception(message);
