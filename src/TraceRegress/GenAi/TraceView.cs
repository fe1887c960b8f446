using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// A trace seen through the gen-ai conventions: the normalised view of every span (its messages, parts, tool
/// calls and results), the tool-call index, and the causal order of spans. Built once per trace, on first use,
/// and shared by every detector and by root-cause ordering (<see cref="DetectionContext.View"/>); immutable.
/// Content inside it (a tool result's JSON, its error payload) is parsed once, when first asked for.
/// Linear in the number of spans.
/// </summary>
public sealed class TraceView
{
    private readonly GenAiSpan[] _spans;
    private readonly int[] _postOrder;
    private readonly int[] _subtreeEnd;
    private readonly int[] _nextModelCall;
    private readonly int[] _siblingPosition;

    internal TraceView(AgentTrace trace)
    {
        Trace = trace;
        var spans = trace.Spans;
        _spans = new GenAiSpan[spans.Count];
        var messages = new MessageCache();
        for (var i = 0; i < spans.Count; i++) _spans[i] = GenAiSpanReader.Read(spans[i], messages);
        ToolCalls = ToolCallIndex.Build(_spans);

        // Post-order: a span's output exists once its children are done, and earlier siblings come first.
        _postOrder = new int[spans.Count];
        _subtreeEnd = new int[spans.Count];
        var rank = 0;
        var stack = new Stack<(Span Span, int Next)>();
        foreach (var root in trace.Roots)
        {
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (span, next) = stack.Pop();
                if (next < span.Children.Count)
                {
                    stack.Push((span, next + 1));
                    stack.Push((span.Children[next], 0));
                }
                else
                {
                    _postOrder[span.Index] = rank++;
                }
            }
        }

        // Spans are depth-first, so a subtree is a contiguous run starting at its root.
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            var span = spans[i];
            _subtreeEnd[i] = span.Children.Count == 0 ? i : _subtreeEnd[span.Children[^1].Index];
        }

        _siblingPosition = new int[spans.Count];
        for (var i = 0; i < trace.Roots.Count; i++) _siblingPosition[trace.Roots[i].Index] = i;
        foreach (var span in spans)
        {
            for (var i = 0; i < span.Children.Count; i++) _siblingPosition[span.Children[i].Index] = i;
        }

        _nextModelCall = new int[spans.Count + 1];
        _nextModelCall[spans.Count] = -1;
        for (var i = spans.Count - 1; i >= 0; i--) _nextModelCall[i] = _spans[i].IsModelCall ? i : _nextModelCall[i + 1];
    }

    /// <summary>The view of <paramref name="trace"/>: built on first use, then the same instance for every caller.</summary>
    public static TraceView Of(AgentTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return trace.View;
    }

    /// <summary>The trace seen.</summary>
    public AgentTrace Trace { get; }

    /// <summary>Every span's gen-ai view, in the order of <see cref="TraceRegress.AgentTrace.Spans"/>.</summary>
    public IReadOnlyList<GenAiSpan> Spans => _spans;

    /// <summary>The trace's tool calls, linked across the spans they appear in.</summary>
    public ToolCallIndex ToolCalls { get; }

    /// <summary>The gen-ai view of a span of this trace.</summary>
    public GenAiSpan this[Span span] => _spans[span.Index];

    /// <summary>Causal rank: children before parents, earlier siblings (and their subtrees) before later ones.</summary>
    public int Rank(Span span) => _postOrder[span.Index];

    /// <summary>True when <paramref name="descendant"/> is in the subtree of <paramref name="ancestor"/> (or is it).</summary>
    public bool Contains(Span ancestor, Span descendant) =>
        descendant.Index >= ancestor.Index && descendant.Index <= _subtreeEnd[ancestor.Index];

    /// <summary>The index (in <see cref="TraceRegress.AgentTrace.Spans"/>) of the last span of the subtree of <paramref name="span"/>: its descendants are the spans after it up to there, in depth-first order.</summary>
    internal int SubtreeEnd(Span span) => _subtreeEnd[span.Index];

    /// <summary>Position of the span among its siblings (or among the roots).</summary>
    public int SiblingPosition(Span span) => _siblingPosition[span.Index];

    /// <summary>
    /// The model call that read <paramref name="call"/>'s result: the one whose input carries it, else the first model
    /// call after the tool ran; null when there is none.
    /// </summary>
    internal GenAiSpan? ModelCallReading(ToolCall call) =>
        call.RespondedIn ?? (call.ExecutionSpan is { } executed ? NextModelCallAfter(executed) : null);

    /// <summary>The first model call that starts after the subtree of <paramref name="span"/> (in depth-first order).</summary>
    public GenAiSpan? NextModelCallAfter(Span span)
    {
        var next = _nextModelCall[_subtreeEnd[span.Index] + 1];
        return next < 0 ? null : _spans[next];
    }
}
