namespace TraceRegress.Model;

/// <summary>One unit of work in a trace: an LLM call, a tool execution, an agent step, an HTTP call.</summary>
public sealed class Span
{
    private readonly List<Span> _children = [];

    internal Span(SpanData data, int ordinal)
    {
        TraceId = data.TraceId;
        SpanId = data.SpanId;
        ParentSpanId = string.IsNullOrEmpty(data.ParentSpanId) ? null : data.ParentSpanId;
        Name = data.Name;
        Kind = data.Kind;
        StartTimeUnixNano = data.StartTimeUnixNano;
        DurationNanos = Math.Max(0, data.DurationNanos);
        Status = data.Status;
        Attributes = AttributeSet.Create(data.Attributes);
        Events = data.Events.Count == 0 ? [] : data.Events.ToArray();
        Links = data.Links.Count == 0 ? [] : data.Links.ToArray();
        Resource = data.Resource;
        ScopeName = data.ScopeName;
        SourceLine = data.SourceLine;
        SourceOrdinal = ordinal;
    }

    /// <summary>The trace id this span was recorded with (lower-case hex when the source used hex).</summary>
    public string TraceId { get; }

    /// <summary>The span's id as recorded. Ids change on every recording: select spans by <see cref="Path"/> instead.</summary>
    public string SpanId { get; }

    /// <summary>The parent span id as recorded; null for a span recorded as a root.</summary>
    public string? ParentSpanId { get; }

    /// <summary>The operation name.</summary>
    public string Name { get; }

    /// <summary>The span kind.</summary>
    public SpanKindCode Kind { get; }

    /// <summary>
    /// The name the span's path uses: its <see cref="Name"/>, less what differs in every recording of the same run. The
    /// agent instance id the span records as <c>gen_ai.agent.id</c> is dropped where the name carries it (Microsoft Agent
    /// Framework names a span <c>invoke_agent analyst(a8605b3e…)</c>, with an id made anew for every agent object unless
    /// the application sets one), and any other GUID in the name reads <c>{id}</c> (Semantic Kernel names the function
    /// of a prompt <c>InvokePromptAsync_4f900103…</c>). A path must name the same step in every recording.
    /// </summary>
    internal string PathName => _pathName ??= PathNameOf(Name, Attributes.GetString("gen_ai.agent.id"), Attributes.GetString("gen_ai.agent.name"));

    private string? _pathName;

    internal static string PathNameOf(string name, string? agentId, string? agentName) => WithoutGuids(WithoutAgentId(name, agentId, agentName));

    // "invoke_agent analyst(id)", "invoke_agent analyst (id)": the id in parentheses at the end, unless it is the agent's name.
    private static string WithoutAgentId(string name, string? agentId, string? agentName)
    {
        if (string.IsNullOrWhiteSpace(agentId) || string.Equals(agentId, agentName, StringComparison.Ordinal)) return name;
        var end = name.AsSpan().TrimEnd();
        if (end.Length < agentId.Length + 3 || end[^1] != ')' || !end[..^1].EndsWith(agentId, StringComparison.Ordinal) || end[end.Length - agentId.Length - 2] != '(')
        {
            return name;
        }

        var kept = end[..(end.Length - agentId.Length - 2)].TrimEnd();
        return kept.Length > 0 ? kept.ToString() : name;
    }

    // A GUID written with or without dashes (32 hex digits), not part of a longer run of letters and digits.
    private static string WithoutGuids(string name)
    {
        if (name.Length < 32) return name;
        System.Text.StringBuilder? text = null;
        var copied = 0;
        for (var i = 0; i + 32 <= name.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterOrDigit(name[i - 1])) continue;
            var length = GuidLength(name.AsSpan(i));
            if (length == 0 || (i + length < name.Length && char.IsAsciiLetterOrDigit(name[i + length]))) continue;
            text ??= new System.Text.StringBuilder(name.Length);
            text.Append(name, copied, i - copied).Append("{id}");
            copied = i + length;
            i = copied - 1;
        }

