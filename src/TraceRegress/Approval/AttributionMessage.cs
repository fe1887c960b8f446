using System.Globalization;
using System.Text;
using TraceRegress.Rendering;
using TraceRegress.Model;

namespace TraceRegress.Approval;

/// <summary>
/// The readable text of a failed (or newly approved) attribution check: expected and actual span and
/// category side by side, what differs, the span tree with both spans marked, and the evidence.
/// </summary>
internal static class AttributionMessage
{
    public const string ExpectedMark = "expected";
    public const string ActualMark = "actual";

    /// <summary>The comparison of an attribution against an expectation, for a failure message.</summary>
    public static string Describe(string headline, AttributionComparison comparison)
    {
        var text = new StringBuilder();
        text.Append(headline.TrimEnd()).Append('\n').Append('\n');
        var expected = comparison.Expected;
        var actual = comparison.Actual;

        Row(text, "expected span", expected.ExpectsNoFailure ? "none (no failure expected)" : ExpectedSpan(comparison));
        Row(text, "actual span", actual.Cited is { } cited ? $"{cited.Path} (id {cited.SpanId})" : "none (no failure found)");
        if (!expected.ExpectsNoFailure && expected.Category is not null)
        {
            Row(text, "expected category", expected.Category.Describe());
        }

        Row(text, "actual category", CategoryExpectation.DescribeActual(actual.Category));
        if (expected.EvidenceText is { } evidence) Row(text, "expected evidence", $"a quote containing \"{evidence}\"");

        if (comparison.Differences.Count > 0)
        {
            text.Append('\n').Append("Differences:\n");
            foreach (var difference in comparison.Differences) text.Append("  - ").Append(difference).Append('\n');
        }

        AppendTree(text, comparison.Trace, comparison.ExpectedSpan, comparison.ActualSpan);
        AppendEvidence(text, comparison.Trace, actual);
        return text.ToString();
    }

    /// <summary>An attribution alone (no expectation yet), for the first run of a new trace.</summary>
    public static string DescribeNew(string headline, AgentTrace trace, Attribution actual)
    {
        var text = new StringBuilder();
        text.Append(headline.TrimEnd()).Append('\n').Append('\n');
        Row(text, "cited span", actual.Cited is { } cited ? $"{cited.Path} (id {cited.SpanId})" : "none (no failure found)");
        Row(text, "category", CategoryExpectation.DescribeActual(actual.Category));
        var span = actual.Cited is null ? null : trace.FindById(actual.Cited.SpanId);
        AppendTree(text, trace, null, span);
        AppendEvidence(text, trace, actual);
        return text.ToString();
    }

    private static string ExpectedSpan(AttributionComparison comparison)
    {
        var selector = comparison.Expected.Span!;
        if (comparison.ExpectedSpan is { } span)
        {
            return string.Equals(span.Path, selector, StringComparison.Ordinal)
                ? $"{selector} (id {span.SpanId})"
                : $"{selector} → {span.Path} (id {span.SpanId})";
        }

        return $"{selector} ({comparison.SelectorProblem})";
    }

    private static void Row(StringBuilder text, string label, string value) =>
        text.Append("  ").Append((label + ":").PadRight(20)).Append(value).Append('\n');

    private static void AppendTree(StringBuilder text, AgentTrace trace, Span? expected, Span? actual)
    {
        var marks = new List<SpanMark>();
        if (expected is not null) marks.Add(new SpanMark(expected, ExpectedMark));
        if (actual is not null) marks.Add(new SpanMark(actual, ActualMark));
        text.Append('\n').Append("Span tree");
        if (marks.Count > 0) text.Append(" (◀ marks the ").Append(string.Join(" and the ", marks.Select(m => m.Label).Distinct(StringComparer.Ordinal))).Append(" span)");
        text.Append(":\n").Append(SpanTreeRenderer.Render(trace, marks));
    }

    private static void AppendEvidence(StringBuilder text, AgentTrace trace, Attribution actual)
    {
        if (!actual.FailureFound) return;
        text.Append('\n').Append("Evidence (shown, not compared):\n");
        if (actual.Evidence.Count == 0) text.Append("  (none quoted)\n");
        foreach (var evidence in actual.Evidence)
        {
            var where = trace.FindById(evidence.SpanId)?.Path ?? evidence.SpanId;
            text.Append("  - ").Append(where).Append(' ').Append(evidence.Source).Append(": \"")
                .Append(SpanTreeRenderer.OneLine(evidence.Quote, 200)).Append("\"\n");
        }

        if (!string.IsNullOrWhiteSpace(actual.Summary)) text.Append("Summary: ").Append(actual.Summary).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Confidence: {actual.Confidence:0.00}");
        if (actual.Detector is not null) text.Append("  Detector: ").Append(actual.Detector);
        text.Append('\n');
    }
}
