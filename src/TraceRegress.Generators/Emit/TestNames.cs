using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace TraceRegress.Generators.Emit;

/// <summary>
/// Turns folder names into C# identifiers. Class names compare ignoring case when collisions are
/// resolved, because the compiler compares generated file names that way.
/// </summary>
internal static class TestNames
{
    /// <summary>The class name for a folder inside the corpus (<c>checkout/payments</c> → <c>Checkout_PaymentsTraces</c>).</summary>
    public static string ClassName(string folder)
    {
        if (folder.Length == 0) return "RootTraces";
        var sb = new StringBuilder();
        foreach (var segment in folder.Split('/'))
        {
            if (segment.Length == 0) continue;
            if (sb.Length > 0) sb.Append('_');
            var identifier = Identifier(segment);
            sb.Append(char.ToUpperInvariant(identifier[0])).Append(identifier, 1, identifier.Length - 1);
        }

        return sb.Append("Traces").ToString();
    }

    /// <summary>A namespace made of valid identifiers (an invalid segment is repaired, not rejected).</summary>
    public static string Namespace(string value)
    {
        var segments = new List<string>();
        foreach (var segment in value.Split('.'))
        {
            var trimmed = segment.Trim();
            if (trimmed.Length == 0) continue;
            var identifier = Identifier(trimmed);
            segments.Add(SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier);
        }

        return segments.Count == 0 ? "TraceRegress.Corpus" : string.Join(".", segments);
    }

    /// <summary>
    /// A valid identifier: letters, digits and connectors kept (any script), everything else <c>_</c>,
    /// <c>_</c> in front of a leading digit.
    /// </summary>
    public static string Identifier(string raw)
    {
        var sb = new StringBuilder(raw.Length + 1);
        foreach (var c in raw)
        {
            sb.Append(IsIdentifierPart(c) ? c : '_');
        }

        if (sb.Length == 0 || !IsIdentifierStart(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>
    /// The generated file of a test class: its name, ASCII only (non-ASCII letters as <c>-uXXXX</c>, which no identifier
    /// contains, so distinct names stay distinct), then <c>.g.cs</c>.
    /// </summary>
    public static string HintName(string className)
    {
        var sb = new StringBuilder();
        AppendAscii(sb, className);
        return sb.Append(".g.cs").ToString();
    }

    /// <summary>The name without the keyword escape, as the compiler sees it.</summary>
    public static string Unescaped(string identifier) => identifier.TrimStart('@');

    private static void AppendAscii(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            if (c < 128) sb.Append(c);
            else sb.Append("-u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
    }

    private static bool IsIdentifierStart(char c) => c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => true,
        _ => false,
    };

    // Formatting characters (Cf) are legal but invisible and dropped by the compiler; they become '_' here.
    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };
}
