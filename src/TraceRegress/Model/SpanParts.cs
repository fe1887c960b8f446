namespace TraceRegress.Model;

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
public enum SpanKindCode
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
