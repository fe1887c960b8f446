using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// In a conversation, a source a worker showed says in so many words that the run's answer is a figure it replaces
/// ("These figures supersede the provisional total of 2,940 launches reported at the AGM"; "the 2,940 reported in
/// January has been revised"), and the team answered with that figure all the same. The step that chose it is the first
/// one after the source that takes the figure as the answer: a coordinator's ledger that declares the request satisfied
/// with it, else the turn that gives the final answer; but a worker that first showed the figure again from a source of
/// its own (the out-of-date report, opened after the note) took it up there, and is cited. Tool Output Misinterpretation,
/// quoting the source's sentence and the step's. A figure the task itself gives, or one a source only compares with ("up from 2,233 in 2020"), is no
/// finding: the figure must be the object of the replacing words.
/// </summary>
internal sealed partial class SupersededFigureDetector : IDetector
{
    public const string DetectorId = "superseded-figure";

    // Words before the figure that replace it: "supersede the provisional total of", "replaces the earlier estimate of",
    // "in place of the", "corrected from", "2,381 (previously listed as".
    [GeneratedRegex(@"\b(?:supersed(?:e|es|ing)|replac(?:e|es|ing)|overrid(?:e|es|ing)|in place of|instead of|corrected from|revised from|(?:previously|formerly)(?: (?:listed|given|reported|recorded|stated|published|shown|quoted|counted))?(?: as| at)?)\b[^.!?\n]{0,80}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplacesBefore();

    // Words after the figure that say it was replaced: "... has been superseded", "was revised", "is withdrawn".
    [GeneratedRegex(@"^[^.!?\n]{0,60}?\b(?:has been|have been|was|were|is|are|now)\s+(?:superseded|replaced|revised|corrected|withdrawn|retracted|overridden)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplacedAfter();

    // The right figure set against the wrong one right before it: "so 21 May falls in 1256, not 1254".
    [GeneratedRegex(@"\d[\d,.]*\s*,\s*not\s+(?:in\s+|the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RightNot();

    // A figure a notice says was given so before: "was given as", "was stated as", "had been reported as".
    [GeneratedRegex(@"\b(?:was|were|had been) (?:given|stated|reported|published|listed|printed|shown|quoted|recorded) as\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GivenAs();

    // The notice's correction after it: "The corrected total surveyed length ... is", "the revised figure should be".
    [GeneratedRegex(@"\b(?:corrected|revised|amended|correct)\b[^.!?\n]{0,80}\b(?:is|are|should be|reads|becomes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CorrectedLater();

    // A step that settles on one of two figures: "so we will rely on 21 May 1254", "we go with 2,940", "in favour of".
    [GeneratedRegex(@"\b(?:rely on|go with|going with|settle on|in favou?r of|adopt|prefer)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Chooses();

    [GeneratedRegex(@"\b(?:1[0-9]{3}|20[0-9]{2})\b(?!.*\b(?:1[0-9]{3}|20[0-9]{2})\b)", RegexOptions.CultureInvariant)]
    private static partial Regex YearOf();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        if (!turns.IsMultiAgent || AnswerTrail.Final(turns, facts) is not { Value: { Length: > 0 } value } final) yield break;
        var answer = facts.FactsOf(value).Where(f => f.Kind == FactKind.Number).ToList();
        // An answer that is a date ("21 May 1254") is read by its year: that is what a correction sets against another.
        if (answer.Count == 0 && facts.FactsOf(value).Count(f => f.Kind == FactKind.Date) == 1 && YearOf().Match(value) is { Success: true } year)
        {
            answer = facts.FactsOf(year.Value).Where(f => f.Kind == FactKind.Number).ToList();
        }

        if (answer.Count != 1 || turns.Task is not { } task) yield break;
        var figure = answer[0];
        if (facts.FactsOf(task.Text).Exists(f => f.Key == figure.Key)) yield break;
        var all = turns.All;
        for (var i = 0; i < all.Count; i++)
        {
            var source = all[i];
            if (!source.IsObservation || ReplacedIn(facts, source.Text, figure) is not { } note) continue;
            AgentTurn? chose = null;
            string? said = null;
            for (var k = i + 1; k < all.Count && chose is null; k++)
            {
                var t = all[k];
                // A worker that brought the figure back from a source of its own (the out-of-date report opened after
                // the note that replaces it) is where the run took it up again: that reading is the choice.
                if (t.IsObservation && !t.IsExecutionOutput && Stated(facts, t.Text, figure) is { } read && ReplacedIn(facts, t.Text, figure) is null)
                {
                    (chose, said) = (t, Requests.Sentence(t.Text, read).Trim());
                    break;
                }

                if (t.IsObservation || ReferenceEquals(t, final.Turn)) continue;
                if ((PartialPageDetector.DeclaredSatisfied().Match(t.Text) is { Success: true } ? Stated(facts, t.Text, figure) : ChosenAt(facts, t.Text, figure)) is { } at)
                {
                    (chose, said) = (t, Requests.Sentence(t.Text, at).Trim());
                }
            }

            if (chose is null && final.Turn.Span.Index != source.Span.Index && Stated(facts, final.Turn.Text, figure) is { } answered)
            {
                (chose, said) = (final.Turn, Requests.Sentence(final.Turn.Text, answered).Trim());
            }

            if (chose is null || said is null) yield break;
            yield return context.CreateFinding(this, chose.Span, "Tool Output Misinterpretation",
                chose.IsObservation
                    ? $"{source.Agent ?? source.Span.Name} showed a source that replaces {figure.Written} (\"{note}\"), and {chose.Agent ?? chose.Span.Name} then brought {figure.Written} back from another source, which the run answered with."
                    : $"{source.Agent ?? source.Span.Name} showed a source that replaces {figure.Written} (\"{note}\"), and {chose.Agent ?? chose.Span.Name} took {figure.Written} as the answer.",
                [new Evidence(source.Span.SpanId, source.Source, note), new Evidence(chose.Span.SpanId, chose.Source, said)], 0.6) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The sentence of the text that says the figure was replaced, when one does.
    private static string? ReplacedIn(FactIndex facts, string text, Fact figure)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (f.Key != figure.Key) continue;
            var before = text.AsSpan(Math.Max(0, f.Index - 120), Math.Min(f.Index, 120));
            var after = text.AsSpan(f.Index + f.Written.Length, Math.Min(80, text.Length - f.Index - f.Written.Length));
            if (ReplacesBefore().IsMatch(before) || ReplacedAfter().IsMatch(after) || RightNot().IsMatch(before)) return Requests.Sentence(text, f.Index).Trim();
            // A row that gives the replaced figure under its own name ("Megan Prydderch 1:35.80 (provisional 1:32.15)") below
            // a notice that replaces what that name stands for ("The amended times below replace the provisional times").
            if (NamedBefore().Match(before.ToString()) is { Success: true } named)
            {
                var word = named.Groups["w"].Value;
                foreach (Match notice in Replacing().Matches(text[..f.Index]))
                {
                    if (notice.Groups["what"].Value.Contains(word, StringComparison.OrdinalIgnoreCase)) return Requests.Sentence(text, notice.Index).Trim();
                }
            }

            // A correction notice: "the total ... was given as 4,702 m. ... The corrected total ... is 4,381 m."
            if (GivenAs().IsMatch(before) && CorrectedLater().IsMatch(text.AsSpan(f.Index + f.Written.Length, Math.Min(400, text.Length - f.Index - f.Written.Length)))) return Requests.Sentence(text, f.Index).Trim();
        }

        return null;
    }

    // The name a row gives the figure right before it: "(provisional 1:32.15)", "original: 2,940".
    [GeneratedRegex(@"\b(?<w>provisional|original|originally|previous|previously|initial|unofficial|unratified|preliminary|old)\s*[:=]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedBefore();

    // Words that replace a kind of figure: "replace the provisional times", "supersede the preliminary counts".
    [GeneratedRegex(@"\b(?:replac(?:e|es|ing)|supersed(?:e|es|ing)|overrid(?:e|es|ing))\s+(?<what>(?:the|all|any)\s+[^.!?\n]{3,40})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Replacing();

    // Where the text settles on the figure: a sentence that states it with words of choosing ("we will rely on 21 May 1254").
    private static int? ChosenAt(FactIndex facts, string text, Fact figure)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (Writes(f, figure) && Chooses().IsMatch(Requests.Sentence(text, f.Index))) return f.Index;
        }

        return null;
    }

    private static int? Stated(FactIndex facts, string text, Fact figure)
    {
        foreach (var f in facts.FactsOf(text))
        {
            if (Writes(f, figure)) return f.Index;
        }

        return null;
    }

    // The fact states the figure: the same figure, or a date of the year the figure is ("21 May 1254" for 1254).
    private static bool Writes(Fact f, Fact figure) =>
        f.Key == figure.Key || (f.Kind == FactKind.Date && figure.Written.Length == 4 && f.Written.EndsWith(figure.Written, StringComparison.Ordinal));
}
