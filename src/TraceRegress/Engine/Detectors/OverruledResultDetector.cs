using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a turn that disagrees with a result the team's code printed ("I have to disagree with excluding
/// Neujahr") and concludes another figure ("The correct count is therefore ... 7", or code of its own that prints it),
/// which the run then answers with. The result it overruled (<c>Falling Monday-Friday: 6</c>) was worked out from the
/// data; the figure the run ended with first
/// entered where that turn argued it. The turn names the printed result it sets aside (as a digit or a word: "the six
/// Monday-Friday holidays plus Neujahr"), and no turn before it concluded the answer's figure. Incorrect Problem
/// Identification at the overruling turn, quoting its disagreement and the printed line. With an expected answer it is
/// read only where the overruled result was the expected one.
/// </summary>
internal sealed partial class OverruledResultDetector : IDetector
{
    public const string DetectorId = "overruled-result";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    [GeneratedRegex(@"\bI (?:have to |must |would |strongly )?disagree\b|\bI do(?: not|n't) agree\b|\b(?:is|was|are|were) (?:incorrect|wrong|not correct|mistaken)\b|\bshould not (?:have been )?(?:be )?excluded\b|\bshould (?:also |still )?(?:be )?(?:counted|included)\b|\b(?:has|have|needs?) to (?:include|be included|be added|add)\b|\bmust (?:include|be included|be added)\b|\b(?:one thing|something) is missing\b|\b(?:must|should) not be (?:added|included|counted|applied)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Disagreement();

    // A sentence that concludes a figure: "the correct count is therefore 7", "i.e. 7", "so the answer is 7", "the answer is 412".
    [GeneratedRegex(@"\b(?:therefore|thus|hence|i\.e\.|so the|correct (?:count|answer|total|number|result|value|figure) is|(?:the|our|final) answer is|should be|comes to|gives)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConclusionCue();

    // A labelled line a script printed: "Falling Monday-Friday: 6", "Bread winner: Tom Ashworth" (a name may be followed by
    // its score: "Bread winner: Priya Nandakumar 26.5").
    [GeneratedRegex(@"^[ \t]*(?:Code output:[ \t]*)?(?<label>[A-Za-z][^\n:=]{2,80}?)[ \t]*[:=][ \t]*(?<n>-?\d[\d,]*(?:\.\d+)?|\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?|\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,3})(?:(?<=\p{L})[ \t]+-?\d[\d,]*(?:\.\d+)?)?[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex PrintedLine();

    // A name standing for an answer: two to four capitalised words ("Tom Ashworth", "Harrowgate Lad").
    [GeneratedRegex(@"^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProperName();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || AnswerTrail.Final(turns, context.Facts) is not { } final) yield break;
        // The answer as marked, else the whole of a turn that says nothing but a figure (a run's output "84"), else the one
        // figure, not a year, a closing sentence gives ("... gave 398 performances.").
        var value = final.Value ?? final.Text.Trim();
        if (Number(value) is null && final.Value is null && OnlyFigure(final.Text) is { } only) value = only;
        if (Number(value) is not { } answer) yield break;
        var expected = context.Request.ExpectedAnswer is { Length: > 0 } e ? Number(e.Trim()) : null;
        if (context.Request.ExpectedAnswer is { Length: > 0 } && expected is null) yield break;
        var all = turns.All;
        // Each turn's printed figures, read once when first asked for.
        var printedBy = new List<(string Line, Figure N)>?[all.Count];
        List<(string Line, Figure N)> PrintedAt(int k) => printedBy[k] ??= Printed(all[k].Text).ToList();
        foreach (var turn in all)
        {
            if (turn.Position > final.Turn.Position) break;
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || Disagreement().Match(turn.Text) is not { Success: true } disagrees) continue;
            // It concludes the answer's figure, or the code it wrote printed it.
            var concluded = Concludes(turn.Text, answer);
            var by = turn;
            for (var k = turn.Position + 1; concluded is null && turn.Text.Contains("```", StringComparison.Ordinal) && k < all.Count && all[k].IsExecutionOutput; k++)
            {
                if (PrintedAt(k).FirstOrDefault(p => p.N.Same(answer)) is { Line: { } printedLine }) (concluded, by) = (printedLine, all[k]);
            }

            if (concluded is null) continue;
            // No turn before it concluded or printed that figure.
            if (all.Take(turn.Position).Any(t => !ReferenceEquals(t, turns.TaskTurn) && (PrintedAt(t.Position).Exists(p => p.N.Same(answer)) || (!t.IsObservation && Concludes(t.Text, answer) is not null)))) continue;
            // The result it overrules: the last figure the team's code printed before it that it names, another than the answer.
            // Else the printed figure the turn it answers concluded ("... is therefore 4:16.62. Verification_Expert, please
            // verify this result"): the result it was asked to check.
            var asked = all.Take(turn.Position).LastOrDefault(t => !t.IsObservation && !ReferenceEquals(t, turns.TaskTurn));
            (AgentTurn Turn, string Line, Figure N)? overruled = null;
            for (var pass = 0; pass < 2 && overruled is null; pass++)
            {
                for (var k = turn.Position - 1; k >= 0 && overruled is null; k--)
                {
                    if (!all[k].IsExecutionOutput) continue;
                    foreach (var (line, n) in Enumerable.Reverse(PrintedAt(k)))
                    {
                        if (n.Same(answer) || !(pass == 0 ? Names(turn.Text, n) : asked is not null && Concludes(asked.Text, n) is not null)) continue;
                        overruled = (all[k], line, n);
                        break;
                    }
                }
            }

            if (overruled is not { } result) continue;
            if (expected is { } right && !right.Same(result.N)) yield break;
            var printed = result.N.Written;
            yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"{turn.Agent ?? turn.Span.Name} overruled the result the code printed ({printed}) and concluded {value}, which the run answered: the figure entered where it was argued, not where it was worked out.",
                [new Evidence(turn.Span.SpanId, turn.Source, Requests.Sentence(turn.Text, disagrees.Index)), new Evidence(by.Span.SpanId, by.Source, concluded),
                 new Evidence(result.Turn.Span.SpanId, result.Turn.Source, result.Line)], expected is null ? 0.6 : 0.7)
                with { Basis = expected is null ? AttributionBasis.Inference : AttributionBasis.ExpectedAnswer };
            yield break;
        }

        if (answer.Name && OverruledWinner(context, final, answer, expected) is { } winner) yield return winner;
    }

    // A sentence that gives a name the win: "Hannah Pryce wins", "places first", "is the winner", "takes the title".
    [GeneratedRegex(@"\b(?:wins|won|is the (?:winner|champion)|places? first|placed first|takes? (?:the )?(?:title|first place)|in first place|comes? first|should be placed first|ranks? first)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WinCue();

    /// <summary>
    /// The same for a name: the turn a verifier answers gave the win to one name ("Result: Hannah Pryce wins the Ladies'
    /// Recurve category. Verification_Expert, please confirm."), and the verifier disagreed and put the answer's name
    /// first instead ("I disagree with the tie-break used ... so Ashdown should be placed first"), naming the one it set
    /// aside; no turn before gave the answer's name the win. The name the run answered with entered where it was argued.
    /// </summary>
    private Finding? OverruledWinner(DetectionContext context, FinalAnswer final, Figure answer, Figure? expected)
    {
        var turns = context.Turns;
        var all = turns.All;
        var surname = answer.Written[(answer.Written.LastIndexOf(' ') + 1)..];
        foreach (var turn in all)
        {
            if (turn.Position > final.Turn.Position) break;
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || Disagreement().Match(turn.Text) is not { Success: true } disagrees) continue;
            // It puts the answer's name first.
            var first = WinCue().Matches(turn.Text).FirstOrDefault(w => Requests.Sentence(turn.Text, w.Index) is var sentence
                && (WholeWords.Find(sentence, answer.Written) >= 0 || WholeWords.Find(sentence, surname) >= 0));
            if (first is null) continue;
            // The turn it answers gave another name the win, which this turn names.
            var asked = all.Take(turn.Position).LastOrDefault(t => !t.IsObservation && !ReferenceEquals(t, turns.TaskTurn));
            if (asked is null) return null;
            string? overruled = null;
            string? given = null;
            foreach (Match w in WinCue().Matches(asked.Text))
            {
                var sentence = Requests.Sentence(asked.Text, w.Index);
                foreach (Match name in Names().Matches(sentence))
                {
                    if (name.Value == answer.Written || WholeWords.Find(turn.Text, name.Value) < 0) continue;
                    (overruled, given) = (name.Value, sentence.Trim());
                    break;
                }

                if (overruled is not null) break;
            }

            // No turn before it gave the answer's name the win.
            if (overruled is null || given is null || all.Take(turn.Position).Any(t => !t.IsObservation && WinCue().Matches(t.Text).Any(w => WholeWords.Find(Requests.Sentence(t.Text, w.Index), answer.Written) >= 0))) return null;
            if (expected is { } right && right.Written != overruled) return null;
            return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"{turn.Agent ?? turn.Span.Name} overruled the winner {asked.Agent ?? asked.Span.Name} gave ({overruled}) and put {answer.Written} first, which the run answered: the name entered where it was argued.",
                [new Evidence(turn.Span.SpanId, turn.Source, Requests.Sentence(turn.Text, disagrees.Index).Trim()), new Evidence(turn.Span.SpanId, turn.Source, Requests.Sentence(turn.Text, first.Index).Trim()),
                 new Evidence(asked.Span.SpanId, asked.Source, given)], expected is null ? 0.6 : 0.7)
                with { Basis = expected is null ? AttributionBasis.Inference : AttributionBasis.ExpectedAnswer };
        }

        return null;
    }

    // A name of two to four capitalised words inside a sentence.
    [GeneratedRegex(@"\b\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}[\p{Ll}'’-]+){1,3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Names();

    /// <summary>The one figure a text gives that is no year (a number of things, a measure), as written; null when it gives none or several.</summary>
    private static string? OnlyFigure(string text)
    {
        string? only = null;
        foreach (var f in Facts.Extract(text))
        {
            if (f.Kind != FactKind.Number || (f.IsBareNumber && f.Value is >= 1000 and <= 2100 && f.Value == decimal.Truncate(f.Value))) continue;
            // The end of a run of years ("1997–98") is a year too.
            if (f.Index >= 5 && text[f.Index - 1] is '–' or '-' or '/' && text.AsSpan(f.Index - 5, 4).IndexOfAnyExceptInRange('0', '9') < 0) continue;
            if (only is not null && only != f.Written) return null;
            only = f.Written;
        }

        return only;
    }

    /// <summary>
    /// A figure as written, and its value: a number, a time taken ("4:16.62", "1:02:05") in seconds, or a name (a winner,
    /// a title: "Tom Ashworth"), which has no value and is the same only as itself.
    /// </summary>
    private readonly record struct Figure(decimal Value, string Written, bool Time, bool Name = false)
    {
        public bool Same(Figure other) => Name == other.Name && (Name ? string.Equals(Written, other.Written, StringComparison.Ordinal) : Value == other.Value);
    }

    /// <summary>
    /// A plain number (digits, thousands commas, a decimal part), a time taken (minutes and seconds, or hours too), or a
    /// name of two to four capitalised words ("Tom Ashworth"); null for anything else.
    /// </summary>
    private static Figure? Number(string text)
    {
        var trimmed = text.Trim().TrimEnd('.');
        if (ProperName().IsMatch(trimmed)) return new Figure(0, trimmed, false, true);
        var t = trimmed.Replace(",", "", StringComparison.Ordinal);
        if (t.Length is > 0 and <= 24 && decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return new Figure(n, n.ToString(CultureInfo.InvariantCulture), false);
        var parts = t.Split(':');
        if (parts.Length is < 2 or > 3 || t.Length > 16) return null;
        decimal seconds = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (parts[i].Length == 0 || (i > 0 && parts[i].Split('.')[0].Length != 2) || (!last && parts[i].Contains('.', StringComparison.Ordinal))
                || !decimal.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || (i > 0 && v >= 60)) return null;
            seconds = seconds * 60 + v;
        }

        return new Figure(seconds, t, true);
    }

    /// <summary>What of the text concludes the figure (a conclusion cue and, after it on its line, the figure standing alone); null when none does.</summary>
    private static string? Concludes(string text, Figure figure)
    {
        foreach (Match cue in ConclusionCue().Matches(text))
        {
            // To the end of the line, at most a hundred characters on: "i.e. 7" goes on past the abbreviation's full stop.
            var end = text.IndexOf('\n', cue.Index);
            end = Math.Min(end < 0 ? text.Length : end, cue.Index + 100);
            if (Stands(text[cue.Index..end], figure)) return text[cue.Index..end].TrimEnd();
        }

        return null;
    }

    /// <summary>The labelled figures a script printed, one per line.</summary>
    private static IEnumerable<(string Line, Figure N)> Printed(string text)
    {
        foreach (Match m in PrintedLine().Matches(text))
        {
            var label = m.Groups["label"];
            if (Number(m.Groups["n"].Value) is { } n) yield return (text[label.Index..(m.Index + m.Length)].Trim(), n);
        }
    }

    /// <summary>True when the text names the figure: as digits standing alone, or as a number word for a whole number up to twenty.</summary>
    private static bool Names(string text, Figure figure)
    {
        if (Stands(text, figure)) return true;
        var n = figure.Value;
        return !figure.Time && n == decimal.Truncate(n) && n is >= 0 and <= 20 && WholeWords.Find(text.ToLowerInvariant(), HeadCountDetector.Words[(int)n]) >= 0;
    }

    // The figure as digits not part of a longer number, a date or an identifier.
    private static bool Stands(string text, Figure figure)
    {
        var written = figure.Written;
        for (var at = text.IndexOf(written, StringComparison.Ordinal); at >= 0; at = text.IndexOf(written, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : text[at - 1];
            var end = at + written.Length;
            var after = end >= text.Length ? ' ' : text[end];
            var afterNext = end + 1 >= text.Length ? ' ' : text[end + 1];
            if (char.IsLetterOrDigit(before) || before is '-' or '/' or '.' or ',' or '_' or '$' or '€' or '£') continue;
            if (char.IsLetterOrDigit(after) || after is '-' or '/' or '_' || (after is '.' or ',' or ':' && char.IsAsciiDigit(afterNext))) continue;
            return true;
        }

        return false;
    }
}
