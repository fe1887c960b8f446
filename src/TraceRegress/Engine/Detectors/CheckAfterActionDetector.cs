using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A check the instructions make a condition of acting, run only after the action. A tool's description (its definition,
/// or its line in the instructions' list of tools) says the work may only go ahead once what it checks holds ("whether the
/// parts are in stock ... The job can only go ahead once all parts are on site", "must pass before any payment"). The run
/// took an action (book, submit, pay: a tool not named for reading) before it first called that check, and the check
/// then came back against it (a false flag, "not", "unavailable"). The action went ahead on a condition nobody had
/// checked: Task Orchestration, cited at the model call that chose the action (the planner, for a plan run as written),
/// quoting the condition, the action and the check's result.
/// </summary>
internal sealed partial class CheckAfterActionDetector : IDetector
{
    public const string DetectorId = "check-after-action";

    // A condition of going ahead: "can only go ahead once", "may only be booked after", "only when ... confirmed",
    // "must pass before", "must be checked before", "required before".
    [GeneratedRegex(@"\b(?:(?:can|may|should|must)\s+only|only)\b[^.;\n]{0,60}?\b(?:once|after|when|if)\b[^.;\n]*|\b(?:must|has to|needs? to)\s+(?:be\s+)?(?:pass(?:ed)?|run|called|checked|confirmed|cleared|done)\s+(?:first|before)\b[^.;\n]*|\b(?:required|needed)\s+before\b[^.;\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Condition();

    // A check's result that stands against going ahead.
    [GeneratedRegex(@":\s*false\b|\b(?:not (?:in stock|available|eligible|approved|cleared|confirmed|on site)|unavailable|out of stock|insufficient|declined|denied|rejected|ineligible|back-?ordered|on order)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Against();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls.Where(c => c.Name.Length > 0 && c.OriginSpan is not null).ToList();
        if (calls.Count < 2) yield break;
        var ordered = calls.OrderBy(c => view.Rank(c.OriginSpan!)).ThenBy(c => c.Ordinal).ToList();
        var named = new HashSet<string>(ordered.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var (check, condition, where) in Conditions(view, named))
        {
            var checkAt = ordered.FindIndex(c => c.Name == check);
            if (checkAt <= 0) continue;
            var action = ordered.FindIndex(0, checkAt, c => c.Name != check && !ToolNames.Reads(c.Name) && c.Error is null);
            if (action < 0) continue;
            if (ordered[checkAt].Results.FirstOrDefault(r => r.ErrorPayload is null && Against().IsMatch(r.Text)) is not { } result) continue;
            if (ToolDeclarations.Chooser(view, ordered[action]) is not { } chooser) continue;
            var evidence = new List<Evidence> { new(where.Span.SpanId, where.Source, Quote.Cut(condition.Trim())) };
            if (ordered[action].Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            evidence.Add(new Evidence(result.Span.SpanId, result.Source, Quote.Cut(Against().Match(result.Text) is { Success: true } m ? ErrorText.LineAround(result.Text, m.Index) : result.Text)));
            yield return context.CreateFinding(this, chooser.Span, "Task Orchestration",
                $"{check} is a condition of going ahead (\"{condition.Trim()}\"), but {ordered[action].Name} ran before it; the check then came back against it.",
                evidence, 0.7) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    /// <summary>The tools whose description makes what they check a condition of going ahead, with the condition and where it is written.</summary>
    private static IEnumerable<(string Tool, string Condition, SourcedText Where)> Conditions(TraceView view, HashSet<string> called)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var d in g.ToolDefinitions)
            {
                if (!called.Contains(d.Name) || d.Description is not { } text || !seen.Add(d.Name)) continue;
                if (Condition().Match(text) is { Success: true } m) yield return (d.Name, m.Value, new SourcedText(g.Span, d.Source, text));
            }

            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("system" or "developer")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Content is not { } text || !text.Contains("only", StringComparison.OrdinalIgnoreCase) && !text.Contains("before", StringComparison.OrdinalIgnoreCase)) continue;
                    // A list of tools, one to a line: a condition on a tool's line is that tool's.
                    foreach (var line in text.Split('\n'))
                    {
                        if (Condition().Match(line) is not { Success: true } m) continue;
                        foreach (var name in called)
                        {
                            var at = line.IndexOf(name, StringComparison.Ordinal);
                            if (at < 0 || at > 8 || at > m.Index || !seen.Add(name)) continue;
                            yield return (name, m.Value, new SourcedText(g.Span, part.Source, line));
                        }
                    }
                }
            }
        }
    }
}
