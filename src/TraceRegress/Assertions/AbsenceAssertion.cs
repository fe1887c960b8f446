using System.Globalization;
using System.Text;
using TraceRegress.Approval;
using TraceRegress.Rendering;
using TraceRegress.Selectors;

namespace TraceRegress.Assertions;

/// <summary>
/// What <c>Assert.DoesNotAttribute(...)</c> and <c>Assert.NoFailure(...)</c> check, for every test framework: after
/// a fix, the new run's attribution no longer cites the approved failure (a category at any level, a span, or
/// both), or cites no failure at all. The run is not assumed to have failed, so an origin the engine would only
/// infer (no finding in the run) counts as no failure. A failure shows the run's attribution beside the one before the fix.
/// </summary>
internal static class AbsenceAssertion
{
    /// <summary>
    /// Fails when the run's attribution cites <paramref name="category"/> (at any level) and, when given, the span
    /// <paramref name="span"/> selects. With neither, fails on any failure found.
    /// </summary>
    public static ApprovalOutcome Check(AgentTrace run, string? category, string? span, AgentTrace? before, IAttributionEngine engine, string assertName)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(engine);
        var expectation = string.IsNullOrWhiteSpace(category) ? null : CategoryExpectation.OfName(category);
        var selector = string.IsNullOrWhiteSpace(span) ? null : span.Trim();
        if (selector is not null)
        {
            SpanSelector.Match(run, selector, out var error);
            if (error is not null) throw new ArgumentException($"'{selector}' is not a valid span selector: {error}", nameof(span));
        }

        // The new run is judged as a candidate passing run: a failure must rest on something the run shows, not on
        // the origin the engine infers for a corpus trace that is known to have failed.
        var now = engine.Attribute(run, new AttributionRequest { PassingRun = true });
        if (!now.FailureFound) return ApprovalOutcome.Pass(null);

        var categoryHit = expectation is null || expectation.Matches(now.Category);
        var spanHit = selector is null || CitesSelected(run, now, selector);
        if (!(categoryHit && spanHit)) return ApprovalOutcome.Pass(null);

        var what = (expectation, selector) switch
        {
            (null, null) => "no failure",
            ({ } c, null) => $"no failure of category {c.Describe()}",
            (null, { } s) => $"no failure cited at {s}",
            ({ } c, { } s) => $"no failure of category {c.Describe()} at {s}",
        };
        var headline = $"{assertName}() failed for {Name(run)}: expected {what}, but the run is still attributed to {now.Category?.L4 ?? "a failure"} at {now.Cited!.Path}.";
        return ApprovalOutcome.Fail(Describe(headline, run, now, before, before is null ? null : engine.Attribute(before)), null);
    }

    private static bool CitesSelected(AgentTrace run, Attribution now, string selector)
    {
        var matches = SpanSelector.Match(run, selector, out _);
        return matches.Any(s => string.Equals(s.SpanId, now.Cited!.SpanId, StringComparison.OrdinalIgnoreCase) && s.Path == now.Cited.Path)
               || matches.Any(s => s.Path == now.Cited!.Path);
    }

    /// <summary>The two attributions side by side (before the change, this run), then the run's span tree and evidence.</summary>
    internal static string Describe(string headline, AgentTrace run, Attribution now, AgentTrace? before, Attribution? was)
    {
        var text = new StringBuilder();
        text.Append(headline).Append("\n\n");
        var rows = new List<(string Label, string Was, string Now)>
        {
            ("cited span", Cited(was), Cited(now)),
            ("category", was is null ? "" : CategoryExpectation.DescribeActual(was.Category), CategoryExpectation.DescribeActual(now.Category)),
            ("detector", was?.Detector ?? "", now.Detector ?? ""),
            ("confidence", was is null || !was.FailureFound ? "" : was.Confidence.ToString("0.00", CultureInfo.InvariantCulture),
                now.FailureFound ? now.Confidence.ToString("0.00", CultureInfo.InvariantCulture) : ""),
            ("evidence", was is null ? "" : Quote(was), Quote(now)),
        };

        if (was is null)
        {
            foreach (var (label, _, value) in rows) text.Append("  ").Append((label + ":").PadRight(14)).Append(value).Append('\n');
            text.Append("  (pass the trace from before the change as `before:` to see both attributions side by side)\n");
        }
        else
        {
            var width = Math.Max(24, rows.Max(r => r.Was.Length) + 2);
            text.Append("  ").Append("".PadRight(14)).Append($"before ({Name(before!)})".PadRight(width)).Append("this run\n");
            foreach (var (label, old, value) in rows)
            {
                text.Append("  ").Append((label + ":").PadRight(14)).Append(old.PadRight(width)).Append(value).Append('\n');
            }
        }

        var cited = run.FindById(now.Cited!.SpanId);
        text.Append("\nSpan tree of this run (◀ marks the cited span):\n")
            .Append(SpanTreeRenderer.Render(run, cited is null ? [] : [new SpanMark(cited, "cited")]));
        if (!string.IsNullOrWhiteSpace(now.Summary)) text.Append("Summary: ").Append(now.Summary).Append('\n');
        return text.ToString();
    }

    private static string Cited(Attribution? attribution) =>
        attribution is null ? "" : attribution.Cited is { } c ? c.Path : "none (no failure found)";

    private static string Quote(Attribution attribution) =>
        attribution.Evidence.Count == 0 ? "" : "\"" + SpanTreeRenderer.OneLine(attribution.Evidence[0].Quote, 60) + "\"";

    private static string Name(AgentTrace trace) =>
        trace.SourcePath is { Length: > 0 } path && path != "<captured run>" ? Path.GetFileName(path) : $"trace {trace.TraceId}";
}
