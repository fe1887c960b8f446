using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// Where a model call's broken or cut answer shows after it: spans whose status is ERROR or whose text reports a failure
/// to parse (a JSON decode error, an unterminated string, an unexpected end). Built once per trace on first use and
/// shared by the detectors that trace an answer to the parser that choked on it; each distinct text is read once.
/// </summary>
internal sealed class FailingSpans
{
    private readonly DetectionContext _context;
    // Per span and per distinct text: 0 not read yet, 1 no parse failure, 2 a parse failure.
    private readonly byte[] _spanVerdicts;
    private readonly byte[] _textVerdicts;
    // For each span index, the next span at or after it (depth-first order) that shows a failure at all; -1 when none.
    private readonly int[] _next;

    public FailingSpans(DetectionContext context)
    {
        _context = context;
        var spans = context.Trace.Spans;
        _spanVerdicts = new byte[spans.Count];
        _textVerdicts = new byte[context.Facts.TextCount];
        _next = new int[spans.Count + 1];
        _next[spans.Count] = -1;
        for (var i = spans.Count - 1; i >= 0; i--)
        {
            var s = spans[i];
            _next[i] = s.Status.Code == SpanStatusCode.Error || HasParseFailure(s) ? i : _next[i + 1];
        }
    }

    /// <summary>
    /// Adds to <paramref name="ids"/> (up to 64 in all) the spans after <paramref name="span"/> under its parent that
    /// failed to parse what it wrote, and with <paramref name="withErrors"/> those whose status is ERROR too. Spans before
    /// it and inside it come earlier in causal order or are its own, and are skipped.
    /// </summary>
    public void After(Span span, bool withErrors, List<string> ids)
    {
        if (span.Parent is not { } scope) return;
        var view = _context.View;
        var spans = _context.Trace.Spans;
        var rank = view.Rank(span);
        var end = view.SubtreeEnd(scope);
        for (var i = _next[scope.Index + 1]; i >= 0 && i <= end; i = _next[i + 1])
        {
            if (ids.Count >= 64) break;
            var s = spans[i];
            if (view.Rank(s) <= rank || view.Contains(span, s)) continue;
            if ((withErrors && s.Status.Code == SpanStatusCode.Error) || HasParseFailure(s)) ids.Add(s.SpanId);
        }
    }

    private bool HasParseFailure(Span s)
    {
        if (_spanVerdicts[s.Index] == 0)
        {
            var facts = _context.Facts;
            var texts = facts.TextsOf(s);
            var ids = facts.TextIdsOf(s);
            var failed = false;
            for (var i = 0; i < texts.Count && !failed; i++)
            {
                ref var verdict = ref _textVerdicts[ids[i]];
                if (verdict == 0) verdict = ParseFailure(texts[i].Text) ? (byte)2 : (byte)1;
                failed = verdict == 2;
            }

            _spanVerdicts[s.Index] = failed ? (byte)2 : (byte)1;
        }

        return _spanVerdicts[s.Index] == 2;
    }

    private static bool ParseFailure(string text) =>
        text.Contains("JSONDecodeError", StringComparison.Ordinal) || text.Contains("Unterminated", StringComparison.OrdinalIgnoreCase)
        || text.Contains("unexpected end", StringComparison.OrdinalIgnoreCase) || text.Contains("parse", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Expecting ", StringComparison.Ordinal) || text.Contains("invalid json", StringComparison.OrdinalIgnoreCase)
        || text.Contains("not valid JSON", StringComparison.OrdinalIgnoreCase) || text.Contains("Unexpected token", StringComparison.Ordinal)
        || text.Contains("truncat", StringComparison.OrdinalIgnoreCase);
}
