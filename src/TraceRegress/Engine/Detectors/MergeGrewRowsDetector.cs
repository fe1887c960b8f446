using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A lookup join that multiplied rows: code that attaches a column from another table by a key (<c>.merge(...)</c>,
/// <c>pd.merge</c>, <c>.join(...)</c>) and prints the rows before and after, with more after ("Q3 rows: 36 | merged rows:
/// 42"). Attaching one value per row keeps the row count; more rows mean the key is not unique on the other side (two
/// stores named "Downtown"), so every figure summed afterwards counts some rows twice. Cited at the turn that wrote the
/// join, quoting the join and the two counts; code that drops duplicates first is not read this way.
/// </summary>
internal sealed partial class MergeGrewRowsDetector : IDetector
{
    public const string DetectorId = "merge-grew-rows";

    [GeneratedRegex(@"\.merge\(|\bpd\.merge\(|\.join\(\s*[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex Join();

    [GeneratedRegex(@"drop_duplicates|\.unique\(\)|validate\s*=\s*[""'](?:m:1|many_to_one|1:1|one_to_one)", RegexOptions.CultureInvariant)]
    private static partial Regex Deduplicated();

    // A printed row count: "merged rows: 42", "Rows after merge = 42", "len(merged): 42".
    [GeneratedRegex(@"(?<label>[A-Za-z_()\[\] ]{0,30}?)\brows?\b(?<tail>[A-Za-z_ ]{0,20}?)\s*[:=]\s*(?<n>[0-9]{1,9})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RowCount();

    [GeneratedRegex(@"merg|join", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Joined();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        foreach (var output in turns.All)
        {
            if (!output.IsExecutionOutput || output.Text.IndexOf("row", StringComparison.OrdinalIgnoreCase) < 0) continue;
            if (turns.CodeAuthor(output) is not { } author) continue;
            string? join = null;
            foreach (Match block in AgentTurns.CodeBlock().Matches(author.Text))
            {
                var code = block.Groups["code"].Value;
                if (Deduplicated().IsMatch(code) || Join().Match(code) is not { Success: true } m) continue;
                join = ErrorText.LineAround(code, m.Index);
                break;
            }

            if (join is null) continue;
            (string Quote, long N)? before = null, after = null;
            foreach (Match count in RowCount().Matches(output.Text))
            {
                var n = long.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture);
                var label = count.Groups["label"].Value + count.Groups["tail"].Value;
                var quote = count.Value.Trim();
                if (Joined().IsMatch(label)) after ??= (quote, n);
                else before ??= (quote, n);
            }

            if (before is not { } b || after is not { } a || a.N <= b.N) continue;
            yield return context.CreateFinding(this, author.Span, "Incorrect Problem Identification",
                $"{author.Agent ?? author.Span.Name} joined on a key that is not unique (\"{join}\"): the rows went from {b.N} to {a.N}, so the rows that matched twice are counted twice in everything computed from them.",
                [new Evidence(author.Span.SpanId, author.Source, join), new Evidence(output.Span.SpanId, output.Source, a.Quote)], 0.7)
                with { Basis = AttributionBasis.Inference, Explains = [output.Span.SpanId] };
            yield break;
        }
    }
}
