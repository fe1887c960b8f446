using System.Text;

namespace TraceRegress.Engine.Text;

/// <summary>
/// A Python literal as JSON: LangChain records a tool's input as the Python text of its dict (<c>{'matter_id':
/// '2026-0417', 'urgent': True}</c>), which is the framework's way of writing the call, not arguments the model broke.
/// Single- and double-quoted strings, <c>True</c>, <c>False</c>, <c>None</c>, numbers, lists, tuples and dicts.
/// </summary>
internal static class PythonLiteral
{
    /// <summary>The literal written as JSON; null when the text is not a Python dict or list literal.</summary>
    public static string? ToJson(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] is not ('{' or '[')) return null;
        var json = new StringBuilder(t.Length + 8);
        var i = 0;
        while (i < t.Length)
        {
            var c = t[i];
            if (c is '\'' or '"')
            {
                // A string: its characters up to the matching quote, escapes kept as JSON writes them.
                var quote = c;
                json.Append('"');
                i++;
                var closed = false;
                while (i < t.Length)
                {
                    var d = t[i];
                    if (d == '\\' && i + 1 < t.Length)
                    {
                        var e = t[i + 1];
                        if (e == '\'') json.Append('\'');
                        else json.Append('\\').Append(e);
                        i += 2;
                        continue;
                    }

                    if (d == quote)
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (d == '"') json.Append("\\\"");
                    else if (d < ' ') json.Append("\\u").Append(((int)d).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else json.Append(d);
                    i++;
                }

                if (!closed) return null;
                json.Append('"');
                continue;
            }

            if (char.IsLetter(c))
            {
                var start = i;
                while (i < t.Length && (char.IsLetterOrDigit(t[i]) || t[i] == '_')) i++;
                var word = t[start..i];
                var mapped = word switch { "True" => "true", "False" => "false", "None" => "null", _ => null };
                if (mapped is null) return null;
                json.Append(mapped);
                continue;
            }

            json.Append(c switch { '(' => '[', ')' => ']', _ => c });
            i++;
        }

        return json.ToString();
    }
}
