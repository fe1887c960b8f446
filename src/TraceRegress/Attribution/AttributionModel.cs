namespace TraceRegress;

/// <summary>The span an attribution cites: its id in this recording, its stable path and its name.</summary>
/// <param name="SpanId">The span id in the trace file.</param>
/// <param name="Path">The stable path (see <see cref="Span.Path"/>).</param>
/// <param name="Name">The operation name.</param>
public sealed record CitedSpan(string SpanId, string Path, string Name)
{
    /// <summary>Describes a span of a loaded trace.</summary>
    public static CitedSpan Of(Span span) => new(span.SpanId, span.Path, span.Name);
}

/// <summary>
/// A failure category in four levels (TRAIL by default): <c>l1</c> whose fix it is (<c>agent</c> or
/// <c>environment</c>), <c>l2</c> the group, <c>l3</c> the family, <c>l4</c> the leaf.
/// </summary>
public sealed record FailureCategory(string L1, string L2, string L3, string L4)
{
    /// <summary>The levels from coarse to fine.</summary>
    public IReadOnlyList<string> Levels => [L1, L2, L3, L4];

    /// <inheritdoc />
    public override string ToString() => $"{L1} › {L2} › {L3} › {L4}";
}

/// <summary>A quote from a span's content that supports a finding, and where in the span it was found.</summary>
/// <param name="SpanId">The span the quote comes from.</param>
/// <param name="Source">Where in the span, e.g. <c>events[0] gen_ai.event.content $.error</c> or <c>attributes["http.response.status_code"]</c>.</param>
/// <param name="Quote">The quoted text.</param>
public sealed record Evidence(string SpanId, string Source, string Quote);

/// <summary>One thing a detector found in a trace.</summary>
/// <param name="Span">The span the finding is about.</param>
/// <param name="Category">The failure category.</param>
/// <param name="Detector">The detector's id (for example <c>tool-error-payload</c>).</param>
/// <param name="Summary">One readable sentence on what was found.</param>
/// <param name="Evidence">Quotes supporting it.</param>
/// <param name="Confidence">How sure the detector is, from 0 to 1.</param>
public sealed record Finding(CitedSpan Span, FailureCategory Category, string Detector, string Summary, IReadOnlyList<Evidence> Evidence, double Confidence);
