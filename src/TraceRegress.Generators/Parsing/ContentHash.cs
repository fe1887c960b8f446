using System.Globalization;

namespace TraceRegress.Generators.Parsing;

/// <summary>
/// A 64-bit FNV-1a hash of a trace's bytes: enough to tell an edited trace from an unchanged one
/// in the pipeline's cache, without keeping the content.
/// </summary>
internal static class ContentHash
{
    public static string Of(byte[] bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
