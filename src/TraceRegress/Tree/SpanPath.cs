using System.Globalization;
using System.Text;

namespace TraceRegress.Tree;

/// <summary>Escaping and parsing of span paths (<c>a/b[2]/c</c>).</summary>
internal static class SpanPath
{
    /// <summary>One parsed segment: a name and an optional 1-based sibling index.</summary>
    internal readonly record struct Segment(string Name, int? Index);

    /// <summary>Escapes the characters that have a meaning in a path: <c>\</c>, <c>/</c> and <c>[</c>.</summary>
    public static string Escape(string name)
    {
        if (name.AsSpan().IndexOfAny('\\', '/', '[') < 0) return name;
        var sb = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (c is '\\' or '/' or '[') sb.Append('\\');
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Parses a path into segments; null with a reason when it is not a valid path.</summary>
    public static List<Segment>? TryParse(string path, out string? error)
    {
        error = null;
        var segments = new List<Segment>();
        var name = new StringBuilder();
        int? index = null;
        var i = 0;
        while (true)
        {
            if (i == path.Length || path[i] == '/')
            {
                if (name.Length == 0)
                {
                    error = i == path.Length && segments.Count == 0 ? "the selector is empty" : $"empty segment at position {i + 1}";
                    return null;
                }

                segments.Add(new Segment(name.ToString(), index));
                name.Clear();
                index = null;
                if (i == path.Length) return segments;
                i++;
                continue;
            }

            var c = path[i];
            if (index is not null)
            {
                error = $"unexpected '{c}' after the index at position {i + 1} (escape '/' and '[' in names with '\\')";
                return null;
            }

            if (c == '\\' && i + 1 < path.Length)
            {
                name.Append(path[i + 1]);
                i += 2;
            }
            else if (c == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    error = $"expected a sibling index '[n]' with n ≥ 1 at position {i + 1}";
                    return null;
                }

                index = n;
                i = close + 1;
            }
            else
            {
                name.Append(c);
                i++;
            }
        }
    }
}
