using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step that hands the task on without its constraints: a search or retrieval query (or the query rewrite that
/// wrote it), a question to a sub-agent called as a tool, or an orchestrator's instruction to a worker, that is about the task (it shares its words) but leaves
/// out a constraint the task states (a year, an amount, a date, an id, a quoted name). What comes back then answers
/// another question. The step that wrote the query or instruction is cited.
/// </summary>
internal sealed partial class DroppedConstraintDetector : IDetector
{
    [GeneratedRegex(@"search|retriev|lookup|query|find|browse|web|docs|knowledge|kb|rag", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RetrievalTool();

    [GeneratedRegex(@"orchestrat|manager|planner|supervisor|coordinator|router", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrchestratorAgent();

    [GeneratedRegex(@"\p{L}{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex ContentWord();

    public string Id => "dropped-constraint";

    public int Priority => 58;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var facts = context.Facts;
        var constraints = facts.FactsOf(task.Text).Where(f => f.Kind is FactKind.Number or FactKind.Date or FactKind.Identifier or FactKind.Name).ToList();
        if (constraints.Count == 0) yield break;
        var taskWords = Words(task.Text);

        // Retrieval queries: tool calls to search-like tools, and retriever spans.
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args || !(RetrievalTool().IsMatch(call.Name) || RunsAnAgent(context.View, call))) continue;
            if (ReferenceEquals(args.Span, task.Span) && args.Source == task.Source) continue;
            if (Dropped(facts, args.Text, constraints, taskWords) is not { Count: > 0 } dropped) continue;
            // A tool that failed explains itself; a result that holds the constraints after all was not harmed.
            if (call.Results.Any(r => ErrorPayload.Find(r) is not null || dropped.Exists(d => facts.States(r.Text, d)))) continue;
            if (call.Execution?.Span.Status.Code == SpanStatusCode.Error) continue;
            var writer = call.RequestedBy?.Span ?? args.Span;
            yield return Finding(context, writer, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), task, dropped,
                $"The query sent to {call.Name} leaves out what the task requires ({Listed(dropped)})", 0.7, call.ExecutionSpan);
            yield break;
        }

        foreach (var g in context.View.Spans)
        {
            var kind = g.Span.Attributes.GetString("openinference.span.kind", "langsmith.run_type");
            if (kind is null || !kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)) continue;
            if (g.Span.Attributes.GetString("input.value", "langsmith.inputs") is not { Length: > 0 } query) continue;
            if (Dropped(facts, query, constraints, taskWords) is not { Count: > 0 } dropped) continue;
            // The rewrite that wrote the query: the latest turn before the retriever whose output holds it.
            var writer = context.Turns.All.LastOrDefault(t => context.View.Rank(t.Span) < context.View.Rank(g.Span) && t.Text.Contains(query.Trim(), StringComparison.Ordinal));
            var cited = writer?.Span ?? g.Span;
            var quote = writer is null ? new Evidence(g.Span.SpanId, GenAiSpanReader.AttributeSource("input.value"), Quote.Cut(query)) : new Evidence(writer.Span.SpanId, writer.Source, Quote.Cut(writer.Text));
            yield return Finding(context, cited, quote, task, dropped, $"The retrieval query leaves out what the task requires ({Listed(dropped)})", 0.7, g.Span);
            yield break;
        }

        // Delegations: an orchestrator's instruction to another agent.
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var all = turns.All;
        for (var i = 0; i + 1 < all.Count; i++)
        {
            var turn = all[i];
            if (turn.Agent is null || !OrchestratorAgent().IsMatch(turn.Agent) || turn.Text.Contains("\"is_request_satisfied\"", StringComparison.Ordinal)) continue;
            if (string.Equals(all[i + 1].Agent, turn.Agent, StringComparison.Ordinal) || ReferenceEquals(turn.Span, task.Span)) continue;
            if (turn.Text.Length > 600) continue;
            if (Dropped(facts, turn.Text, constraints, taskWords) is not { Count: > 0 } dropped || dropped.Count < constraints.Count) continue;
            yield return Finding(context, turn.Span, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, 0)), task, dropped,
                $"{turn.Agent}'s instruction to {all[i + 1].Agent} leaves out what the task requires ({Listed(dropped)})", 0.5, all[i + 1].Span);
            yield break;
        }
    }

    /// <summary>
    /// True for a tool that is an agent (a sub-agent called as a tool: an <c>invoke_agent</c> span inside the tool's
    /// execution): what the caller passed it is a delegation of the task, and a question that loses a constraint hands
    /// the sub-agent another task.
    /// </summary>
    private static bool RunsAnAgent(TraceView view, ToolCall call)
    {
        if (call.Execution?.Span is not { } execution) return false;
        var pending = new Stack<Span>(execution.Children);
        while (pending.Count > 0)
        {
            var span = pending.Pop();
            if (view[span].Operation == GenAiOperation.InvokeAgent) return true;
            foreach (var child in span.Children) pending.Push(child);
        }

        return false;
    }

    private static Finding Finding(DetectionContext context, Span cited, Evidence query, SourcedText task, List<Fact> dropped, string summary, double confidence, Span? symptom) =>
        context.CreateFinding(new DroppedConstraintDetector(), cited, "Poor Information Retrieval", summary + "; what comes back answers another question.",
            [query, new Evidence(task.Span.SpanId, task.Source, dropped[0].Written)], confidence)
        with { Explains = symptom is null ? [] : [symptom.SpanId], Basis = AttributionBasis.Inference };

    private static string Listed(List<Fact> dropped) => string.Join(", ", dropped.Take(3).Select(f => f.Written));

    /// <summary>The task's constraints the text leaves out, when the text is about the task; null when it is not.</summary>
    private static List<Fact>? Dropped(FactIndex facts, string text, List<Fact> constraints, HashSet<string> taskWords)
    {
        var shared = 0;
        foreach (Match m in ContentWord().Matches(text))
        {
            if (taskWords.Contains(Stem(m.Value)) && ++shared >= 2) break;
        }

        if (shared < 2) return null;
        var lower = text.ToLowerInvariant();
        return constraints.Where(c => !facts.States(text, c) && !(c.Kind == FactKind.Name && lower.Contains(c.Written.ToLowerInvariant(), StringComparison.Ordinal))).ToList();
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ContentWord().Matches(text)) words.Add(Stem(m.Value));
        return words;
    }

    // Hotels and hotel, booking and bookings: the first five letters stand for the word.
    private static string Stem(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower.Length > 5 ? lower[..5] : lower;
    }
}
