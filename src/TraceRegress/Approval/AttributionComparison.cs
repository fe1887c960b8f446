using TraceRegress.Selectors;
using TraceRegress.Model;

namespace TraceRegress.Approval;

/// <summary>
/// An attribution held against an expectation: the cited span (by path, and by id when the expectation
/// pins one), the category (the levels the expectation gives) and, when asked, a quote containing some
/// text. Evidence, confidence and chain are never compared.
/// </summary>
internal sealed class AttributionComparison
{
    private AttributionComparison(AgentTrace trace, Attribution actual, AttributionExpectation expected,
        Span? expectedSpan, Span? actualSpan, string? selectorProblem, IReadOnlyList<string> differences)
    {
        Trace = trace;
        Actual = actual;
        Expected = expected;
        ExpectedSpan = expectedSpan;
        ActualSpan = actualSpan;
        SelectorProblem = selectorProblem;
        Differences = differences;
    }

    public AgentTrace Trace { get; }

    public Attribution Actual { get; }

    public AttributionExpectation Expected { get; }

    /// <summary>The span the expectation's selector resolves to, when it resolves to exactly one.</summary>
    public Span? ExpectedSpan { get; }

    /// <summary>The span the attribution cites, found in the trace.</summary>
    public Span? ActualSpan { get; }

    /// <summary>Why the selector resolves to no single span, if it does not.</summary>
    public string? SelectorProblem { get; }

    /// <summary>One readable line per thing that differs; empty when the attribution matches.</summary>
    public IReadOnlyList<string> Differences { get; }

    public bool Matches => Differences.Count == 0;

    public static AttributionComparison Compare(AgentTrace trace, Attribution actual, AttributionExpectation expected)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);

        var differences = new List<string>();
        var actualSpan = actual.Cited is null ? null : FindCited(trace, actual.Cited);
        Span? expectedSpan = null;
        string? selectorProblem = null;

        if (expected.Span is not null)
        {
            var matches = SpanSelector.Match(trace, expected.Span, out var error);
            if (error is not null) selectorProblem = $"'{expected.Span}' is not a valid span selector: {error}";
            else if (matches.Count == 0) selectorProblem = $"'{expected.Span}' matches no span in this trace";
            else if (matches.Count > 1) selectorProblem = $"'{expected.Span}' is ambiguous: it matches {matches.Count} spans ({string.Join(", ", matches.Take(5).Select(s => s.Path))})";
            else expectedSpan = matches[0];
        }

        if (expected.ExpectsNoFailure)
        {
            if (actual.FailureFound)
            {
                differences.Add($"expected no failure, but the engine cites {actual.Cited!.Path} ({actual.Category})");
            }
        }
        else if (!actual.FailureFound)
        {
            differences.Add($"expected a failure at {expected.Span}, but the engine found no failure");
        }
        else
        {
            if (selectorProblem is not null)
            {
                differences.Add($"span: {selectorProblem}; the engine cites {actual.Cited!.Path}");
            }
            else if (!SameSpan(expectedSpan!, actualSpan, actual.Cited!, expected.PinsId))
            {
                differences.Add($"span: expected {Describe(expectedSpan!)}, actual {actual.Cited!.Path} (id {actual.Cited.SpanId})");
            }

            if (expected.Category is not null && !expected.Category.Matches(actual.Category))
            {
                differences.Add($"category: expected {expected.Category.Describe()}, actual {CategoryExpectation.DescribeActual(actual.Category)}");
            }

            if (expected.Agent is { } agent && !string.Equals(agent, actual.Cited!.Agent, StringComparison.Ordinal))
            {
                differences.Add($"agent: expected {agent}, actual {actual.Cited!.Agent ?? "none (the cited span belongs to no agent)"}");
            }

            if (expected.EvidenceText is { } text && !actual.Evidence.Any(e => e.Quote.Contains(text, StringComparison.Ordinal)))
            {
                differences.Add(actual.Evidence.Count == 0
                    ? $"evidence: expected a quote containing \"{text}\", but the attribution quotes nothing"
                    : $"evidence: expected a quote containing \"{text}\", but no quote contains it");
            }
        }

        return new AttributionComparison(trace, actual, expected, expectedSpan, actualSpan, selectorProblem, differences);
    }

    private static bool SameSpan(Span expected, Span? actual, CitedSpan cited, bool pinsId)
    {
        if (pinsId && !string.Equals(expected.SpanId, cited.SpanId, StringComparison.OrdinalIgnoreCase)) return false;
        return actual is not null
            ? ReferenceEquals(expected, actual) || string.Equals(expected.Path, actual.Path, StringComparison.Ordinal)
            : string.Equals(expected.Path, cited.Path, StringComparison.Ordinal);
    }

    // The cited id first; when the engine reports an id the trace does not hold, its path.
    private static Span? FindCited(AgentTrace trace, CitedSpan cited)
    {
        var byId = trace.FindById(cited.SpanId);
        if (byId is not null && (string.Equals(byId.Path, cited.Path, StringComparison.Ordinal) || string.IsNullOrEmpty(cited.Path))) return byId;
        return trace.Spans.FirstOrDefault(s => string.Equals(s.Path, cited.Path, StringComparison.Ordinal)) ?? byId;
    }

    private static string Describe(Span span) => $"{span.Path} (id {span.SpanId})";
}
