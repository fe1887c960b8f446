using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>A fact stated by a span, where, and whether anything upstream supports it.</summary>
/// <param name="Fact">The fact.</param>
/// <param name="Source">Where in the span it was read.</param>
/// <param name="Supported">True when it, an equivalent form, or a number computed from upstream numbers was upstream.</param>
/// <param name="Conflict">For an unsupported number, the latest upstream number of the same kind (currency, unit, percent) it may have replaced.</param>
internal sealed record StatedFact(Fact Fact, string Source, bool Supported, UpstreamFact? Conflict);

/// <summary>A fact as first (or last) seen upstream: the span and where in it.</summary>
internal sealed record UpstreamFact(Span Span, string Source, Fact Fact);

/// <summary>
/// Every fact of a trace, found once: each distinct text is scanned once (a conversation history repeated in every
/// later call is the same strings, recognised by hash and not scanned again), in causal order. For each span it says
/// which facts of its output were supported by what came before it: the task and system instructions, its ancestors'
/// inputs, every span that completed before it (earlier turns of any agent, tool results, retrieved documents).
/// Numbers match across written forms and rounding; numbers computed from upstream numbers (sums, differences,
/// ratios, percentages, unit conversions) count as supported when the arithmetic checks. Shared by the detectors and
/// by root-cause ordering.
/// </summary>
internal sealed class FactIndex
{
    private const int RecentNumbers = 24;
    // Unit conversions, and small counts (two adults, three nights) that multiply a price.
    private static readonly decimal[] Conversions = [1000m, 100m, 60m, 24m, 12m, 7m, 365m, 2.20462m, 1.60934m, 0.3048m, 3.28084m, 2.54m, 0.453592m, 3.78541m, 1.8m];
    private static readonly decimal[] Counts = [2m, 3m, 4m, 5m, 6m, 8m, 10m];

    private readonly Dictionary<string, List<Fact>> _byText = new(StringComparer.Ordinal);
    private readonly List<SpanText>[] _texts;
    private readonly List<StatedFact>?[] _stated;
    private readonly Dictionary<string, UpstreamFact> _first = new(StringComparer.Ordinal);
    private readonly bool[] _hasUpstream;

    public FactIndex(TraceView view)
    {
        var spans = view.Trace.Spans;
        _texts = new List<SpanText>[spans.Count];
        _stated = new List<StatedFact>?[spans.Count];
        _hasUpstream = new bool[spans.Count];
        foreach (var g in view.Spans) _texts[g.Span.Index] = SpanTexts.Of(g);

        var walk = new Walk(this);
        var stack = new Stack<(Span Span, int Next)>();
        foreach (var root in view.Trace.Roots)
        {
            stack.Push((root, -1));
            while (stack.Count > 0)
            {
                var (span, next) = stack.Pop();
                if (next < 0)
                {
                    // Entering: what this span was given is upstream of everything inside it and after it.
                    foreach (var t in _texts[span.Index])
                    {
                        if (!t.IsOutput) walk.Learn(span, t);
                    }

                    stack.Push((span, 0));
                    continue;
                }

                if (next < span.Children.Count)
                {
                    stack.Push((span, next + 1));
                    stack.Push((span.Children[next], -1));
                    continue;
                }

                // Leaving: the children are done; judge what this span produced, then make it upstream.
                _hasUpstream[span.Index] = walk.LearnedAnything;
                var stated = walk.Judge(span, _texts[span.Index]);
                if (stated.Count > 0) _stated[span.Index] = stated;
                foreach (var t in _texts[span.Index])
                {
                    if (t.IsOutput) walk.Learn(span, t);
                }
            }
        }
    }

    /// <summary>The facts in a text; each distinct text is scanned once per trace.</summary>
    public List<Fact> FactsOf(string text)
    {
        if (!_byText.TryGetValue(text, out var facts)) _byText[text] = facts = Extract(text);
        return facts;
    }

    // JSON with escapes ("\u20ac426.00" as System.Text.Json and Python write it) is read through its values, so the
    // facts are the ones a reader of the payload sees; their written forms are what the decoded strings say.
    private static List<Fact> Extract(string text)
    {
        var facts = Facts.Extract(text);
        if (!text.Contains('\\', StringComparison.Ordinal) || !JsonContent.TryParseStructured(text, out var root)) return facts;
        var decoded = new System.Text.StringBuilder();
        var stack = new Stack<System.Text.Json.JsonElement>();
        stack.Push(root);
        var nodes = 0;
        while (stack.Count > 0 && nodes++ < 4096)
        {
            var e = stack.Pop();
            switch (e.ValueKind)
            {
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) stack.Push(p.Value);
                    break;
                case System.Text.Json.JsonValueKind.Array:
                    foreach (var i in e.EnumerateArray()) stack.Push(i);
                    break;
                case System.Text.Json.JsonValueKind.String:
                    decoded.Append(e.GetString()).Append('\n');
                    break;
            }
        }

        foreach (var f in Facts.Extract(decoded.ToString()))
        {
            if (!facts.Exists(x => x.Key == f.Key)) facts.Add(f);
        }

