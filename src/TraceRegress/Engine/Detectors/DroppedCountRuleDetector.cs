using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A plan that restates the task without its rule for counting. The task says how to count ("Count each chamber of a
/// staircase lock as a separate lock", "treat every leg as one trip"), and the first turn that restates the task as a
/// plan (a manager's task description and plan, an orchestrator's fact sheet) says, outside the task it quotes, nothing
/// of what the rule is about (no staircase, no chamber: "Each row of the file is one lock"). The team counts by the plan:
/// Incorrect Problem Identification at that turn, quoting the rule. A plan that names what the rule is about is no
/// finding, whatever it says of it.
/// </summary>
internal sealed partial class DroppedCountRuleDetector : IDetector
{
    public const string DetectorId = "dropped-count-rule";

    [GeneratedRegex(@"\b(?:count|treat|consider)\s+(?:each|every|all|any)\s+(?<what>[^.?!\n]{3,80}?)\s+(?:as\s+(?:a\s+)?(?:separate|distinct|single|one)\b[^.?!\n]{0,30}|separately|individually)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountRule();

    // What makes a turn a restated plan.
    [GeneratedRegex(@"##\s*Plan\b|\bPlan for solving\b|\bHere is the (?:plan|initial fact sheet)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlanMarker();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A threshold the task sets on whom or what it counts: "Among players who played at least 10 ladder matches".
    [GeneratedRegex(@"\b(?:among|of all|of the|for)\b[^.?!\n]{0,60}?\b(?:who|that|which|with)\b[^.?!\n]{0,40}?\b(?<cond>(?:at least|no fewer than|no less than|a minimum of|more than|fewer than|at most|no more than)\s+(?<n>\d+)\b[^.?!,\n]{0,30})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Threshold();

    public IEnumerable<Finding> Detect(DetectionContext context) => Rule(context).Concat(DroppedThreshold(context)).Take(1);

    /// <summary>
    /// The task sets a threshold on what it counts ("Among players who played at least 10 ladder matches"), a category
    /// it counts within ("in the Junior (under-16) category") or a thing it leaves out ("excluding jacks"), the first
    /// restated plan says nothing of it outside the task it quotes (no 10, no junior, no "excluding jacks": naming the
    /// jacks among what to add counts them in), and no later turn applies it (<c>&gt;= 10</c>, "at least 10", "Junior"). The team
    /// answers over everyone: Incorrect Problem Identification at the plan.
    /// </summary>
    // A category the task counts within: "in the Junior (under-16) category", "in the Open class".
    [GeneratedRegex(@"\bin the (?<name>[A-Z][\w-]{2,}(?:\s+(?:\([^()\n]{1,20}\)|[A-Z][\w-]*)){0,3})\s+(?:category|class|division|section|age group|group|league|bracket)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Category();

    // What the task leaves out of what it counts: "excluding jacks", "Exclude rock salt", "except for the finals".
    [GeneratedRegex(@"(?<cond>(?:\b(?:excluding|except(?: for)?|not counting|not including|other than)|(?:^|(?<=[.!?:]\s))(?:Exclude|Do not count|Don't count|Leave out))\s+(?:the\s+|any\s+|all\s+)?(?<what>[a-z][a-z-]{2,})\b[^.,;:?!\n]{0,40})", RegexOptions.CultureInvariant)]
    private static partial Regex Exclusion();

    private IEnumerable<Finding> DroppedThreshold(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        // Each condition, the word that states it, and how a later turn applies it.
        var conditions = new List<(Match Condition, Func<string, bool> Kept, Func<string, bool> Applies)>();
        if (Threshold().Match(task.Text) is { Success: true } threshold)
        {
            var n = threshold.Groups["n"].Value;
            conditions.Add((threshold, own => WholeWords.Find(own, n) >= 0, text => Applies(text, n)));
        }

        if (Category().Match(task.Text) is { Success: true } category)
        {
            var name = category.Groups["name"].Value.Split(' ', 2)[0];
            conditions.Add((category, own => WholeWords.Find(own.ToLowerInvariant(), name.ToLowerInvariant()) >= 0, text => text.Contains(name, StringComparison.OrdinalIgnoreCase)));
        }

        // What the task leaves out of the count ("excluding jacks"): a plan keeps it only by leaving it out in so many
        // words; naming it among what to add ("both the adult Chinook and the jack Chinook columns") counts it in.
        if (Exclusion().Match(task.Text) is { Success: true } exclusion)
        {
            var what = exclusion.Groups["what"].Value;
            var stem = what.Length > 4 && what.EndsWith('s') ? what[..^1] : what;
            var excluded = new Regex($@"\b(?:excluding|exclude[sd]?|except|without|not counting|not including|leave out|leaving out|leaves out|drop(?:s|ping)?|minus|other than|no)\b[^.;\n]{{0,40}}?\b{Regex.Escape(stem)}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            conditions.Add((exclusion, own => excluded.IsMatch(own), text => excluded.IsMatch(text)));
        }

        if (conditions.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            // A group chat's opening restates the task under the manager's plan: its own words are read as any plan's.
            if (turn.IsObservation || !PlanMarker().IsMatch(turn.Text)) continue;
            foreach (var (condition, kept, applies) in conditions)
            {
                if (kept(OwnWords(turn.Text, condition.Value))) continue;
                // A later turn that applies the condition put it back.
                if (turns.All.Any(t => t.Position > turn.Position && !t.IsObservation && applies(t.Text))) continue;
                var cond = (condition.Groups["cond"].Success ? condition.Groups["cond"].Value : condition.Value).Trim();
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"The task counts only what meets a condition (\"{cond}\"), and {turn.Agent ?? turn.Span.Name}'s plan does not keep it; no later turn applies it.",
                    [new Evidence(task.Span.SpanId, task.Source, cond), new Evidence(turn.Span.SpanId, turn.Source, Quote.Cut(ErrorText.LineAround(turn.Text, PlanMarker().Match(turn.Text).Index)))], 0.6)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }

            // The first restated plan is the one read.
            yield break;
        }
    }

    // A comparison with the threshold in code or words: ">= 10", "> 9", "at least 10".
    private static bool Applies(string text, string n)
    {
        if (!int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)) return false;
        var below = (v - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Regex.IsMatch(text, $@"(?:>=|≥|at least|no fewer than|minimum of)\s*{n}\b|>\s*{below}\b|(?:<|below|fewer than|under)\s*{n}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    // A plan's own words: the turn without the paragraph that quotes the task.
    private static string OwnWords(string text, string quoted)
    {
        var at = text.IndexOf(quoted, StringComparison.Ordinal);
        if (at < 0) return text;
        var start = text.LastIndexOf("\n\n", at, StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", at, StringComparison.Ordinal);
        return text[..Math.Max(0, start)] + (end < 0 ? "" : text[end..]);
    }

    private IEnumerable<Finding> Rule(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task || CountRule().Match(task.Text) is not { Success: true } rule) yield break;
        var about = Words(rule.Groups["what"].Value);
        if (about.Count == 0) yield break;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || !PlanMarker().IsMatch(turn.Text)) continue;
            // The plan's own words: the turn without the paragraph that quotes the rule.
            if (Words(OwnWords(turn.Text, rule.Value)).Overlaps(about)) yield break;
            yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                $"The task says how to count (\"{rule.Value}\"), and {turn.Agent ?? turn.Span.Name}'s plan says nothing of {string.Join(" or ", about)}: the team counts by the plan.",
                [new Evidence(task.Span.SpanId, task.Source, rule.Value), new Evidence(turn.Span.SpanId, turn.Source, Quote.Cut(PlanMarker().Match(turn.Text) is { Success: true } p ? ErrorText.LineAround(turn.Text, p.Index) : turn.Text))], 0.6)
                with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // The words of five letters or more, cut to six: what a rule is about ("chamber", "staircase").
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 5 && !Qualifiers.IsFunctionWord(w)) words.Add(w.Length > 6 ? w[..6] : w);
        }

        return words;
    }
}
