using TraceRegress.Formats;
using TraceRegress.Selectors;
using TraceRegress.Tree;
using TraceRegress.Model;

namespace TraceRegress;

/// <summary>
/// A trace read from any supported format: its spans as a tree, each with a stable path, and the
/// structural warnings found while reading. Immutable once loaded.
/// </summary>
public sealed class AgentTrace
{
    private Dictionary<string, Span>? _byId;
    private readonly Lock _viewLock = new();
    private WeakReference<GenAi.TraceView>? _view;

    private AgentTrace(string traceId, TraceFormat format, string? sourcePath, Span[] spans, Span[] roots, IReadOnlyList<TraceWarning> warnings)
    {
        TraceId = traceId;
        Format = format;
        SourcePath = sourcePath;
        Spans = spans;
        Roots = roots;
        Warnings = warnings;
    }

    /// <summary>The trace id (the most common one when spans disagree, which is also a warning).</summary>
    public string TraceId { get; }

    /// <summary>The format the trace was read from.</summary>
    public TraceFormat Format { get; }

    /// <summary>The file the trace was loaded from, or the source name given to <see cref="Parse(ReadOnlyMemory{byte}, string?)"/>.</summary>
    public string? SourcePath { get; }

    /// <summary>Every span, depth-first from the roots, children ordered by start time then id. Independent of file order.</summary>
    public IReadOnlyList<Span> Spans { get; }

    /// <summary>The root spans: recorded roots, orphans and spans where a cycle was broken.</summary>
    public IReadOnlyList<Span> Roots { get; }

    /// <summary>Structural problems found while reading; the trace is complete regardless.</summary>
    public IReadOnlyList<TraceWarning> Warnings { get; }

    /// <summary>
    /// The gen-ai content view, built on first use and shared by every attribution of this trace while any of them
    /// (or a caller of <see cref="GenAi.TraceView.Of"/>) holds it. It is held weakly here, so a trace kept after its
    /// attribution does not also keep the parsed content alive.
    /// </summary>
    internal GenAi.TraceView View
    {
        get
        {
            lock (_viewLock)
            {
                if (_view is not null && _view.TryGetTarget(out var view)) return view;
                var created = new GenAi.TraceView(this);
                _view = new WeakReference<GenAi.TraceView>(created);
                return created;
            }
        }
    }

    /// <summary>Loads a trace file of any supported format, detected from its content.</summary>
    /// <exception cref="TraceFormatException">The file is malformed, truncated or of no known format.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static AgentTrace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    /// <summary>Parses a trace from UTF-8 bytes.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="sourceName">A name for error messages (usually the file path).</param>
    /// <exception cref="TraceFormatException">The document is malformed, truncated or of no known format.</exception>
    public static AgentTrace Parse(ReadOnlyMemory<byte> utf8, string? sourceName = null)
    {
        var input = new TraceInput(utf8, sourceName ?? "<trace>");
        var reader = TraceReaders.Detect(input, out _);
        return Read(input, reader, sourceName);
    }

    /// <summary>Parses a trace from UTF-8 bytes.</summary>
    public static AgentTrace Parse(byte[] utf8, string? sourceName = null) => Parse(utf8.AsMemory(), sourceName);

    /// <summary>Parses a trace from a stream of UTF-8 JSON (read to its end).</summary>
    public static AgentTrace Parse(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), sourceName);
    }

    /// <summary>Parses a trace in a given format, skipping detection.</summary>
    public static AgentTrace Parse(ReadOnlyMemory<byte> utf8, TraceFormat format, string? sourceName = null)
    {
        var input = new TraceInput(utf8, sourceName ?? "<trace>");
        var reader = TraceReaders.All.FirstOrDefault(r => r.Format == format)
                     ?? throw new ArgumentOutOfRangeException(nameof(format), format, "no reader for this format");
        return Read(input, reader, sourceName);
    }

    private static AgentTrace Read(TraceInput input, ITraceReader reader, string? sourceName)
    {
        var data = new List<SpanData>();
        var warnings = new List<TraceWarning>();
        try
        {
            reader.Read(input, data, warnings);
        }
        catch (InvalidOperationException e) when (input.Error(e) is { } positioned)
        {
            throw positioned;
        }
        if (data.Count == 0)
        {
            throw new TraceFormatException(input.SourceName, 1, 1, $"the {reader.Format} document holds no spans");
        }

        // The Vercel AI SDK's ai.* attributes reach us through any OpenTelemetry exporter: read them as gen-ai semconv.
        Formats.VercelAiSdk.Normalise(data);

        return Build(data, reader.Format, sourceName, warnings);
    }

    internal static AgentTrace Build(List<SpanData> data, TraceFormat format, string? sourceName, List<TraceWarning> warnings)
    {
        foreach (var span in data)
        {
            span.TraceId = span.TraceId.ToLowerInvariant();
        }

        var traceIds = data.GroupBy(d => d.TraceId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Id, StringComparer.Ordinal)
            .ToArray();
        if (traceIds.Length > 1)
        {
            warnings.Add(new TraceWarning(TraceWarningKind.MultipleTraceIds, null,
                $"the spans belong to {traceIds.Length} trace ids: {string.Join(", ", traceIds.Take(5).Select(t => $"{t.Id} ({t.Count})"))}"));
        }

        var (ordered, roots) = SpanTreeBuilder.Build(data, warnings);
        return new AgentTrace(traceIds[0].Id, format, sourceName, ordered, roots, warnings.ToArray());
    }

    /// <summary>The span with this id, or null. With duplicate ids, the one that owns the children.</summary>
    public Span? FindById(string spanId)
    {
        if (_byId is null)
        {
            var map = new Dictionary<string, Span>(Spans.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var span in Spans.OrderBy(s => s, Comparer<Span>.Create(SpanTreeBuilder.SiblingOrder))) map.TryAdd(span.SpanId, span);
            _byId = map;
        }

        return _byId.GetValueOrDefault(spanId);
    }

    /// <summary>
    /// Selects one span by a stable selector: a path from the root (<c>orchestrator.plan/synthesize.results/llm.completion</c>),
    /// a path suffix (<c>synthesize.results/llm.completion</c>), a bare name unique in the trace, with <c>[n]</c> (1-based)
    /// for the n-th sibling of the same name, or <c>id:&lt;spanId&gt;</c>.
    /// </summary>
    /// <exception cref="SpanSelectionException">No span matches, or several do (the message lists them).</exception>
    public Span Select(string selector) => SpanSelector.Select(this, selector);

    /// <summary>Selects one span, or returns false when the selector matches none or several.</summary>
    public bool TrySelect(string selector, out Span? span)
    {
        var matches = SpanSelector.Match(this, selector, out var error);
        span = error is null && matches.Count == 1 ? matches[0] : null;
        return span is not null;
    }

    /// <summary>All spans a selector matches (empty for an invalid selector).</summary>
    public IReadOnlyList<Span> SelectAll(string selector) => SpanSelector.Match(this, selector, out _);
}
