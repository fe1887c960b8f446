using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step that hands the task on without a constraint the task writes as words (<see cref="Qualifiers"/>): a search or
/// retrieval query, a query rewrite, a question to a sub-agent called as a tool, or an orchestrator's instruction to a
/// worker that keeps what the task asks for (the flight, the restaurant, the ticket) but drops how the task qualifies it
/// (non-stop, vegetarian, refundable, in Berlin, under five hundred dollars, excluding weekends). It is cited when the
/// harm shows: nothing that came back states the qualifier, no later query or instruction restores it, and either what
/// came back says the opposite (1 stop, non-refundable) or the final answer does not honour it. A query is Poor
/// Information Retrieval; an instruction to another agent is Instruction Non-compliance (the user's explicit instruction
/// was not passed on). Numbers, dates, ids and quoted names are the <c>dropped-constraint</c> detector's.
/// </summary>
internal sealed class DroppedQualifierDetector : IDetector
{
    public const string DetectorId = "dropped-qualifier";

    public string Id => DetectorId;

    public int Priority => 59;


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    private sealed record Step(Span Writer, Span Holder, Evidence Quote, string Text, IReadOnlyList<SourcedText> Returned, IReadOnlyList<Span> Symptoms, bool Instruction, string What);

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var taskWords = Qualifiers.Tokenize(task.Text);
        var requests = Qualifiers.Requests(taskWords);
        var situations = Qualifiers.Situations(task.Text);
        if (requests.Count == 0 && situations.Count == 0) yield break;

        var steps = Steps(context, task);
        if (steps.Count == 0) yield break;
        var view = context.View;
        steps.Sort((a, b) => view.Rank(a.Holder).CompareTo(view.Rank(b.Holder)));
        var sets = steps.Select(s => new Qualifiers.WordSet(s.Text)).ToArray();
        var final = AnswerTrail.Final(context.Turns, context.Facts);
        Qualifiers.WordSet? finalWords = null;

        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var dropped = requests.Count == 0 ? [] : Qualifiers.DroppedBy(task.Text, taskWords, requests, sets[k], step.Text);
            // Where the writer said they are, dropped from a step about their question.
            foreach (var situation in situations)
            {
                if (!Qualifiers.States(sets[k], step.Text, situation)) dropped.Add(situation);
            }

            if (dropped.Count == 0) continue;
            // About the task: it keeps two of its words (the object and one more), as the fact rule asks.
            if (!AboutTask(taskWords, sets[k])) continue;

            var returned = step.Returned.Where(r => r.Text.Trim().Length > 0).Select(r => (r, new Qualifiers.WordSet(r.Text))).ToList();
            // A step that failed explains itself; the error rules read it.
            if (returned.Exists(r => r.r.ErrorPayload is not null)) continue;
            var harmed = new List<(Qualifier Q, Evidence? Against)>();
            foreach (var q in dropped)
            {
                // Restored by a later query or instruction, or stated by what came back: no harm done.
                var restored = false;
                for (var later = k + 1; later < steps.Count && !restored; later++) restored = Qualifiers.States(sets[later], steps[later].Text, q);
                if (restored || returned.Exists(r => Qualifiers.States(r.Item2, r.r.Text, q))) continue;
                Evidence? against = null;
                foreach (var (r, words) in returned)
                {
                    if (Qualifiers.Contradiction(words, r.Text, q) is { } quote)
                    {
                        against = new Evidence(r.Span.SpanId, r.Source, quote);
                        break;
                    }
                }

                if (against is null)
                {
                    // Nothing came back against it: harm shows only in an answer that does not honour it.
                    if (final is null || view.Rank(final.Turn.Span) <= view.Rank(step.Holder)) continue;
                    finalWords ??= new Qualifiers.WordSet(final.Text);
                    if (Qualifiers.States(finalWords, final.Text, q)) continue;
                }

                harmed.Add((q, against));
            }

