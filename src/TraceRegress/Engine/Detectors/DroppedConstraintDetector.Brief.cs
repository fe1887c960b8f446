using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

internal sealed partial class DroppedConstraintDetector
{
    /// <summary>
    /// A group chat's opening restates the task under the manager's heading ("# Task and suggestions from manager") and
    /// leaves out a year, an amount, a date or an id the task's question states ("released before 2010"), and no member of the team
    /// states it again in their own words or code afterwards (what a terminal or a page prints is no member restoring
    /// it): the team answered the restated question. The opening is reported as a redirection, with the turns that
    /// followed it. Null when the restatement keeps every such constraint, or a member brings one back.
    /// </summary>
    private static Finding? BriefWithout(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || turns.TaskTurn is not { } opening) return null;
        var brief = DroppedQualifierDetector.ManagerBrief(opening.Text);
        if (brief <= 0) return null;
        var facts = context.Facts;
        var asked = opening.Text[..brief];
        var restated = opening.Text[brief..];
        var constraints = facts.FactsOf(asked).Where(f => f.Kind is FactKind.Number or FactKind.Date or FactKind.Identifier && !f.Reference && !HourOfDay(asked, f) && !Soft(asked, f)).ToList();
        // A task that asks a question constrains it in the question; what it says of the data around it ("for each year
        // from 1998 to 2023") is no term of what is asked.
        if (asked.Contains('?', StringComparison.Ordinal)) constraints.RemoveAll(c => !Requests.Sentence(asked, c.Index).TrimEnd().EndsWith('?'));
        // Days of the week the question picks out ("issued on a Saturday or Sunday") constrain it as a date does.
        var question = asked.Contains('?', StringComparison.Ordinal) ? string.Join(" ", Weekday().Matches(asked).Select(m => Requests.Sentence(asked, m.Index)).Where(x => x.TrimEnd().EndsWith('?')).Distinct()) : asked;
        var days = Weekday().Matches(question).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // So do the places it names ("collected in Scotland"): a place the restatement leaves out widens the question.
        var places = Place().Matches(asked).Where(m => !asked.Contains('?', StringComparison.Ordinal) || Requests.Sentence(asked, m.Index).TrimEnd().EndsWith('?'))
            .Select(m => m.Groups["place"].Value).Where(p => !NotAPlace().IsMatch(p)).Distinct(StringComparer.Ordinal).ToList();
        if (constraints.Count == 0 && days.Count == 0 && places.Count == 0) return null;
        var dropped = constraints.Where(c => !facts.States(restated, c)).ToList();
        var droppedDays = days.Where(d => Weekday().Matches(restated).All(m => !Same(m.Value, d))).ToList();
        var droppedPlaces = places.Where(p => WholeWords.Find(restated, p) < 0).ToList();
        if (dropped.Count == 0 && droppedDays.Count == 0 && droppedPlaces.Count == 0) return null;
        var later = turns.All.Where(t => t.Position > opening.Position).ToList();
        dropped.RemoveAll(c => later.Exists(t => !t.IsObservation && !t.IsExecutionOutput && facts.States(t.Text, c)));
        // A member who names the day again in their own words, or whose code filters by the day of the week, brought it
        // back (code that only prints a breakdown by day does not).
        droppedDays.RemoveAll(d => later.Exists(t => !t.IsObservation && !t.IsExecutionOutput
            && (Weekday().Matches(AgentTurns.CodeBlock().Replace(t.Text, " ")).Any(m => Same(m.Value, d)) || DayOfWeekFilter().IsMatch(t.Text))));
        // A member who names the place brought it back; and a place matters only where the data hold others beside it:
        // a printout or a page the team read names it.
        droppedPlaces.RemoveAll(p => later.Exists(t => !t.IsObservation && !t.IsExecutionOutput && WholeWords.Find(t.Text, p) >= 0)
                                     || !later.Exists(t => t.IsObservation && WholeWords.Find(t.Text, p) >= 0));
        droppedDays.AddRange(droppedPlaces);
        if ((dropped.Count == 0 && droppedDays.Count == 0) || later.Count == 0) return null;
        var said = restated.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? restated.Trim();
        var agent = opening.Agent ?? opening.Span.Name;
        var listed = string.Join(", ", dropped.Take(3).Select(f => f.Written).Concat(droppedDays).Take(3));
        var quoted = dropped.Count > 0 ? dropped[0].Written : droppedDays[0];
        return context.CreateFinding(new DroppedConstraintDetector(), opening.Span, "Task Orchestration",
            $"{agent}'s restatement of the task leaves out what the task requires ({listed}), and{Redirected}: no one in the team named it again.",
            [new Evidence(opening.Span.SpanId, opening.Source, Quote.Cut(said)), new Evidence(opening.Span.SpanId, opening.Source, quoted)], 0.5)
            with { Explains = later.Select(t => t.Span.SpanId).ToArray(), Basis = AttributionBasis.Inference };
    }

    // A place a question names: "collected in Scotland", "held in New South Wales", "from Norway".
    [GeneratedRegex(@"\b(?:in|from|within)\s+(?<place>[A-Z][a-z]{2,}(?:\s+[A-Z][a-z]{2,}){0,2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Place();

    // Capitalised words after "in" that name no place: months, days, a language, a unit of the text.
    [GeneratedRegex(@"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|French|German|Spanish|Latin|Python|Excel|Table|Figure|Section|Chapter|Appendix|Total)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NotAPlace();

    // A day of the week, or the weekend, as a question picks days out by.
    [GeneratedRegex(@"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b|\bweekends?\b|\bweekdays\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();

    // Code that filters by the day of the week: pandas' dayofweek / day_name() / weekday() compared or tested for membership.
    [GeneratedRegex(@"\.(?:dayofweek|day_of_week|weekday|day_name|isoweekday)\b(?:\(\))?\s*(?:==|!=|>=|<=|>|<|\.isin\(|in\b)", RegexOptions.CultureInvariant)]
    private static partial Regex DayOfWeekFilter();

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('s', 'S'), b.TrimEnd('s', 'S'), StringComparison.OrdinalIgnoreCase);
}
