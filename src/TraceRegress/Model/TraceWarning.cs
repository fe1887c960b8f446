namespace TraceRegress;

/// <summary>The format a trace was read from.</summary>
public enum TraceFormat
{
    /// <summary>OTLP/JSON (<c>resourceSpans</c>), one document or JSON Lines of them.</summary>
    Otlp,
    /// <summary>Flat span JSON: one span, an array of spans, or <c>{"spans":[…]}</c>.</summary>
    FlatSpans,
    /// <summary>Jaeger UI JSON export.</summary>
    Jaeger,
    /// <summary>Zipkin v2 JSON.</summary>
    Zipkin,
    /// <summary>OpenInference / Arize Phoenix span JSON.</summary>
    OpenInference,
    /// <summary>Langfuse trace export.</summary>
    Langfuse,
    /// <summary>LangSmith run tree.</summary>
    LangSmith,
    /// <summary>MLflow trace JSON (<c>{"info", "data": {"spans"}}</c>).</summary>
    Mlflow,
}

/// <summary>What kind of structural problem a <see cref="TraceWarning"/> reports.</summary>
public enum TraceWarningKind
{
    /// <summary>A span names a parent that is not in the trace; it is kept as a root.</summary>
    OrphanSpan,
    /// <summary>Parent links form a cycle; it was broken at one span, which is kept as a root.</summary>
    Cycle,
    /// <summary>Two or more spans share an id; all are kept, children attach to the first.</summary>
    DuplicateSpanId,
    /// <summary>The trace has more than one root span.</summary>
    MultipleRoots,
    /// <summary>The spans belong to more than one trace id.</summary>
    MultipleTraceIds,
    /// <summary>A value could not be interpreted and was kept as given (for example an unparseable timestamp).</summary>
    UnreadableValue,

    /// <summary>Spans written without a trace id (a flat export of one run), read as one trace.</summary>
    MissingTraceId,
}

/// <summary>A structural problem found while reading a trace. The trace is still complete: nothing is dropped.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="SpanId">The span concerned, when there is one.</param>
/// <param name="Message">A readable description.</param>
/// <param name="Line">The 1-based line in the source where the span concerned starts, when known.</param>
public sealed record TraceWarning(TraceWarningKind Kind, string? SpanId, string Message, int? Line = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line ? $"line {line}: {Message}" : Message;
}
