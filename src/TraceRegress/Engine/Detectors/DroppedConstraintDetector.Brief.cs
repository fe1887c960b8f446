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
        if (constraints.Count == 0) return null;
        var dropped = constraints.Where(c => !facts.States(restated, c)).ToList();
        if (dropped.Count == 0) return null;
        var later = turns.All.Where(t => t.Position > opening.Position).ToList();
        dropped.RemoveAll(c => later.Exists(t => !t.IsObservation && !t.IsExecutionOutput && facts.States(t.Text, c)));
        if (dropped.Count == 0 || later.Count == 0) return null;
        var said = restated.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? restated.Trim();
        var agent = opening.Agent ?? opening.Span.Name;
        return context.CreateFinding(new DroppedConstraintDetector(), opening.Span, "Task Orchestration",
            $"{agent}'s restatement of the task leaves out what the task requires ({Listed(dropped)}), and{Redirected}: no one in the team named it again.",
            [new Evidence(opening.Span.SpanId, opening.Source, Quote.Cut(said)), new Evidence(opening.Span.SpanId, opening.Source, dropped[0].Written)], 0.5)
            with { Explains = later.Select(t => t.Span.SpanId).ToArray(), Basis = AttributionBasis.Inference };
    }
}
