using TraceRegress.Model;

namespace TraceRegress;

/// <summary>
/// What a format reader knows about one span before the tree is built. Readers fill these in;
/// <see cref="AgentTrace"/> turns them into immutable <see cref="Span"/>s.
/// </summary>
internal sealed class SpanData
{
    public string TraceId { get; set; } = "";
    public string SpanId { get; set; } = "";
    public string? ParentSpanId { get; set; }
    public string Name { get; set; } = "";
    public SpanKindCode Kind { get; set; }
    /// <summary>Start time in nanoseconds since the Unix epoch.</summary>
    public long StartTimeUnixNano { get; set; }
    /// <summary>Duration in nanoseconds (never negative once built).</summary>
    public long DurationNanos { get; set; }
    public SpanStatus Status { get; set; }
    public List<KeyValuePair<string, AttributeValue>> Attributes { get; } = [];
    public List<SpanEvent> Events { get; } = [];
    public List<SpanLink> Links { get; } = [];
    public TraceResource Resource { get; set; } = TraceResource.Empty;
    public string? ScopeName { get; set; }
    /// <summary>1-based line of the span's first token in the source, when known.</summary>
    public int? SourceLine { get; set; }

    public void Add(string key, AttributeValue value) => Attributes.Add(new(key, value));

    /// <summary>Adds an attribute only when the span does not already carry the key.</summary>
    public void AddIfAbsent(string key, AttributeValue value)
    {
        foreach (var entry in Attributes)
        {
            if (entry.Key == key) return;
        }

        Attributes.Add(new(key, value));
    }
}
