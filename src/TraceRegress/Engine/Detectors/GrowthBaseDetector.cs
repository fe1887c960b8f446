using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A growth or decline given as a percentage of the wrong figure: the turn states two figures of one kind (€41.28M and
/// €46.65M) and, beside words of growth, a percentage that is their difference divided by the later, larger figure (5.37 /
/// 46.65 = 11.5%) and not by the earlier one it grew from (5.37 / 41.28 = 13.0%); or, beside words of decline, the
/// difference divided by the smaller figure. Every number is grounded, so no other rule sees it: the percentage was
/// worked out wrong where it was written. Language-only hallucination at that turn, quoting the percentage and both
/// figures.
/// </summary>
internal sealed partial class GrowthBaseDetector : IDetector
{
    public const string DetectorId = "growth-base";

    [GeneratedRegex(@"\b(?:grow(?:th|s|n)?|grew|increase[ds]?|rise|rose|risen|up by|higher|gain(?:ed|s)?|year[- ]on[- ]year|yoy)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Growth();

    [GeneratedRegex(@"\b(?:decline[ds]?|decrease[ds]?|fell|fall(?:en|s)?|drop(?:ped|s)?|down by|lower|shr[ai]nk|loss)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Decline();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A difference a script names: "increase = total_2023 - total_2015".
    [GeneratedRegex(@"^[ \t]*(?<name>[A-Za-z_]\w*)\s*=\s*(?<minuend>[A-Za-z_]\w*)\s*-\s*(?<subtrahend>[A-Za-z_]\w*)[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NamedDifference();

    /// <summary>
    /// A script that works out a growth the task asks for by dividing the increase by the figure it grew to: the
    /// difference it names (<c>increase = total_2023 - total_2015</c>) divided by its own first term
    /// (<c>pct = increase / total_2023 * 100</c>); or a fall the task asks for, divided by the figure it fell to, the
    /// difference's second term (<c>fall = v2019 - v2021</c>, <c>pct = fall / v2021 * 100</c>). The script ran and printed
    /// the percentage: Language-only hallucination at the turn that wrote it, quoting the printed percentage and the line
    /// that divides.
    /// </summary>
    private Finding? ScriptedGrowth(DetectionContext context)
    {
        var turns = context.Turns;
        if (turns.Task is not { } task) return null;
        var growth = Growth().IsMatch(task.Text);
        if (growth == Decline().IsMatch(task.Text)) return null;
        var all = turns.All;
        foreach (var turn in all)
        {
            if (turn.IsObservation || !turn.Text.Contains("```", StringComparison.Ordinal) || !turn.Text.Contains("100", StringComparison.Ordinal)) continue;
            foreach (Match d in NamedDifference().Matches(turn.Text))
            {
                var name = d.Groups["name"].Value;
                // Where the change ended: what it grew to is the difference's first term, what it fell to its second.
                var reached = d.Groups[growth ? "minuend" : "subtrahend"].Value;
                var start = d.Groups[growth ? "subtrahend" : "minuend"].Value;
                var over = Percentages().Matches(turn.Text).FirstOrDefault(r => r.Groups["num"].Value == name && r.Groups["den"].Value == reached);
                if (over is null) continue;
                if (turns.CodeRun(turn) is not { } run || CodeExecutionErrorDetector.Failure(run.Text) is not null) continue;
                if (PrintedPercent().Match(run.Text) is not { Success: true } printed) continue;
                var line = turn.Text[(turn.Text.LastIndexOf('\n', over.Index) + 1)..];
                line = line[..(line.IndexOf('\n') is >= 0 and var end ? end : line.Length)].Trim();
                return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                    $"{turn.Agent ?? "The model"}'s script divides the {(growth ? "increase" : "fall")} ({d.Value.Trim()}) by {reached}, the figure it {(growth ? "grew" : "fell")} to, not {start}, where it started; it printed {printed.Value}.",
                    [new Evidence(run.Span.SpanId, run.Source, printed.Value), new Evidence(turn.Span.SpanId, turn.Source, line)], 0.7)
                    with { Basis = AttributionBasis.UngroundedContent, Explains = [run.Span.SpanId] };
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<![\d.])\d+(?:\.\d+)?%", RegexOptions.CultureInvariant)]
    private static partial Regex PrintedPercent();

    // One name divided by another and made a percentage: "increase / total_2023 * 100", "(increase / total_2023) * 100".
    [GeneratedRegex(@"\b(?<num>[A-Za-z_]\w*)\s*/\s*(?<den>[A-Za-z_]\w*)\b\s*\)?\s*\*\s*100\b", RegexOptions.CultureInvariant)]
    private static partial Regex Percentages();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (ScriptedGrowth(context) is { } scripted)
        {
            yield return scripted;
            yield break;
        }

        var facts = context.Facts;
        foreach (var turn in context.Turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, context.Turns.TaskTurn)) continue;
            var stated = facts.StatedBy(turn.Span);
            if (stated.Count < 3) continue;
            var figures = stated.Where(s => s.Fact is { Kind: FactKind.Number, Reference: false, Value: > 0 } f && f.Dimension != "%").Select(s => s.Fact).DistinctBy(f => (f.Value, f.Dimension)).ToList();
            if (figures.Count < 2) continue;
            foreach (var p in stated)
            {
                if (p.Fact is not { Kind: FactKind.Number, Dimension: "%" } percent || p.Source != turn.Source || percent.Index >= turn.Text.Length) continue;
                var sentence = Requests.Sentence(turn.Text, percent.Index);
                var growth = Growth().IsMatch(sentence);
                if (!growth && !Decline().IsMatch(sentence)) continue;
                var tolerance = Math.Max(percent.Precision, 0.05m);
                foreach (var lo in figures)
                {
                    foreach (var hi in figures)
                    {
                        if (hi.Value <= lo.Value || hi.Dimension != lo.Dimension) continue;
                        var change = hi.Value - lo.Value;
                        var wrong = change / (growth ? hi.Value : lo.Value) * 100;
                        var right = change / (growth ? lo.Value : hi.Value) * 100;
                        if (Math.Abs(wrong - percent.Value) > tolerance || Math.Abs(right - percent.Value) <= tolerance * 4) continue;
                        var from = growth ? lo : hi;
                        var to = growth ? hi : lo;
                        yield return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                            $"{turn.Agent ?? "The model"} gives {percent.Written} as the {(growth ? "growth" : "decline")} from {from.Written} to {to.Written}, which is the change divided by {to.Written}; divided by {from.Written}, where it started, it is {right.ToString("0.#", CultureInfo.InvariantCulture)}%.",
                            [new Evidence(turn.Span.SpanId, turn.Source, percent.Written), new Evidence(turn.Span.SpanId, turn.Source, from.Written), new Evidence(turn.Span.SpanId, turn.Source, to.Written)], 0.7)
                            with { Basis = AttributionBasis.UngroundedContent };
                        yield break;
                    }
                }
            }
        }
    }
}
