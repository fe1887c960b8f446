using TraceRegress.Model;

namespace TraceRegress.Approval;

/// <summary>
/// What a test expects of an attribution: the cited span (a selector: a full path, a suffix, a unique
/// name, or <c>id:&lt;spanId&gt;</c> to pin the id), the category, and optionally text that must appear
/// in a quote, and the agent the cited span belongs to. A null span means the trace is expected to show no failure.
/// </summary>
internal sealed record AttributionExpectation(string? Span, CategoryExpectation? Category, string? EvidenceText = null, string? Agent = null)
{
    /// <summary>The expectation that the engine finds no failure.</summary>
    public static AttributionExpectation NoFailure { get; } = new(null, null);

    public bool ExpectsNoFailure => Span is null;

    /// <summary>True when the selector pins the span id rather than naming the span by path.</summary>
    public bool PinsId => Span is not null && Span.StartsWith("id:", StringComparison.Ordinal);
}
