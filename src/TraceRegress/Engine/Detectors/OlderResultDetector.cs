using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A web-browsing worker showed a list of results that date themselves ("Published 15.08.2016", "Updated 10.01.2022"),
/// and its next turn opened one dated before the time the task asks about (the latest year the task names: "following
/// the 2019–2021 renovation") while the same list held one dated in or after it. A source written before that time
/// cannot report on it, so what the team read there answers for an earlier state of things: Poor Information Retrieval at
/// the turn that opened it, quoting the click and both dates. Read only where the page it opened states the run's final
/// answer, and never where the task names no year.
/// </summary>
internal sealed partial class OlderResultDetector : IDetector
{
    public const string DetectorId = "older-result";

    // A result's own date line: "Published 15.08.2016", "Updated 10.01.2022", "Last updated: March 2023".
    [GeneratedRegex(@"^[ \t]*(?:Published|Updated|Last updated|Posted|Dated|Revised)\b[^\n]{0,40}?\b(?<year>(?:19|20)\d\d)\b[^\n]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"\b(?:19|20)\d\d\b", RegexOptions.CultureInvariant)]
    private static partial Regex Year();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    private sealed record Result(List<string> Lines, string DateLine, int Year)
    {
        /// <summary>The result's line that is the title given, if any.</summary>
        public string? Titled(string title) => Lines.Find(l => string.Equals(l, title, StringComparison.OrdinalIgnoreCase));

        /// <summary>Its title as a list shows it: the first of its lines.</summary>
        public string Title => Lines[0];
    }

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || AnswerTrail.Final(turns, context.Facts) is not { } final) yield break;
        var asked = Year().Matches(task.Text).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        if (asked == 0) yield break;
        var answer = context.Facts.FactsOf(final.Value ?? final.Text);
        if (answer.Count == 0) yield break;
        var all = turns.All;
        foreach (var shown in all)
        {
            if (!shown.IsObservation || shown.IsExecutionOutput || shown.Agent is not { } surfer || Results(shown.Text) is not { Count: >= 2 } results) continue;
            var fresh = results.Find(r => r.Year >= asked);
            if (fresh is null) continue;
            // The worker's next turn, and the link it says it clicked.
            var next = all.Skip(shown.Position + 1).FirstOrDefault(t => string.Equals(t.Agent, surfer, StringComparison.Ordinal));
            if (next is null || WrongLinkDetector.Clicked().Match(next.Text) is not { Success: true } click) continue;
            var title = click.Groups["title"].Value.Trim();
            var opened = results.Find(r => r.Titled(title) is not null);
            if (opened is null || opened.Year >= asked) continue;
            if (!answer.Exists(f => context.Facts.States(next.Text, f))) continue;
            yield return context.CreateFinding(this, next.Span, "Poor Information Retrieval",
                $"{surfer} opened '{title}', dated {opened.Year}, for a task about {asked}, where the same results held '{fresh.Title}', dated {fresh.Year}: a source written before the time asked about cannot report on it.",
                [new Evidence(next.Span.SpanId, next.Source, click.Value.Trim()), new Evidence(shown.Span.SpanId, shown.Source, opened.DateLine),
                 new Evidence(shown.Span.SpanId, shown.Source, fresh.DateLine)], 0.65)
                with { Basis = AttributionBasis.Inference, Explains = [shown.Span.SpanId] };
            yield break;
        }
    }

    /// <summary>
    /// The results of a list that date themselves: each a date line and the lines above it back to a blank line or the
    /// previous result's date line (at most four); its title is among them.
    /// </summary>
    private static List<Result> Results(string text)
    {
        var results = new List<Result>();
        var lines = text.Split('\n');
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (DateLine().Match(lines[i]) is not { Success: true } m) continue;
            var block = new List<string>();
            for (var k = i - 1; k >= Math.Max(start, i - 4); k--)
            {
                var line = lines[k].Trim();
                if (line.Length == 0) break;
                block.Insert(0, line);
            }

            if (block.Count > 0) results.Add(new Result(block, lines[i].Trim(), int.Parse(m.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            start = i + 1;
        }

        return results;
    }
}
