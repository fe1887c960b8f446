namespace TraceRegress.Engine.Text;

/// <summary>Finding a word or phrase in a text as whole words: not inside a longer word or number.</summary>
internal static class WholeWords
{
    /// <summary>Where <paramref name="word"/> first stands in <paramref name="text"/> as whole words; -1 when it does not.</summary>
    public static int Find(string text, string word, StringComparison comparison = StringComparison.Ordinal) => Find(text, word, 0, comparison);

    /// <summary>Where <paramref name="word"/> first stands as whole words in <paramref name="text"/> at or after <paramref name="start"/>; -1 when it does not.</summary>
    public static int Find(string text, string word, int start, StringComparison comparison = StringComparison.Ordinal)
    {
        var from = start;
        while (from <= text.Length - word.Length)
        {
            var at = text.IndexOf(word, from, comparison);
            if (at < 0) return -1;
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + word.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after) return at;
            from = at + 1;
        }

        return -1;
    }
}
