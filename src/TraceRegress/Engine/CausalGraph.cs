using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// How failure can travel through a trace: up from a child to its parent (containment), along a tool call
/// (the model call that asked → the tool span → the model call that read the result), along data (a number
/// or URL first produced by one span and seen again in a later one), and from any span a finding quotes to
/// the span the finding is about. A tool span whose result was recorded nowhere else leads to the next model call
/// after it, which is where an agent loop hands a tool's result. Edges always point forward in causal order.
/// </summary>
internal sealed class CausalGraph
{
    // Edges are gathered in one list while the graph is built, then laid out per span (compressed rows, in the order
    // they were added): no list per span.
    private readonly List<(int From, int To, int Weight, bool Flow)> _edges = [];
    private readonly int _n;
    private int[] _forwardStart = [];
    private (int To, int Weight, bool Flow)[] _forward = [];
    private int[] _backwardStart = [];
    private int[] _backward = [];
    private readonly TraceView _view;

    public CausalGraph(DetectionContext context, IEnumerable<(Span Span, Finding Finding)> findings)
    {
        var view = context.View;
        var facts = context.Facts;
        _view = view;
        var n = _n = view.Spans.Count;
        var spans = view.Trace.Spans;

        foreach (var span in spans)
        {
            if (span.Parent is { } parent) Add(span.Index, parent.Index, Containment, flow: false);
        }

        foreach (var call in view.ToolCalls.Calls)
        {
            Span? previous = null;
            foreach (var span in (Span?[])[call.RequestedBy?.Span, call.Execution?.Span, call.RespondedIn?.Span])
            {
                if (span is null) continue;
                if (previous is not null && !ReferenceEquals(previous, span)) AddForward(previous, span, ToolLink);
                previous = span;
            }

            // No recorded response part (ReAct prompts, frameworks that log the observation as plain text): in an
            // agent loop a tool's result is handed to the next model call, so the tool span leads there.
            if (call.RespondedIn is null && call.Execution?.Span is { } executed
                && view.NextModelCallAfter(executed) is { } next && SameTree(executed, next.Span))
            {
                AddForward(executed, next.Span, ToolLink);
            }
        }

        // Data flow: each fact links its first producer (in causal order) to later spans that carry it. Facts come from
        // the shared index (each distinct text scanned once); a text repeated from an earlier span (conversation
        // history) is linked once, from where it was first carried, without looking at its facts again.
        var byRank = spans.OrderBy(view.Rank).ToArray();
        var producer = new Dictionary<string, Span>(StringComparer.Ordinal);
        var textCarrier = new Span?[facts.TextCount];
        // linkedTo[from] == span's index + 1 once from is linked to span: each pair is linked once.
        var linkedTo = new int[n];
        foreach (var span in byRank)
        {
            void Link(Span from)
            {
                if (ReferenceEquals(from, span) || linkedTo[from.Index] == span.Index + 1) return;
                linkedTo[from.Index] = span.Index + 1;
                Add(from.Index, span.Index, DataFlow, flow: true);
            }

            foreach (var id in facts.TextIdsOf(span))
            {
                if (textCarrier[id] is { } carrier)
                {
                    Link(carrier);
                    continue;
                }

                textCarrier[id] = span;
                foreach (var fact in facts.FactsOf(id))
                {
                    if (fact.Kind == FactKind.Name) continue;
                    if (!producer.TryGetValue(fact.Key, out var from)) producer[fact.Key] = span;
                    else Link(from);
                }
            }
        }

        foreach (var (span, finding) in findings)
        {
            foreach (var e in finding.Evidence)
            {
                if (e.SpanId == span.SpanId || view.Trace.FindById(e.SpanId) is not { } quoted) continue;
                AddForward(quoted, span, Quoted);
            }
        }

        Layout();
    }

    private void Layout()
    {
        _forwardStart = new int[_n + 1];
        _backwardStart = new int[_n + 1];
        foreach (var (from, to, _, _) in _edges)
        {
            _forwardStart[from + 1]++;
            _backwardStart[to + 1]++;
        }

        for (var i = 0; i < _n; i++)
        {
            _forwardStart[i + 1] += _forwardStart[i];
            _backwardStart[i + 1] += _backwardStart[i];
        }

        _forward = new (int, int, bool)[_edges.Count];
        _backward = new int[_edges.Count];
        var f = _forwardStart[.._n];
        var b = _backwardStart[.._n];
        foreach (var (from, to, weight, flow) in _edges)
        {
            _forward[f[from]++] = (to, weight, flow);
            _backward[b[to]++] = from;
        }

        _edges.Clear();
        _edges.TrimExcess();
    }

