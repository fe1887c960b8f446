using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An orchestrator's first plan (its fact sheet and the plan after it) restates the task without one of the task
/// question's conditions, and no instruction it gives later brings it back: the team works on another question from
/// there. A condition is a number the question gives ("collected before 1900", "founded in 2005 or later"), with the
/// capitalised word that names it if one does ("Class 2"), an acronym in it ("IRC"), a kind named by its capitalised
/// name and what it is a kind of ("in the Midland style"), the state a thing must be in now ("currently operational"),
/// or, in a count, a thing the counted must have done joined to another by "and" ("carried passengers and landed more
/// than 10 km away"); the plan keeps it when it writes it anywhere outside its copy of the request. Instruction
/// Non-compliance at the plan, quoting the question's condition and what the plan set out to find or derive. The task's
/// instructions on the answer's form ("Answer with a number") are no condition.
/// </summary>
internal sealed partial class PlanConditionDetector : IDetector
{
    public const string DetectorId = "plan-condition";

    // A number the question gives: a year, a class, a threshold.
    [GeneratedRegex(@"(?<![\w.,])\d+(?:\.\d+)?(?![\w]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    // An acronym ("IRC"): a name a plan that keeps the condition writes as it is. (A capitalised word alone is too often
    // part of a longer name a plan shortens: "the Swiss ... monitoring network" as GLAMOS.)
    [GeneratedRegex(@"\b\p{Lu}{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    // A number named by the capitalised word before it: "Class 2", "Grade 4".
    [GeneratedRegex(@"\p{Lu}\p{Ll}+ $", RegexOptions.CultureInvariant)]
    private static partial Regex NamingWord();

    // A kind the question names by its capitalised name and what it is a kind of: "in the Midland style", "of the
    // Veterans division", "for the Hardback edition". Unlike a capitalised word alone, the word after it says the name
    // picks out some of what is counted.
    [GeneratedRegex(@"\b(?:in|of|from|for|under) the (?<kind>\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?) (?:style|class|category|division|section|league|grade|variety|breed|edition|version|series|format|type|group|region|district|discipline|event)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedKind();

    // The state a thing must be in now: "are currently operational", "still in service".
    [GeneratedRegex(@"\b(?:currently|still|presently)\s+(?:in\s+)?(?<state>[a-z]{4,})\b", RegexOptions.CultureInvariant)]
    private static partial Regex State();

    // What the plan sets out to find or derive: the first item of its FACTS TO LOOK UP or FACTS TO DERIVE.
    [GeneratedRegex(@"FACTS TO (?:DERIVE|LOOK UP)\s*\n\s*(?:[-*•]|\d+\.)\s*(?<item>[^\n]{5,300})", RegexOptions.CultureInvariant)]
    private static partial Regex Target();

    public string Id => DetectorId;

    public int Priority => 58;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.Task is not { } task) yield break;
        var question = Question(task.Text);
        if (question.Length == 0) yield break;
        var all = turns.All;
        var plan = all.FirstOrDefault(t => !ReferenceEquals(t, turns.TaskTurn) && t.Agent is { } a && DroppedConstraintDetector.OrchestratorAgent().IsMatch(a)
                                           && t.Text.Contains("fact sheet", StringComparison.OrdinalIgnoreCase));
        if (plan is null) yield break;
        // The plan's own words: its copy of the request left out.
        var own = plan.Text.Replace(task.Text.Trim(), " ", StringComparison.Ordinal).Replace(question, " ", StringComparison.Ordinal);
        var later = all.Where(t => t.Position > plan.Position && !ReferenceEquals(t, plan) && t.Agent == plan.Agent).ToList();
        foreach (var (condition, at) in Conditions(question))
        {
            if (Writes(own, condition) || later.Exists(t => Writes(t.Text.Replace(question, " ", StringComparison.Ordinal), condition))) continue;
            // What the plan sets out to derive, else what it sets out to look up.
            var target = Target().Matches(own).OrderByDescending(m => m.Value.StartsWith("FACTS TO DERIVE", StringComparison.Ordinal)).FirstOrDefault() ?? Match.Empty;
            var quoted = target.Success ? target.Groups["item"].Value.Trim() : ErrorText.LineAround(own, own.IndexOf("fact sheet", StringComparison.OrdinalIgnoreCase)).Trim();
            if (!plan.Text.Contains(quoted, StringComparison.Ordinal)) continue;
            var phrase = Phrase(question, at, condition);
            yield return context.CreateFinding(this, plan.Span, "Instruction Non-compliance",
                $"The task asks \"{phrase}\", and {plan.Agent}'s plan sets out without {condition} (\"{Quote.Cut(quoted)}\"); no instruction after it brings {condition} back, so the team answers another question.",
                [new Evidence(task.Span.SpanId, task.Source, phrase), new Evidence(plan.Span.SpanId, plan.Source, quoted)], 0.6)
                with { Basis = AttributionBasis.Inference, Explains = all.Where(t => t.Position > plan.Position).Select(t => t.Span.SpanId).ToArray() };
            yield break;
        }
    }

    /// <summary>The task's question: its sentence that ends with a question mark, else its first sentence.</summary>
    private static string Question(string task)
    {
        var mark = task.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0) return Requests.Sentence(task, mark).Trim();
        return Requests.Sentence(task, 0).Trim();
    }

    /// <summary>The question's conditions (numbers, names, a state), each once, with where it stands.</summary>
    private static IEnumerable<(string Condition, int At)> Conditions(string question)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Number().Matches(question))
        {
            var named = NamingWord().Match(question[..m.Index]);
            var condition = named.Success ? question[named.Index..(m.Index + m.Length)] : m.Value;
            if (seen.Add(condition)) yield return (condition, named.Success ? named.Index : m.Index);
        }

        foreach (Match m in Name().Matches(question))
        {
            if (seen.Add(m.Value)) yield return (m.Value, m.Index);
        }

        foreach (Match m in NamedKind().Matches(question))
        {
            if (seen.Add(m.Groups["kind"].Value)) yield return (m.Groups["kind"].Value, m.Groups["kind"].Index);
        }

        foreach (Match m in State().Matches(question))
        {
            if (seen.Add(m.Groups["state"].Value)) yield return (m.Groups["state"].Value, m.Groups["state"].Index);
        }

        // In a count, one of the things the counted must have done, joined to another by "and": "flights that ... carried
        // passengers and landed more than 10 km away".
        if (question.Contains("how many", StringComparison.OrdinalIgnoreCase))
        {
            foreach (Match m in DoneWith().Matches(question))
            {
                if (seen.Add(m.Groups["object"].Value)) yield return (m.Groups["object"].Value, m.Groups["object"].Index);
            }
        }
    }

    // A thing done to a plural object, joined by "and" to another condition: "carried passengers and", "and won medals".
    [GeneratedRegex(@"\b[a-z]{3,}ed\s+(?<object>[a-z]{4,}s)\b(?=\s+and\s)|(?<=\band\s+)[a-z]{3,}ed\s+(?<object>[a-z]{4,}s)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DoneWith();

    // The condition as a word or number of its own in the text, in any case; a plural object in the singular too
    // ("passenger flights" keeps "passengers").
    private static bool Writes(string text, string condition) =>
        Regex.IsMatch(text, $@"(?<![\w.,]){Regex.Escape(condition)}(?![\w]|[.,]\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
        || (condition.Length > 4 && condition[^1] == 's' && condition.All(char.IsAsciiLetterLower)
            && Regex.IsMatch(text, $@"(?<![\w.,]){Regex.Escape(condition[..^1])}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    // The condition with the words before it, as the question writes it ("collected before 1900", "won IRC Class 2").
    private static string Phrase(string question, int at, string condition)
    {
        var start = at;
        for (var words = 0; start > 0 && words < 3; start--)
        {
            if (question[start - 1] == ' ' && ++words == 3) break;
            if (question[start - 1] is ',' or ';') break;
        }

        // A named kind is quoted with what it is a kind of ("in the Midland style").
        var end = at + condition.Length;
        foreach (Match k in NamedKind().Matches(question))
        {
            if (k.Groups["kind"].Index == at) end = k.Index + k.Length;
        }

        return question[start..end].Trim();
    }
}
