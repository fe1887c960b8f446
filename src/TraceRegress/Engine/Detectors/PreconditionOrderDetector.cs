using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Two tools whose declarations order them: one acts on what is active when it is called ("If the account has an active
/// rental at this store when this is called, the new rental is set up as an internal transfer: the GBP 25 setup fee is
/// waived"), the other makes that stop being active ("The rental stops being active straight away"). A run that called
/// the second before the first lost what the first would have done with it: Task Orchestration at the model call that
/// asked for the second first, quoting both declarations. The other order, or a state the second does not end, is no
/// finding.
/// </summary>
internal sealed partial class PreconditionOrderDetector : IDetector
{
    public const string DetectorId = "precondition-order";

    // "If the account has an active rental ... when this is called", "only while the booking is open at the time of the call".
    [GeneratedRegex(@"\b(?:if|when|while|provided)\b[^.]{0,80}?\b(?<state>active|open|current|live|valid)\s+(?<thing>[a-z]+)[^.]{0,80}?\b(?:when this is called|at the time of (?:the|this) call|when called)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NeedsState();

    // "The rental stops being active straight away", "the booking is no longer open".
    [GeneratedRegex(@"\b(?<thing>[a-z]+)\s+(?:stops being|is no longer|ceases to be|will no longer be)\s+(?<state>active|open|current|live|valid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndsState();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        // A declaration is read once, however many calls it declares.
        var ending = new Dictionary<string, Match>(StringComparer.Ordinal);
        var needing = new Dictionary<string, Match>(StringComparer.Ordinal);
        for (var i = 0; i < calls.Count; i++)
        {
            var ender = calls[i];
            if (ender.Error is not null || ToolDeclarations.Chooser(view, ender) is not { IsModelCall: true } g) continue;
            if (ToolDeclarations.Definition(g, ender.Name) is not { Description: { } endsText }) continue;
            if (!ending.TryGetValue(endsText, out var ends)) ending[endsText] = ends = EndsState().Match(endsText);
            if (!ends.Success) continue;
            for (var k = i + 1; k < calls.Count; k++)
            {
                var later = calls[k];
                if (later.Name == ender.Name || ToolDeclarations.Chooser(view, later) is not { IsModelCall: true } h) continue;
                if (ToolDeclarations.Definition(h, later.Name) is not { Description: { } needsText }) continue;
                if (!needing.TryGetValue(needsText, out var needs)) needing[needsText] = needs = NeedsState().Match(needsText);
                if (!needs.Success) continue;
                if (!Same(needs.Groups["state"].Value, ends.Groups["state"].Value) || !Same(needs.Groups["thing"].Value, ends.Groups["thing"].Value)) continue;
                // Called the right way round as well: the first call's order was mended.
                if (calls.Take(i).Any(c => c.Name == later.Name)) continue;
                var evidence = new List<Evidence>
                {
                    ToolDeclarations.Offering(h, later.Name),
                    ToolDeclarations.Offering(g, ender.Name),
                };
                if (ender.Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
                yield return context.CreateFinding(this, g.Span, "Task Orchestration",
                    $"{later.Name} acts on a {needs.Groups["thing"].Value} that is {needs.Groups["state"].Value} when it is called (\"{needs.Value}\"), and {ender.Name} makes it stop being so (\"{ends.Value}\"); {g.Span.Name} called {ender.Name} first.",
                    evidence, 0.65) with { Basis = AttributionBasis.Inference, Explains = new[] { later.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    private static bool Same(string a, string b)
    {
        a = a.ToLowerInvariant().TrimEnd('s');
        b = b.ToLowerInvariant().TrimEnd('s');
        return a == b;
    }
}