            if (harmed.Count == 0) continue;
            var pick = harmed.FindIndex(h => h.Against is not null);
            var (first, evidenceAgainst) = harmed[pick < 0 ? 0 : pick];
            var listed = string.Join(", ", harmed.Take(3).Select(h => $"\"{h.Q.Written}\""));
            var outcome = evidenceAgainst is not null ? $"; what came back says \"{evidenceAgainst.Quote}\""
                : harmed.Count > 1 ? "; the answer honours none of them" : "; the answer does not honour it";
            var evidence = new List<Evidence> { step.Quote, new(task.Span.SpanId, task.Source, first.Written) };
            if (evidenceAgainst is not null) evidence.Add(evidenceAgainst);
            yield return context.CreateFinding(this, step.Writer, step.Instruction ? "Instruction Non-compliance" : "Poor Information Retrieval",
                $"{step.What} keeps what the task asks for but leaves out {listed}{outcome}.", evidence, evidenceAgainst is not null ? 0.7 : 0.6)
                with { Explains = step.Symptoms.Select(s => s.SpanId).ToArray(), Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    // A retriever's input as its query: the text itself, or the query field of a JSON input ({"query": "...", "top_k": 3}).
    private static string QueryOf(string input)
    {
        var t = input.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] != '{') return input;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(input);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == System.Text.Json.JsonValueKind.String && JsonProperties.Key(p.Name) is "query" or "question" or "input" or "text" or "q" or "searchquery")
                {
                    return p.Value.GetString()!;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the input is the query.
        }

        return input;
    }

    private static bool AboutTask(List<WordToken> task, Qualifiers.WordSet other)
    {
        var shared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in task)
        {
            if (t.Word.Length >= 4 && t.Word.Any(char.IsLetter) && other.Contains(Qualifiers.Joined(t.Word))) shared.Add(t.Word);
            if (shared.Count >= 2) return true;
        }

        return false;
    }

    /// <summary>The steps that hand the task on: queries sent to search-like tools and retrievers, questions to sub-agents, an orchestrator's instructions.</summary>
    private static List<Step> Steps(DetectionContext context, SourcedText task)
    {
        var view = context.View;
        var steps = new List<Step>();
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args) continue;
            var agent = DroppedConstraintDetector.RunsAnAgent(view, call);
            if (!agent && !DroppedConstraintDetector.RetrievalTool().IsMatch(call.Name)) continue;
            if (ReferenceEquals(args.Span, task.Span) && args.Source == task.Source) continue;
            if (call.Execution?.Span.Status.Code == SpanStatusCode.Error) continue;
            var writer = call.RequestedBy?.Span ?? args.Span;
            var what = agent ? $"The question sent to the {call.Name} agent" : $"The query sent to {call.Name}";
            steps.Add(new Step(writer, call.ExecutionSpan ?? writer, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), args.Text, call.Results,
                call.ExecutionSpan is { } executed ? [executed] : [], agent, what));
        }

        foreach (var g in view.Spans)
        {
            var kind = g.Span.Attributes.GetString("openinference.span.kind", "langsmith.run_type", "langfuse.observation.type");
            if (kind is null || !kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)) continue;
            if (g.Span.Attributes.GetString("input.value", "langsmith.inputs", "langfuse.input") is not { Length: > 0 } input) continue;
            var query = QueryOf(input);
            var writer = context.Turns.All.LastOrDefault(t => view.Rank(t.Span) < view.Rank(g.Span) && t.Text.Contains(query.Trim(), StringComparison.Ordinal));
            var quote = writer is null ? new Evidence(g.Span.SpanId, GenAiSpanReader.AttributeSource("input.value"), Quote.Cut(query)) : new Evidence(writer.Span.SpanId, writer.Source, Quote.Cut(writer.Text));
            var returned = context.Facts.TextsOf(g.Span).Where(t => !t.Source.Contains("input", StringComparison.Ordinal) && !t.Source.Contains("embedding", StringComparison.Ordinal))
                .Select(t => new SourcedText(g.Span, t.Source, t.Text)).ToList();
            steps.Add(new Step(writer?.Span ?? g.Span, g.Span, quote, query, returned, [g.Span], false, "The retrieval query"));
        }

        // An orchestrator's instructions to its workers; what they answered, until it speaks again, is what came back.
        var turns = context.Turns;
        if (!turns.IsMultiAgent) return steps;
        var all = turns.All;
        for (var i = 0; i + 1 < all.Count; i++)
        {
            var turn = all[i];
            if (turn.Agent is null || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(turn.Agent) || ReferenceEquals(turn, turns.TaskTurn)) continue;
            if (string.Equals(all[i + 1].Agent, turn.Agent, StringComparison.Ordinal) || ReferenceEquals(turn.Span, task.Span) || turn.Text.Length > 600) continue;
            if (turn.Text.Contains("\"is_request_satisfied\"", StringComparison.Ordinal)) continue;
            var replies = new List<AgentTurn>();
            for (var j = i + 1; j < all.Count && !string.Equals(all[j].Agent, turn.Agent, StringComparison.Ordinal); j++) replies.Add(all[j]);
            steps.Add(new Step(turn.Span, turn.Span, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, 0)), turn.Text,
                replies.Select(r => new SourcedText(r.Span, r.Source, r.Text)).ToList(), replies.Select(r => r.Span).ToList(), true,
                $"{turn.Agent}'s instruction to {all[i + 1].Agent}"));
        }

        return steps;
    }
}
