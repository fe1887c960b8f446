using System.Globalization;
using System.Text;

namespace TraceRegress.Generators.Emit;

/// <summary>Text made safe for the places it lands in generated C#.</summary>
internal static class CSharpLiterals
{
    /// <summary>A regular string literal, quotes included.</summary>
    public static string Quoted(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A verbatim string literal (<c>@"…"</c>), for file system paths.</summary>
    public static string Verbatim(string value) => "@\"" + value.Replace("\"", "\"\"") + "\"";

    /// <summary>Text for an XML doc comment on one line.</summary>
    public static string XmlText(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                default: sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c); break;
            }
        }

        return sb.ToString();
    }
}
