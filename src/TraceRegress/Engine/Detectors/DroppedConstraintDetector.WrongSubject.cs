using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

internal sealed partial class DroppedConstraintDetector
{
    /// <summary>
    /// The right query, another entity's data: a search-like tool asked about the task's entity (the query names it) and
    /// what came back is about a namesake (Siemens Healthineers for Siemens Energy, Deutsche Börse for Deutsche Bank: a
    /// capitalised name that shares a word with the task's entity but is not it) and never names the task's entity. A
    /// later turn that states a figure first seen in that result, which the final answer repeats, accepted another
    /// entity's figure as the task's: it is cited as Tool Output Misinterpretation. The query was right, so the
    /// retrieval is not blamed; the step that read the result without checking whose it was is.
    /// </summary>
    private static Finding? WrongSubject(DetectionContext context, SourcedText task)
    {
        var entities = ProperNames(task.Text, sentences: true);
        if (entities.Count == 0) return null;
        var facts = context.Facts;
        var view = context.View;
        var turns = context.Turns;
        var final = AnswerTrail.Final(turns, facts);
        if (final is null) return null;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args || !(RetrievalTool().IsMatch(call.Name) || AsksAQuery(args.Text)) || call.Results.Count == 0) continue;
            if (call.Results.Any(r => r.ErrorPayload is not null)) continue;
            var query = ArgumentValues(args.Text);
            var entity = entities.Find(e => query.Contains(e, StringComparison.OrdinalIgnoreCase));
            if (entity is null) continue;
            if (call.Results.Any(r => Names(r.Text, entity))) continue;
            var entityWords = entity.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var result in call.Results)
            {
                var text = JsonContent.TryParseStructured(result.Text, out _) ? ArgumentValues(result.Text) : result.Text;
                // A namesake: a name of the result that shares a word with the task's entity, and is not it.
                var namesake = ProperNames(text, sentences: false).FirstOrDefault(n =>
                    n.Split(' ').Any(w => entityWords.Contains(w, StringComparer.OrdinalIgnoreCase)) && !n.Equals(entity, StringComparison.OrdinalIgnoreCase));
                if (namesake is null || !result.Text.Contains(namesake, StringComparison.Ordinal)) continue;
                // The turn that took a figure of this result as the task's, repeated by the final answer.
                var rank = view.Rank(result.Span);
                foreach (var turn in turns.All)
                {
                    if (view.Rank(turn.Span) <= rank || turn.IsObservation) continue;
                    var used = facts.StatedBy(turn.Span).FirstOrDefault(st => st.Supported && st.Fact.Kind == FactKind.Number
                        && facts.FirstSeen(st.Fact.Key) is { } first && call.Results.Any(r => ReferenceEquals(r.Span, first.Span)) && facts.States(result.Text, st.Fact)
                        && facts.States(final.Text, st.Fact));
                    if (used is null) continue;
                    return context.CreateFinding(new DroppedConstraintDetector(), turn.Span, "Tool Output Misinterpretation",
                        $"{call.Name} was asked about {entity} and returned {namesake}'s figures; {turn.Agent ?? "the model"} gave {used.Fact.Written} as {entity}'s.",
                        [new Evidence(turn.Span.SpanId, used.Source, used.Fact.Written), new Evidence(result.Span.SpanId, result.Source, namesake),
                         new Evidence(task.Span.SpanId, task.Source, entity)], 0.6)
                        with { Explains = final.Turn.Span == turn.Span ? [] : [final.Turn.Span.SpanId], Basis = AttributionBasis.Inference };
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when the text names the entity as written, or a person's name the way catalogues and registers write it,
    /// surname first ("Powers, Richard" for Richard Powers).
    /// </summary>
    private static bool Names(string text, string entity)
    {
        if (text.Contains(entity, StringComparison.OrdinalIgnoreCase)) return true;
        var last = entity.LastIndexOf(' ');
        return last > 0 && text.Contains($"{entity[(last + 1)..]}, {entity[..last]}", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for arguments that pass a free-text question (<c>query</c>, <c>q</c>, <c>question</c>, <c>search</c>, <c>keywords</c>): a lookup whatever the tool is called.</summary>
    private static bool AsksAQuery(string arguments)
    {
        if (!JsonContent.TryParseStructured(arguments, out var root) || root.ValueKind != System.Text.Json.JsonValueKind.Object) return false;
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String && p.Name.ToLowerInvariant() is "query" or "q" or "question" or "search" or "keywords" or "search_query" or "searchquery") return true;
        }

        return false;
    }
}