        return text is null ? name : text.Append(name, copied, name.Length - copied).ToString();
    }

    // 36 for 8-4-4-4-12 hex digits with dashes, 32 for 32 hex digits, else 0.
    private static int GuidLength(ReadOnlySpan<char> s)
    {
        if (s.Length >= 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-')
        {
            for (var k = 0; k < 36; k++)
            {
                if (k is 8 or 13 or 18 or 23) continue;
                if (!char.IsAsciiHexDigit(s[k])) return 0;
            }

            return 36;
        }

        for (var k = 0; k < 32; k++)
        {
            if (!char.IsAsciiHexDigit(s[k])) return 0;
        }

        return 32;
    }

    /// <summary>Start, in nanoseconds since the Unix epoch.</summary>
    public long StartTimeUnixNano { get; }

    /// <summary>Duration in nanoseconds.</summary>
    public long DurationNanos { get; }

    /// <summary>Start time (100 ns precision).</summary>
    public DateTimeOffset StartTime => DateTimeOffset.UnixEpoch.AddTicks(StartTimeUnixNano / 100);

    /// <summary>Duration (100 ns precision).</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(DurationNanos / 100);

    /// <summary>End time (100 ns precision).</summary>
    public DateTimeOffset EndTime => DateTimeOffset.UnixEpoch.AddTicks((StartTimeUnixNano + DurationNanos) / 100);

    /// <summary>The status as recorded. Status codes lie: the failure is often in the content.</summary>
    public SpanStatus Status { get; }

    /// <summary>The span's attributes, in source order.</summary>
    public AttributeSet Attributes { get; }

    /// <summary>The span's events, in source order.</summary>
    public IReadOnlyList<SpanEvent> Events { get; }

    /// <summary>The span's links.</summary>
    public IReadOnlyList<SpanLink> Links { get; }

    /// <summary>The resource (service) that produced the span.</summary>
    public TraceResource Resource { get; }

    /// <summary>The instrumentation scope name, when known.</summary>
    public string? ScopeName { get; }

    /// <summary>The 1-based line in the source file where the span starts, when known.</summary>
    public int? SourceLine { get; }

    /// <summary>Position of the span in the source (0-based); used only to keep sorting total.</summary>
    internal int SourceOrdinal { get; }

    /// <summary>The parent span in the tree; null for a root (including orphans and broken cycles).</summary>
    public Span? Parent { get; private set; }

    /// <summary>The children, ordered by start time, then id.</summary>
    public IReadOnlyList<Span> Children => _children;

    /// <summary>
    /// The stable selector of this span: operation names from the root, <c>/</c>-separated, with
    /// <c>[n]</c> (1-based) when several siblings share a name. See <see cref="AgentTrace.Select"/>.
    /// </summary>
    public string Path => _path ??= BuildPath();

    private string? _path;

    /// <summary>Depth in the tree: 0 for a root.</summary>
    public int Depth { get; private set; }

    /// <summary>1-based position among siblings of the same name; 0 when the name is unique among its siblings.</summary>
    public int SiblingIndex { get; private set; }

    /// <summary>The path segment of this span alone: its escaped name and, when needed, <c>[n]</c>.</summary>
    public string PathSegment { get; private set; } = "";

    /// <summary>Position of the span in <see cref="AgentTrace.Spans"/> (depth-first, children in order).</summary>
    public int Index { get; internal set; }

    internal void AttachChild(Span child)
    {
        child.Parent = this;
        _children.Add(child);
    }

    internal List<Span> MutableChildren => _children;

    internal void SetPlace(string segment, int depth, int siblingIndex)
    {
        PathSegment = segment;
        Depth = depth;
        SiblingIndex = siblingIndex;
    }

    // Built on demand: a million-deep chain would otherwise hold quadratic text.
    private string BuildPath()
    {
        if (Parent is null) return PathSegment;
        var segments = new List<string> { PathSegment };
        for (var p = Parent; p is not null; p = p.Parent)
        {
            if (p._path is not null)
            {
                segments.Add(p._path);
                break;
            }

            segments.Add(p.PathSegment);
        }

        segments.Reverse();
        return string.Join('/', segments);
    }

    /// <summary>Walks up to the root, starting with the parent.</summary>
    public IEnumerable<Span> Ancestors()
    {
        for (var p = Parent; p is not null; p = p.Parent) yield return p;
    }

    /// <summary>All descendants, depth-first, children in order (iterative).</summary>
    public IEnumerable<Span> Descendants()
    {
        var stack = new Stack<Span>();
        for (var i = _children.Count - 1; i >= 0; i--) stack.Push(_children[i]);
        while (stack.Count > 0)
        {
            var span = stack.Pop();
            yield return span;
            for (var i = span._children.Count - 1; i >= 0; i--) stack.Push(span._children[i]);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({SpanId})";
}