        return facts;
    }

    /// <summary>The span's texts with their sources.</summary>
    public IReadOnlyList<SpanText> TextsOf(Span span) => _texts[span.Index];

    /// <summary>The facts of the span's output, each judged against what was upstream of it.</summary>
    public IReadOnlyList<StatedFact> StatedBy(Span span) => _stated[span.Index] ?? (IReadOnlyList<StatedFact>)[];

    /// <summary>True when any text was upstream of the span's output (its own input, an ancestor's, an earlier span's).</summary>
    public bool HasUpstream(Span span) => _hasUpstream[span.Index];

    /// <summary>Where a fact (by key) was first seen in causal order; null when nowhere.</summary>
    public UpstreamFact? FirstSeen(string key) => _first.GetValueOrDefault(key);

    /// <summary>True when the text states the fact (or an equivalent form of it).</summary>
    public bool States(string text, Fact fact)
    {
        foreach (var f in FactsOf(text))
        {
            if (f.Key == fact.Key) return true;
            if (fact.Kind == FactKind.Number && f.Kind == FactKind.Number && Math.Abs(f.Value - fact.Value) <= Math.Max(f.Precision, fact.Precision) && fact.Value != 0
                && Math.Abs(f.Value - fact.Value) < Math.Abs(fact.Value) * 0.05m) return true;
        }

        return false;
    }

    private sealed class Walk(FactIndex index)
    {
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);
        private readonly HashSet<string> _learnedTexts = new(StringComparer.Ordinal);
        private readonly SortedSet<decimal> _values = [];
        private readonly List<(decimal Value, string Dimension)> _recent = [];
        private readonly Dictionary<string, UpstreamFact> _lastByDimension = new(StringComparer.Ordinal);

        public bool LearnedAnything => _learnedTexts.Count > 0;

        public void Learn(Span span, SpanText text)
        {
            var first = _learnedTexts.Add(text.Text);
            foreach (var fact in index.FactsOf(text.Text))
            {
                index._first.TryAdd(fact.Key, new UpstreamFact(span, text.Source, fact));
                if (!first) continue;
                _known.Add(fact.Key);
                if (fact.Kind == FactKind.Date && fact.Key.Length >= 6) _known.Add("n:" + fact.Key[2..6]);
                if (fact.Kind != FactKind.Number) continue;
                _values.Add(fact.Value);
                if (fact.Dimension.Length > 0) _lastByDimension[fact.Dimension] = new UpstreamFact(span, text.Source, fact);
                if (!_recent.Contains((fact.Value, fact.Dimension)))
                {
                    _recent.Add((fact.Value, fact.Dimension));
                    if (_recent.Count > RecentNumbers) _recent.RemoveAt(0);
                }
            }

            if (!first) return;
            foreach (var word in Facts.Words(text.Text)) _known.Add("w:" + word);
        }

        public List<StatedFact> Judge(Span span, List<SpanText> texts)
        {
            var stated = new List<StatedFact>();
            foreach (var t in texts)
            {
                if (!t.IsOutput) continue;
                var known = _learnedTexts.Contains(t.Text);
                foreach (var fact in index.FactsOf(t.Text))
                {
                    var supported = known || Facts.IsSupported(fact, _known.Contains) || (fact.Kind == FactKind.Number && (Rounds(fact) || Computed(fact)));
                    var conflict = supported || fact.Dimension.Length == 0 ? null : _lastByDimension.GetValueOrDefault(fact.Dimension);
                    stated.Add(new StatedFact(fact, t.Source, supported, conflict));
                }
            }

            return stated;
        }

        private bool Rounds(Fact fact)
        {
            var tolerance = Math.Max(fact.Precision, 0m);
            if (tolerance == 0) return false;
            return _values.GetViewBetween(fact.Value - tolerance, fact.Value + tolerance).Count > 0;
        }

        // A number the agent computed from upstream numbers: a sum, difference, product, ratio or percentage of two of
        // the latest upstream numbers, or one of them converted (thousands, hours, pounds, miles...). Bounded work.
        private bool Computed(Fact fact)
        {
            var v = fact.Value;
            var tolerance = Math.Max(fact.Precision, Math.Abs(v) * 0.001m);
            bool Near(decimal x) => Math.Abs(x - v) <= tolerance;
            try
            {
                for (var i = 0; i < _recent.Count; i++)
                {
                    var (a, da) = _recent[i];
                    if (!Compatible(fact, da)) continue;
                    foreach (var c in Conversions)
                    {
                        if (Near(a * c) || Near(a / c)) return true;
                    }

                    // A price times a small count (two adults, three nights): money only, where counts multiply.
                    if (IsCurrency(fact.Dimension) && da == fact.Dimension)
                    {
                        foreach (var c in Counts)
                        {
                            if (Near(a * c)) return true;
                        }
                    }

                    for (var j = 0; j < _recent.Count; j++)
                    {
                        if (i == j) continue;
                        var (b, db) = _recent[j];
                        if (!Compatible(fact, db)) continue;
                        if (Near(a + b) || Near(a - b) || Near(a * b)) return true;
                        if (b != 0 && (Near(a / b) || Near(a / b * 100m) || Near((a - b) / b * 100m))) return true;
                        if (Near(a * b / 100m)) return true;
                    }
                }
            }
            catch (OverflowException)
            {
            }

            return false;
        }

        // Percentages come from any two numbers; money from money of the same currency or bare numbers; measures from
        // any measure (a conversion) or bare numbers.
        private static bool Compatible(Fact fact, string dimension) =>
            fact.Dimension == "%" || dimension.Length == 0 || dimension == fact.Dimension || fact.Dimension.Length == 0
            || (!IsCurrency(fact.Dimension) && !IsCurrency(dimension));

        private static bool IsCurrency(string dimension) => dimension is "$" or "€" or "£" or "¥";
    }
}