    // Chains prefer structure (parent, tool call) over shared numbers, which are weaker evidence of flow.
    private const int Containment = 1;
    private const int ToolLink = 1;
    private const int Quoted = 2;
    private const int DataFlow = 3;

    private static bool SameTree(Span a, Span b)
    {
        var ra = a;
        while (ra.Parent is not null) ra = ra.Parent;
        var rb = b;
        while (rb.Parent is not null) rb = rb.Parent;
        return ReferenceEquals(ra, rb);
    }

    private void AddForward(Span a, Span b, int weight)
    {
        if (_view.Rank(a) < _view.Rank(b)) Add(a.Index, b.Index, weight, flow: true);
        else if (_view.Rank(b) < _view.Rank(a)) Add(b.Index, a.Index, weight, flow: true);
    }

    // A flow edge carries something the span produced (a tool result, data, a quote) to where it is used;
    // containment only says the child ran inside its parent.
    private void Add(int from, int to, int weight, bool flow) => _edges.Add((from, to, weight, flow));

    /// <summary>Every span from which <paramref name="target"/> can be reached (itself included).</summary>
    public bool[] CanReach(Span target)
    {
        var reach = new bool[_n];
        var queue = new Queue<int>();
        reach[target.Index] = true;
        queue.Enqueue(target.Index);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            for (var k = _backwardStart[at]; k < _backwardStart[at + 1]; k++)
            {
                var s = _backward[k];
                if (reach[s]) continue;
                reach[s] = true;
                queue.Enqueue(s);
            }
        }

        return reach;
    }

    /// <summary>
    /// The path from <paramref name="from"/> to the last span (in causal order) where the failure shows: a span
    /// reached along a tool call or a quote, a span with a finding, a span whose status is ERROR, or a span reached
    /// along data that carries on what the cited finding quotes (<paramref name="quoted"/>). A span that merely shares
    /// some other number or URL with the cause is not a symptom, so the chain never ends on an unrelated span.
    /// </summary>
    public IReadOnlyList<Span> PathToSymptom(Span from, Func<Span, bool> hasFinding, IReadOnlyList<string>? quoted = null)
    {
        var spans = _view.Trace.Spans;
        var parent = new int[_n];
        var distance = new int[_n];
        var viaFlow = new bool[_n];
        var viaData = new bool[_n];
        Array.Fill(distance, int.MaxValue);
        var queue = new PriorityQueue<int, (int Distance, int Index)>();
        distance[from.Index] = 0;
        parent[from.Index] = -1;
        queue.Enqueue(from.Index, (0, from.Index));
        var best = from.Index;
        var done = new bool[_n];
        while (queue.TryDequeue(out var at, out var priority))
        {
            if (done[at] || priority.Distance != distance[at]) continue;
            done[at] = true;
            var span = spans[at];
            var shows = at == from.Index || (viaFlow[at] && (!viaData[at] || Carries(span, quoted))) || hasFinding(span) || span.Status.Code == SpanStatusCode.Error;
            if (shows && _view.Rank(span) > _view.Rank(spans[best])) best = at;
            for (var k = _forwardStart[at]; k < _forwardStart[at + 1]; k++)
            {
                var (t, weight, flow) = _forward[k];
                var d = distance[at] + weight;
                if (done[t] || d > distance[t] || (d == distance[t] && at >= parent[t])) continue;
                distance[t] = d;
                parent[t] = at;
                viaFlow[t] = flow;
                viaData[t] = weight == DataFlow;
                queue.Enqueue(t, (d, t));
            }
        }

        var path = new List<Span>();
        for (var at = best; at >= 0; at = parent[at]) path.Add(spans[at]);
        path.Reverse();
        return path;
    }

    private static bool Carries(Span span, IReadOnlyList<string>? quoted)
    {
        if (quoted is null) return true;
        foreach (var (text, _) in SpanContent.Of(span))
        {
            for (var i = 0; i < quoted.Count; i++)
            {
                var quote = quoted[i];
                if (quote.Length > 0 && text.Contains(quote, StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }
}
