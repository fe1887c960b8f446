using System.Text.Json;
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
    [GeneratedRegex(@"\b(?:(?:can|may|should|must)\s+only|only)\b[^.;\n]{0,60}?\b(?:once|after|when|if)\b[^.;\n]*|\b(?:must|has to|needs? to)\s+(?:be\s+)?(?:pass(?:ed)?|run|called|checked|confirmed|cleared|done)\s+(?:first|before)\b[^.;\n]*|\b(?:required|needed)\s+before\b[^.;\n]*|\bmust be\s+(?:packed|ready|in place|available|on site|in stock)\b[^.;\n]{0,30}?\b(?:when|before)\b[^.;\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
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
        var ordered = context.CallsInOrder;
        if (ordered.Count < 2) yield break;
        var named = new HashSet<string>(ordered.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var (tool, condition, where) in Conditions(view, named))
        {
            // The condition is written on the check's own line ("The job can only go ahead once all parts are on
            // site"), or on the action's ("The consignment must be packed and ready when the courier arrives"), which a
            // check named for checking (check_dry_ice_stock) then ran after.
            var onCheck = ToolNames.Reads(tool);
            var checkAt = onCheck ? ordered.FindIndex(c => c.Name == tool) : -1;
            int action;
            if (onCheck)
            {
                if (checkAt <= 0) continue;
                action = ordered.FindIndex(0, checkAt, c => c.Name != tool && !ToolNames.Reads(c.Name) && c.Error is null);
            }
            else
            {
                action = ordered.FindIndex(c => c.Name == tool && c.Error is null);
                if (action < 0) continue;
                checkAt = ordered.FindIndex(action + 1, c => Checks().IsMatch(c.Name));
            }

            if (action < 0 || checkAt < 0) continue;
            var check = ordered[checkAt].Name;
            SourcedText? result = null;
            string? against = null;
            foreach (var r in ordered[checkAt].Results)
            {
                if (r.ErrorPayload is not null) continue;
                against = Against().Match(r.Text) is { Success: true } m ? ErrorText.LineAround(r.Text, m.Index) : Short(r, ordered, check);
                if (against is null) continue;
                result = r;
                break;
            }

            if (result is null || against is null || ToolDeclarations.Chooser(view, ordered[action]) is not { } chooser) continue;
            var evidence = new List<Evidence> { new(where.Span.SpanId, where.Source, Quote.Cut(condition.Trim())) };
            if (ordered[action].Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            evidence.Add(new Evidence(result.Span.SpanId, result.Source, Quote.Cut(against)));
            yield return context.CreateFinding(this, chooser.Span, "Task Orchestration",
                $"What {check} checks is a condition of going ahead (\"{condition.Trim()}\"), but {ordered[action].Name} ran before it; the check then came back against it.",
                evidence, 0.7) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // A tool named for checking: check_dry_ice_stock, verifyEligibility, validate_address.
    [GeneratedRegex(@"^(?:[a-z]+[-_.])?(?:check|verify|validate)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Checks();

    private static readonly HashSet<string> CheckWords = new(StringComparer.Ordinal)
    {
        "check", "verify", "validate", "get", "stock", "availability", "available", "status", "level", "levels", "on", "hand", "kg", "qty", "quantity", "count", "id",
    };

    private static HashSet<string> Words(string name) => NameWords.Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A check that came back short: a field of what is at hand (<c>"on_hand_kg": 3.5</c>, <c>available</c>,
    /// <c>in_stock</c>) below the amount another call of the run gives for what it checks (<c>"dry_ice_kg": 12</c>
    /// for check_dry_ice_stock); the field as written, or null.
    /// </summary>
    private static string? Short(SourcedText result, List<ToolCall> calls, string check)
    {
        if (result.Json is not { ValueKind: JsonValueKind.Object } root) return null;
        var what = Words(check);
        what.ExceptWith(CheckWords);
        if (what.Count == 0) return null;
        decimal? needed = null;
        foreach (var call in calls)
        {
            if (call.Name == check || call.Arguments?.Json is not { ValueKind: JsonValueKind.Object } args) continue;
            foreach (var p in JsonProperties.Objects(args).SelectMany(o => o.EnumerateObject()))
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var v) && v > 0 && Words(p.Name).Overlaps(what)) needed = Math.Max(needed ?? 0, v);
            }
        }

        if (needed is not { } amount) return null;
        foreach (var p in root.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (!(key.StartsWith("onhand", StringComparison.Ordinal) || key.StartsWith("available", StringComparison.Ordinal) || key.StartsWith("instock", StringComparison.Ordinal)
                  || key.StartsWith("remaining", StringComparison.Ordinal))) continue;
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var have) && have < amount) return JsonProperties.Quote(result.Text, p);
        }

        return null;
    }

    /// <summary>The tools whose description makes what they check a condition of going ahead, with the condition and where it is written.</summary>
    private static IEnumerable<(string Tool, string Condition, SourcedText Where)> Conditions(TraceView view, HashSet<string> called)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A run repeats its instructions in every model call: each text is read once.
        var read = new HashSet<string>(StringComparer.Ordinal);
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
                    if (!Condition().IsMatch(text) || !read.Add(text)) continue;
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
