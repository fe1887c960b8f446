namespace TraceRegress;

/// <summary>The status code of a span, as OpenTelemetry defines it.</summary>
public enum SpanStatusCode
{
    /// <summary>No status was set.</summary>
    Unset,
    /// <summary>The operation was marked successful (which says nothing about its content).</summary>
    Ok,
    /// <summary>The operation was marked failed.</summary>
    Error,
}

/// <summary>A span's status: a code and an optional description.</summary>
/// <param name="Code">The status code.</param>
/// <param name="Message">The status description, when the source gave one.</param>
public readonly record struct SpanStatus(SpanStatusCode Code, string? Message = null);

/// <summary>The kind of a span, as OpenTelemetry defines it.</summary>
public enum SpanKind
{
    /// <summary>Not given by the source.</summary>
    Unspecified,
    /// <summary>Internal work.</summary>
    Internal,
    /// <summary>Serving a request.</summary>
    Server,
    /// <summary>Calling another service.</summary>
    Client,
    /// <summary>Sending a message.</summary>
    Producer,
    /// <summary>Receiving a message.</summary>
    Consumer,
}

/// <summary>A timestamped event recorded on a span (for example <c>gen_ai.tool.message</c> or <c>exception</c>).</summary>
public sealed class SpanEvent
{
    /// <summary>Creates an event.</summary>
    public SpanEvent(string name, DateTimeOffset? timestamp, AttributeSet attributes)
    {
        Name = name;
        Timestamp = timestamp;
        Attributes = attributes;
    }

    /// <summary>The event's name.</summary>
    public string Name { get; }

    /// <summary>When the event happened, when the source recorded it.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The event's attributes.</summary>
    public AttributeSet Attributes { get; }
}

/// <summary>A link from a span to another span, possibly in another trace.</summary>
public sealed class SpanLink
{
    /// <summary>Creates a link.</summary>
    public SpanLink(string traceId, string spanId, AttributeSet attributes)
    {
        TraceId = traceId;
        SpanId = spanId;
        Attributes = attributes;
    }

    /// <summary>The linked span's trace id.</summary>
    public string TraceId { get; }

    /// <summary>The linked span's id.</summary>
    public string SpanId { get; }

    /// <summary>The link's attributes.</summary>
    public AttributeSet Attributes { get; }
}

/// <summary>The entity that produced a span: a service and its resource attributes.</summary>
public sealed class TraceResource
{
    /// <summary>A resource with no attributes.</summary>
    public static TraceResource Empty { get; } = new(AttributeSet.Empty);

    /// <summary>Creates a resource.</summary>
    public TraceResource(AttributeSet attributes) => Attributes = attributes;

    /// <summary>The resource attributes.</summary>
    public AttributeSet Attributes { get; }

    /// <summary>The <c>service.name</c> attribute, when present.</summary>
    public string? ServiceName => Attributes.GetString("service.name");
}

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
