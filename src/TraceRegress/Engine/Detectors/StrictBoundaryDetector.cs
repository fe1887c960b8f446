using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task includes a bound ("a maximum of at least 30.0 °C", "ML 2.0 or greater", "at most 12", "from 1 March to 15
/// March 2023 (inclusive)") and a turn compares against it strictly, in its code or in words written as code
/// (<c>tmax_c &gt; 30.0</c>, <c>date &lt; '2023-03-15'</c>): the values on the bound itself were left out of every count
/// and sum from there on.
/// Incorrect Problem Identification at the first turn that wrote the comparison, quoting it and the task's words.
/// </summary>
internal sealed partial class StrictBoundaryDetector : IDetector
{
    public const string DetectorId = "strict-boundary";

    private const string Figure = @"-?\d[\d,]*(?:\.\d+)?";

    // A bound the task includes, below: "at least 30.0", "no less than 5", "2.0 or greater", "300 cm or more".
    [GeneratedRegex(@"\b(?:at least|no less than|not less than|a minimum of|minimum of)\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?<n>" + Figure + @")|(?<n>" + Figure + @")\s*(?:[^\s\d.,;]{1,12}\s+)?or\s+(?:more|greater|above|higher|over)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtLeast();

    // A bound the task includes, above: "at most 12", "no more than 40", "12 or less", "up to and including 15".
    [GeneratedRegex(@"\b(?:at most|no more than|not more than|up to and including|a maximum of|maximum of)\s+(?<n>" + Figure + @")|(?<n>" + Figure + @")\s*(?:[^\s\d.,;]{1,12}\s+)?or\s+(?:less|fewer|below|lower|under)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtMost();

    // A comparison in code: "tmax_c > 30.0", "df['date'] < '2023-03-15'", "girth_cm>300".
    [GeneratedRegex(@"(?<![<>=!])(?<op>>=|<=|>|<)(?!=)\s*(?<v>" + Figure + @"|'\d{4}-\d{2}-\d{2}'|""\d{4}-\d{2}-\d{2}"")", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        // The task's words, and a group chat's opening that restates them with its plan.
        var stated = new List<SourcedText> { task };
        if (turns.TaskTurn is { } opening && !ReferenceEquals(opening.Span, task.Span)) stated.Add(new SourcedText(opening.Span, opening.Source, opening.Text));
        var bounds = new List<(decimal? Value, string? Date, bool Lower, SourcedText At, string Quote)>();
        foreach (var text in stated)
        {
            foreach (Match m in AtLeast().Matches(text.Text))
            {
                if (Number(m.Groups["n"].Value) is { } n) bounds.Add((n, null, true, text, m.Value.Trim()));
            }

            foreach (Match m in AtMost().Matches(text.Text))
            {
                if (Number(m.Groups["n"].Value) is { } n) bounds.Add((n, null, false, text, m.Value.Trim()));
            }

            // A range of dates the task includes: the last date of a sentence that says "inclusive".
            for (var at = text.Text.IndexOf("inclusive", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.Text.IndexOf("inclusive", at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var sentence = Requests.Sentence(text.Text, at);
                var last = context.Facts.FactsOf(sentence).Where(f => f.Kind == FactKind.Date && f.Key.Length == 12).MaxBy(f => f.Key, StringComparer.Ordinal);
                if (last is not null) bounds.Add((null, last.Key[2..], false, text, sentence.Trim()));
            }
        }

        if (bounds.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            // In its code, or in its words where it restates the rule as code writes it ("a hot day is `tmax_c > 30.0`").
            if (turn.Text.AsSpan().IndexOfAny('<', '>') < 0) continue;
            foreach (Match c in Comparison().Matches(turn.Text))
            {
                var op = c.Groups["op"].Value;
                if (op is ">=" or "<=") continue;
                var v = c.Groups["v"].Value.Trim('\'', '"');
                foreach (var b in bounds)
                {
                    var strict = b.Date is { } date
                        ? op == "<" && v == date
                        : Number(v) is { } n && n == b.Value && (b.Lower ? op == ">" : op == "<");
                    if (!strict) continue;
                    var line = ErrorText.LineAround(turn.Text, c.Index);
                    yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                        $"The task includes the bound (\"{b.Quote}\"), and {turn.Agent ?? turn.Span.Name}'s code compares strictly against it (\"{c.Value.Trim()}\"): the values on the bound were left out.",
                        [new Evidence(turn.Span.SpanId, turn.Source, line), new Evidence(b.At.Span.SpanId, b.At.Source, b.Quote)], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    private static decimal? Number(string written) =>
        decimal.TryParse(written.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
}
