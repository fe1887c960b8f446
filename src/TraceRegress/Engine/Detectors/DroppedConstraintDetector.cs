using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A step that hands the task on without its constraints: a search or retrieval query (or the query rewrite that
/// wrote it), a question to a sub-agent called as a tool, or an orchestrator's instruction to a worker, that is about the task (it shares its words) but leaves
/// out a constraint the task states (a year, an amount, a date, an id, a quoted name). What comes back then answers
/// another question. The step that wrote the query or instruction is cited. A retrieval whose query kept the constraints
/// can still bring back the wrong document: when nothing it returned states a constraint of the task, what it returned
/// states another value of the same form in its place (fiscal 2024 for the task's fiscal 2025, another date, another id),
/// and a later turn answers with facts that came from it, the retrieval is cited: the answer followed it faithfully.
/// A search query about the task that names another entity than the task's (the right year, the wrong company) is cited
/// at the model call that wrote it. In a conversation, a coordinator's plan or instruction that changes a constraint of
/// the task, or restates the task without one, is reported with the worker turns that then answered the question they
/// were given (see <see cref="IsRedirection(Finding)"/>).
/// </summary>
internal sealed partial class DroppedConstraintDetector : IDetector
{
    [GeneratedRegex(@"search|retriev|lookup|query|find|browse|web|docs|knowledge|kb|rag", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex RetrievalTool();

    [GeneratedRegex(@"orchestrat|manager|planner|supervisor|coordinator|router", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex OrchestratorAgent();

    [GeneratedRegex(@"\p{L}{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex ContentWord();

    public string Id => "dropped-constraint";

    public int Priority => 58;


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var found = false;
        foreach (var finding in Constraints(context))
        {
            found = true;
            yield return finding;
        }

        if (!found && context.Turns.Task is { } task && WrongSubject(context, task) is { } wrongSubject) yield return wrongSubject;
    }

    private IEnumerable<Finding> Constraints(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var facts = context.Facts;
        // A phone number the user gives is how to reach them, no term of what they ask for.
        var constraints = facts.FactsOf(task.Text).Where(f => f.Kind is FactKind.Number or FactKind.Date or FactKind.Identifier or FactKind.Name && !HourOfDay(task.Text, f) && !Facts.IsPhoneNumber(f)).ToList();
        var taskWords = Words(task.Text);
        if ((BriefWithout(context) ?? Redirection(context, task, constraints, taskWords) ?? SourceRedirection(context, task) ?? WorkerAction(context, task, constraints, taskWords)) is { } redirected) yield return redirected;
        if (constraints.Count == 0)
        {
            if (WrongEntity(context, task, constraints, taskWords) is { } named) yield return named;
            yield break;
        }

        // Retrieval queries: tool calls to search-like tools, and retriever spans.
        var calls = context.View.ToolCalls.Calls;
        for (var c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (call.Arguments is not { } args || !(RetrievalTool().IsMatch(call.Name) || RunsAnAgent(context.View, call))) continue;
            if (ReferenceEquals(args.Span, task.Span) && args.Source == task.Source) continue;
            if (QueryDropped(facts, args.Text, ArgumentValues(args.Text), constraints, taskWords, task.Text) is not { Count: > 0 } dropped) continue;
            // A tool that failed explains itself; a constraint the result holds after all was not lost (a size the price
            // list's bands name), one it does not hold was.
            if (call.Results.Any(r => ErrorPayload.Find(r) is not null)) continue;
            dropped.RemoveAll(d => call.Results.Any(r => Holds(facts, r.Text, d)));
            if (dropped.Count == 0) continue;
            if (call.Execution?.Span.Status.Code == SpanStatusCode.Error) continue;
            if (ResolvedEarlier(facts, task.Text, dropped, calls, c)) continue;
            // A task that asks for several things searched for one at a time: another query to the same tool from the same
            // model call carries what this one leaves out ("110V cement mixer" beside "4m aluminium scaffold tower").
            if (call.RequestedBy is { } asker && calls.Any(o => !ReferenceEquals(o, call) && o.Name == call.Name && ReferenceEquals(o.RequestedBy, asker)
                    && o.Arguments is { } other && dropped.TrueForAll(d => facts.States(other.Text, d)))) continue;
            // A preference is no requirement; an id or a date is no term of a tool whose definition declares only fields and
            // none for it (a customer's account number beside a search by category and depot).
            var declared = ToolDeclarations.DeclaringSpan(context.View, call) is { } declaring && ToolDeclarations.Definition(declaring, call.Name) is { Parameters.Count: > 0 } definition ? definition.Parameters : null;
            // A lookup by key ({"email": ...}, {"customer_id": ...}) to a tool whose fields are not declared names one
            // record: it has no terms to leave out.
            if (declared is null && ByKey(args)) continue;
            dropped.RemoveAll(d => Soft(task.Text, d) || NoFieldFor(declared, d) || AgeAsked(task.Text, d, args.Text) || ComputedWith(call.RequestedBy, d));
            if (dropped.Count == 0) continue;
            var writer = call.RequestedBy?.Span ?? args.Span;
            yield return Finding(context, writer, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), task, dropped,
                $"The query sent to {call.Name} leaves out what the task requires ({Listed(dropped)})", 0.7, call.ExecutionSpan);
            yield break;
        }

        if (WrongEntity(context, task, constraints, taskWords) is { } wrongEntity)
        {
            yield return wrongEntity;
            yield break;
        }

        foreach (var g in context.View.Spans)
        {
            var kind = g.Span.Attributes.GetString("openinference.span.kind", "langsmith.run_type");
            if (kind is null || !kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)) continue;
            if (g.Span.Attributes.GetString("input.value", "langsmith.inputs") is not { Length: > 0 } query) continue;
            if (QueryDropped(facts, query, query, constraints, taskWords, task.Text) is not { Count: > 0 } dropped) continue;
            // An id the run gave to a tool of its own (a licence looked up by its number) is no term of a document search.
            if (ResolvedEarlier(facts, task.Text, dropped, calls, -1)) continue;
            // The rewrite that wrote the query: the latest turn before the retriever whose output holds it.
            var writer = context.Turns.All.LastOrDefault(t => context.View.Rank(t.Span) < context.View.Rank(g.Span) && t.Text.Contains(query.Trim(), StringComparison.Ordinal));
            var cited = writer?.Span ?? g.Span;
            var quote = writer is null ? new Evidence(g.Span.SpanId, GenAiSpanReader.AttributeSource("input.value"), Quote.Cut(query)) : new Evidence(writer.Span.SpanId, writer.Source, Quote.Cut(writer.Text));
            yield return Finding(context, cited, quote, task, dropped, $"The retrieval query leaves out what the task requires ({Listed(dropped)})", 0.7, g.Span);
            yield break;
        }

        if (WrongDocument(context, task, constraints) is { } wrong)
        {
            yield return wrong;
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

    // Says, in a finding's summary, that a coordinator's plan or instruction sent a worker after another question than the task's.
    private const string Redirected = " sent the work after another question than the task's";

    /// <summary>
    /// True for the finding that says a coordinator's plan or instruction changed or left out a constraint of the task
    /// and names, in <see cref="Finding.Explains"/>, the worker turns that then answered the question they were given.
    /// </summary>
    public static bool IsRedirection(Finding finding) => IsRedirection(finding.Detector, finding.Summary);

    /// <summary>True when a finding (or the cited one of an attribution) with this detector and summary is a redirection (see <see cref="IsRedirection(Finding)"/>).</summary>
    public static bool IsRedirection(string? detector, string? summary) => detector == "dropped-constraint" && summary is not null && summary.Contains(Redirected, StringComparison.Ordinal);

    [GeneratedRegex(@"""instruction_or_question""\s*:\s*\{[^{}]*?""answer""\s*:\s*""((?:[^""\\]|\\.)*)""", RegexOptions.CultureInvariant)]
    internal static partial Regex LedgerInstruction();

    /// <summary>
    /// What a coordinator's turn tells a worker: a progress ledger's <c>instruction_or_question</c> (its reasons are no
    /// instruction), unescaped; else the turn's whole text. Empty for a ledger without one.
    /// </summary>
    internal static string InstructionOf(string text) =>
        text.Contains("\"instruction_or_question\"", StringComparison.Ordinal)
            ? LedgerInstruction().Match(text) is { Success: true } ledger ? Regex.Unescape(ledger.Groups[1].Value) : ""
            : text;

    /// <summary>
    /// The first plan or instruction of a coordinator (an orchestrator, a manager, a planner) that restates the task in
    /// its own words (the task quoted whole is not its words; in a progress ledger only its instruction is) and either
    /// changes a checkable constraint of the task (it names 2021 where the task says 2022: a value of the same form the
    /// task does not state, and not the task's) or leaves one out while keeping two or more others (a restatement, not a
    /// step that needs none of them). The workers it names then worked on another question: their later turns that do not
    /// state the constraint, until a coordinator states it again, are what it explains. A changed value must show up in what
    /// those workers returned (the worker went where it was sent). Null when no such step is found.
    /// </summary>
    private static Finding? Redirection(DetectionContext context, SourcedText task, List<Fact> constraints, HashSet<string> taskWords)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) return null;
        var facts = context.Facts;
        var checkable = constraints.Where(c => c.Kind != FactKind.Name).ToList();
        if (checkable.Count == 0) return null;
        var quoted = task.Text.Trim();
        var all = turns.All;
        var workers = all.Where(t => t.Agent is not null && !IsCoordinator(t)).Select(t => t.Agent!).Distinct(StringComparer.Ordinal).ToList();
        if (workers.Count == 0) return null;
        // A coordinator turn's own words, read once: a ledger's instruction, else its text without the task quoted whole.
        var owns = new string?[all.Count];
        string Own(AgentTurn t)
        {
            if (owns[t.Position] is { } known) return known;
            if (t.Text.Contains("\"instruction_or_question\"", StringComparison.Ordinal)) return owns[t.Position] = LedgerInstruction().Match(t.Text) is { Success: true } m ? m.Groups[1].Value : "";
            return owns[t.Position] = quoted.Length > 0 && t.Text.Contains(quoted, StringComparison.Ordinal) ? t.Text.Replace(quoted, " ", StringComparison.Ordinal) : t.Text;
        }

        foreach (var turn in all)
        {
            if (ReferenceEquals(turn, turns.TaskTurn) || turn.IsObservation || !IsCoordinator(turn)) continue;
            var own = Own(turn);
            if (own.Length == 0) continue;
            if (Dropped(facts, own, checkable, taskWords) is not { Count: > 0 } dropped) continue;
            var ownFacts = facts.FactsOf(own);
            var changed = new List<(Fact Asked, Fact Got)>();
            foreach (var c in dropped)
            {
                var other = ownFacts.FirstOrDefault(f => f.Kind == c.Kind && f.Key != c.Key && Shape(f) == Shape(c) && (f.Kind != FactKind.Number || f.Dimension == c.Dimension)
                                                         && !facts.States(task.Text, f));
                if (other is not null) changed.Add((c, other));
            }

            // A value replaced by a relative word on the same thing ("the latest census" for the task's "2011 census"):
            // another member of the series is asked for, as surely as if another year were named.
            var relative = new List<(Fact Asked, string Phrase)>();
            foreach (var c in dropped)
            {
                if (!changed.Exists(x => x.Asked.Key == c.Key) && Relative(task.Text, own, c) is { } phrase) relative.Add((c, phrase));
            }

            var kept = checkable.Count - dropped.Count;
            // A restatement of what is asked ("We need the depth, in feet, of the deepest steel-hulled wreck in the file")
            // that leaves a constraint out is the question the team will answer, however few values it keeps.
            if (changed.Count == 0 && relative.Count == 0 && kept < 2 && !RestatesWithout(facts, own, task.Text, dropped)) continue;
            var addressed = workers.Where(w => turn.Text.Contains(w, StringComparison.Ordinal) || turn.Agent!.Contains(w, StringComparison.Ordinal)).ToList();
            if (addressed.Count == 0) continue;

            var explained = new List<AgentTurn>();
            for (var i = turn.Position + 1; i < all.Count; i++)
            {
                var t = all[i];
                if (IsCoordinator(t) && !ReferenceEquals(t, turns.TaskTurn) && dropped.Exists(c => facts.States(Own(t), c))) break;
                if (t.Agent is null || !addressed.Contains(t.Agent) || dropped.Exists(c => facts.States(t.Text, c))) continue;
                explained.Add(t);
            }

            if (explained.Count == 0) continue;
            if (changed.Count > 0 && !explained.Exists(t => changed.Exists(x => facts.States(t.Text, x.Got)))) continue;
            // A relative word must show up as another value of the task's form in what the workers returned (2022's census).
            if (changed.Count == 0 && relative.Count > 0 && kept < 2 && !explained.Exists(t => relative.Exists(r => facts.FactsOf(t.Text).Any(f =>
                    f.Kind == r.Asked.Kind && f.Key != r.Asked.Key && Shape(f) == Shape(r.Asked) && (f.Kind != FactKind.Number || f.Dimension == r.Asked.Dimension) && !facts.States(task.Text, f)))))
            {
                continue;
            }

            var what = changed.Count > 0
                ? $"asks about {changed[0].Got.Written} where the task asks about {changed[0].Asked.Written}"
                : relative.Count > 0
                    ? $"asks about {relative[0].Phrase} where the task asks about {relative[0].Asked.Written}"
                    : $"leaves out what the task requires ({Listed(dropped)})";
            var quote = changed.Count > 0 ? changed[0].Got.Written : relative.Count > 0 ? relative[0].Phrase : Quote.Cut(OwnLine(own, addressed, taskWords));
            return context.CreateFinding(new DroppedConstraintDetector(), turn.Span, "Task Orchestration",
                $"{turn.Agent}'s {(own.Contains("plan", StringComparison.OrdinalIgnoreCase) ? "plan" : "instruction")} {what}, and{Redirected}: {string.Join(", ", addressed)} answered the question {(addressed.Count == 1 ? "it was" : "they were")} given.",
                [new Evidence(turn.Span.SpanId, turn.Source, quote), new Evidence(task.Span.SpanId, task.Source, (changed.Count > 0 ? changed[0].Asked : relative.Count > 0 ? relative[0].Asked : dropped[0]).Written)], 0.5)
                with { Explains = explained.Select(t => t.Span.SpanId).ToArray(), Basis = AttributionBasis.Inference };
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:latest|most\s+recent|newest|current)\s+(?:available\s+)?(\p{L}+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeWord();

    // A sentence that says what the team must find: "We need the depth of ...", "The goal is to find ...".
    [GeneratedRegex(@"(?:^|[.!?]\s+|\n)[-*•\s]*(?:we (?:need|must (?:find|determine|identify))|we are (?:asked|looking) (?:to|for)|the (?:goal|task|question|request) is(?: to)?|the user (?:wants|asks for|needs))\b[^.!?\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NeedSentence();

    /// <summary>
    /// True when the turn has a sentence that says what the team must find, in three or more words of the task's sentence
    /// that holds a value it dropped ("Among the steel-hulled wrecks lost between 1900 and 1909 ..., what is the depth of
    /// the deepest one?"), and states none of the values it dropped. A value of another sentence of the task (a format
    /// asked for the answer) is no part of the question restated.
    /// </summary>
    private static bool RestatesWithout(FactIndex facts, string own, string task, List<Fact> dropped)
    {
        foreach (Match m in NeedSentence().Matches(own))
        {
            if (dropped.Exists(c => facts.States(m.Value, c))) continue;
            var need = Words(m.Value);
            foreach (var c in dropped)
            {
                if (c.Index >= task.Length) continue;
                var asked = Words(Requests.Sentence(task, c.Index));
                asked.IntersectWith(need);
                if (asked.Count >= 3) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The phrase of <paramref name="own"/> that asks for the latest, most recent, newest or current member of the thing
    /// the task's value picks out ("the latest census" where the task says "the 2011 census" or "the census of 2011"); null
    /// when it has none.
    /// </summary>
    private static string? Relative(string task, string own, Fact value)
    {
        var at = task.IndexOf(value.Written, StringComparison.Ordinal);
        if (at < 0) return null;
        var nouns = new List<string>();
        // The word after the value ("2011 census"), and the word before "of/for/in" and the value ("census of 2011").
        var after = ContentWord().Match(task, at + value.Written.Length);
        if (after.Success && task.AsSpan(at + value.Written.Length, after.Index - at - value.Written.Length).Trim().IsEmpty) nouns.Add(Stem(after.Value));
        var before = task[..at].TrimEnd();
        foreach (var link in (string[])["of", "for", "in"])
        {
            if (!before.EndsWith(" " + link, StringComparison.OrdinalIgnoreCase)) continue;
            var words = ContentWord().Matches(before[..^link.Length]);
            if (words.Count > 0) nouns.Add(Stem(words[^1].Value));
        }

        if (nouns.Count == 0) return null;
        foreach (Match m in RelativeWord().Matches(own))
        {
            if (nouns.Contains(Stem(m.Groups[1].Value))) return m.Value;
        }

        return null;
    }

    /// <summary>The line of a coordinator's own words that hands the task on: the first that names a worker and shares two of the task's words, else the first that says anything.</summary>
    private static string OwnLine(string own, List<string> workers, HashSet<string> taskWords)
    {
        string? first = null;
        foreach (var raw in own.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            first ??= line;
            if (workers.Exists(w => line.Contains(w, StringComparison.Ordinal)) && ContentWord().Matches(line).Count(m => taskWords.Contains(Stem(m.Value))) >= 2) return line;
        }

        return first ?? own.Trim();
    }

    private static bool IsCoordinator(AgentTurn turn) => turn.Agent is { } agent && OrchestratorAgent().IsMatch(agent);

    /// <summary>
    /// True for a tool that is an agent (a sub-agent called as a tool: an <c>invoke_agent</c> span inside the tool's
    /// execution): what the caller passed it is a delegation of the task, and a question that loses a constraint hands
    /// the sub-agent another task.
    /// </summary>
    internal static bool RunsAnAgent(TraceView view, ToolCall call)
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

    /// <summary>The first retrieval (retriever span or search-like tool call) that returned another document than the task asked about, when a later turn used it.</summary>
    private static Finding? WrongDocument(DetectionContext context, SourcedText task, List<Fact> constraints)
    {
        var facts = context.Facts;
        var view = context.View;
        var retrievals = new List<(Span Span, List<(Span Span, string Source, string Text)> Returned)>();
        foreach (var g in view.Spans)
        {
            var kind = g.Span.Attributes.GetString("openinference.span.kind", "langsmith.run_type", "langfuse.observation.type", "mlflow.spanType");
            if (kind is null || !kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)) continue;
            var returned = new List<(Span, string, string)>();
            foreach (var t in facts.TextsOf(g.Span))
            {
                if (t.Source.Contains("input", StringComparison.Ordinal) || t.Source.Contains("embedding", StringComparison.Ordinal)) continue;
                returned.Add((g.Span, t.Source, t.Text));
            }

            if (returned.Count > 0) retrievals.Add((g.Span, returned));
        }

        foreach (var call in view.ToolCalls.Calls)
        {
            // Only a tool that ran as its own span can be cited for what it brought back.
            if (!RetrievalTool().IsMatch(call.Name) || call.Execution?.Span is not { } executed || call.Results.Count == 0) continue;
            if (call.Results.Any(r => ErrorPayload.Find(r) is not null)) continue;
            retrievals.Add((executed, call.Results.Select(r => (r.Span, r.Source, r.Text)).ToList()));
        }

        foreach (var (span, returned) in retrievals.OrderBy(r => view.Rank(r.Span)))
        {
            // The task's values of a checkable form that nothing returned states, each with a returned value of the same form in its place.
            var replaced = new List<(Fact Asked, Fact Got, Span Span, string Source)>();
            foreach (var c in constraints)
            {
                if (c.Kind == FactKind.Name || returned.Exists(r => facts.States(r.Text, c))) continue;
                // A count the task gives (40 chairs to order) is no value of a record's fields ("stock_qty": 22): a record
                // holds how many there are, not what it is about. A document's prose may set one against it ("Maximum 12
                // guests" for 18 adults).
                var count = c.IsBareNumber && c.Value is < 1900 or > 2100;
                foreach (var (at, source, text) in returned)
                {
                    if (count && text.AsSpan().TrimStart() is [ '{' or '[', ..]) continue;
                    var other = facts.FactsOf(text).FirstOrDefault(f => f.Kind == c.Kind && f.Key != c.Key && Shape(f) == Shape(c) && (f.Kind != FactKind.Number || f.Dimension == c.Dimension));
                    if (other is null) continue;
                    replaced.Add((c, other, at, source));
                    break;
                }
            }

            if (replaced.Count == 0) continue;
            // A later turn answered with what came back: a fact of its output first seen in the retrieval's results.
            var rank = view.Rank(span);
            var user = context.Turns.All.FirstOrDefault(t => view.Rank(t.Span) > rank && !t.IsObservation && facts.StatedBy(t.Span).Any(st =>
                st.Supported && st.Fact.Kind != FactKind.Name && facts.FirstSeen(st.Fact.Key) is { } first && returned.Exists(r => ReferenceEquals(r.Span, first.Span) && r.Source == first.Source)));
            if (user is null) continue;
            var (asked, got, gotSpan, gotSource) = replaced[0];
            return context.CreateFinding(new DroppedConstraintDetector(), span, "Poor Information Retrieval",
                $"The retrieval returned a document about {got.Written} where the task asks about {asked.Written}, and {(user.Agent ?? "the answer")} used it; what comes back answers another question.",
                [new Evidence(gotSpan.SpanId, gotSource, got.Written), new Evidence(task.Span.SpanId, task.Source, asked.Written)], 0.7)
                with { Explains = [user.Span.SpanId], Basis = AttributionBasis.Inference };
        }

        return null;
    }

    /// <summary>
    /// The first search-like tool call whose query is about the task (it shares its words or values) but names another
    /// entity than the one the task names: the task asks about Contoso (a name written with a capital that is not the
    /// first word of a sentence) and the query asks about Fabrikam, a capitalised name that neither the task nor the
    /// instructions the writer was given contain, and the query names nothing of the task's entity. What came back must
    /// not name the task's entity either (a search that found it anyway did no harm). The model call that wrote the query
    /// is cited: the wrong entity entered there.
    /// </summary>
    private static Finding? WrongEntity(DetectionContext context, SourcedText task, List<Fact> constraints, HashSet<string> taskWords)
    {
        var entities = ProperNames(task.Text, sentences: true);
        if (entities.Count == 0) return null;
        var facts = context.Facts;
        var known = task.Text.ToLowerInvariant();
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } writer || !RetrievalTool().IsMatch(call.Name)) continue;
            if (call.Results.Count == 0 || call.Results.Any(r => r.ErrorPayload is not null)) continue;
            var query = ArgumentValues(args.Text);
            var lower = query.ToLowerInvariant();
            if (entities.Exists(e => lower.Contains(e.ToLowerInvariant(), StringComparison.Ordinal))) continue;
            // About the task: two of its words or values.
            var shared = constraints.Count(c => facts.States(args.Text, c));
            foreach (Match m in ContentWord().Matches(query))
            {
                if (taskWords.Contains(Stem(m.Value))) shared++;
            }

            if (shared < 2) continue;
            var instructions = string.Join("\n", writer.InputMessages.Where(m => m.Role == "system").Select(m => m.Text)).ToLowerInvariant();
            var named = ProperNames(query, sentences: false).FirstOrDefault(n => !known.Contains(n.ToLowerInvariant(), StringComparison.Ordinal)
                && !instructions.Contains(n.ToLowerInvariant(), StringComparison.Ordinal));
            if (named is null) continue;
            if (call.Results.Any(r => entities.Exists(e => r.Text.Contains(e, StringComparison.OrdinalIgnoreCase)))) continue;
            return context.CreateFinding(new DroppedConstraintDetector(), writer.Span, "Poor Information Retrieval",
                $"The query sent to {call.Name} asks about {named} where the task asks about {entities[0]}; what comes back answers another question.",
                [new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), new Evidence(task.Span.SpanId, task.Source, entities[0])], 0.7)
                with { Explains = call.ExecutionSpan is { } executed ? [executed.SpanId] : [], Basis = AttributionBasis.Inference };
        }

        return null;
    }

    // The string values of a tool call's JSON arguments joined (the query a search was given), or the text itself.
    private static string ArgumentValues(string arguments)
    {
        if (!JsonContent.TryParseStructured(arguments, out var root)) return arguments;
        var values = new List<string>();
        var stack = new Stack<System.Text.Json.JsonElement>([root]);
        while (stack.Count > 0 && values.Count < 64)
        {
            var e = stack.Pop();
            if (e.ValueKind == System.Text.Json.JsonValueKind.Object) foreach (var p in e.EnumerateObject()) stack.Push(p.Value);
            else if (e.ValueKind == System.Text.Json.JsonValueKind.Array) foreach (var i in e.EnumerateArray()) stack.Push(i);
            else if (e.ValueKind == System.Text.Json.JsonValueKind.String) values.Add(e.GetString() ?? "");
        }

        return string.Join(" ", values);
    }

    /// <summary>
    /// The task's constraints a query leaves out (see <see cref="Dropped"/>), but for the values of a party the query does
    /// not search for: a search for one of the parties the task names is not asked to carry another party's number.
    /// </summary>
    private static List<Fact>? QueryDropped(FactIndex facts, string query, string values, List<Fact> constraints, HashSet<string> taskWords, string task)
    {
        var dropped = Dropped(facts, query, constraints, taskWords);
        dropped?.RemoveAll(d => OwnedByAnother(task, values, d) || CountOfSought(task, values, d));
        return dropped;
    }

    [GeneratedRegex(@"query|^q$|text|search|keyword|term|prompt|question|filter|input|request", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeTextParameter();

    [GeneratedRegex(@"id$|_id|Id$|number|num$|no$|ref|code|account|tag|sku|reg|plate|isbn", RegexOptions.CultureInvariant)]
    private static partial Regex IdParameter();

    [GeneratedRegex(@"date|day|from|start|until|end|when|time|period|month|year|week|since|before|after", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateParameter();

    /// <summary>
    /// True when the tool's definition declares its parameters, none takes free text (a query, keywords, a filter), and
    /// none is of the value's kind: no id, number or reference field for an identifier, no date or time field for a date, no
    /// field for a measure or an amount for a number with a unit or a currency.
    /// </summary>
    private static bool NoFieldFor(IReadOnlyList<string>? declared, Fact constraint)
    {
        if (declared is null || declared.Any(p => FreeTextParameter().IsMatch(p))) return false;
        return constraint.Kind switch
        {
            FactKind.Identifier => !declared.Any(p => IdParameter().IsMatch(p)),
            FactKind.Date => !declared.Any(p => DateParameter().IsMatch(p)),
            // A measure or an amount ("about 3 cm", "under £50") is a term only of a tool with a field for one.
            FactKind.Number when constraint.Dimension.Length > 0 => !declared.Any(p => MeasureParameter().IsMatch(p)),
            _ => false,
        };
    }

    /// <summary>
    /// True when an answer the querying call had been given (its history) computed with the measure: "for 32 m² you'd
    /// need 32 × 2 ÷ 14 = 4.6 litres". The measure was worked into how much to get before the search; it is no term of
    /// what to search for.
    /// </summary>
    // A result holds a constraint it states, and a year it gives dates of (a rate card "effective 2024-01-01" for a
    // question about March 2024).
    private static bool Holds(FactIndex facts, string result, Fact constraint)
    {
        if (facts.States(result, constraint)) return true;
        if (constraint.Kind != FactKind.Number || constraint.Dimension.Length != 0 || constraint.Value is < 1000 or > 2999 || constraint.Value != decimal.Truncate(constraint.Value)) return false;
        var prefix = "d:" + ((int)constraint.Value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return facts.FactsOf(result).Exists(f => f.Kind == FactKind.Date && f.Key.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static bool ComputedWith(GenAiSpan? asker, Fact measure)
    {
        if (asker is null || measure is not { Kind: FactKind.Number, Dimension.Length: > 0 }) return false;
        var value = Facts.Canonical(measure.Value);
        foreach (var m in asker.InputMessages)
        {
            if (m.Role != "assistant") continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
                {
                    if ((at == 0 || !char.IsAsciiDigit(text[at - 1])) && Operand().IsMatch(text, at)) return true;
                }
            }
        }

        return false;
    }

    // A number an expression works with: "32 × 2", "32m² x 2", "32 * 2 / 14".
    [GeneratedRegex(@"\G\d+(?:\.\d+)?\s?(?:m²|m2|m|ft²|sq ?ft|sq ?m)?\s*[×x*÷/]\s*\d", RegexOptions.CultureInvariant)]
    private static partial Regex Operand();

    /// <summary>True when every argument is a key that names one record: an email, a phone number, an id or a reference.</summary>
    private static bool ByKey(SourcedText args)
    {
        if (args.Json is not { ValueKind: System.Text.Json.JsonValueKind.Object } json) return false;
        var any = false;
        foreach (var p in json.EnumerateObject())
        {
            if (!KeyParameter().IsMatch(p.Name) || p.Value.ValueKind is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number)) return false;
            any = true;
        }

        return any;
    }

    [GeneratedRegex(@"^(?:e_?mail(?:_?address)?|phone|mobile|(?:\w+_)?id|\w+Id|\w+_(?:ref|reference|number|no)|\w+(?:Ref|Reference|Number))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyParameter();

    // A field that takes a measure or an amount.
    [GeneratedRegex(@"amount|price|cost|budget|fare|fee|max|min|size|length|width|height|depth|weight|measure|dimension|distance|duration|qty|quantity|count|limit|total|value|range|capacity|cm|mm|kg|km|miles|percent|rate|radius", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeasureParameter();

    // A preference the task states as one: "Ideally under £1,800", "preferably before noon", "under £50 if possible".
    [GeneratedRegex(@"\b(?:ideally|preferably|if possible|if we can|would be nice|nice to have|would prefer|we'd prefer|i'd prefer)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Preference();

    /// <summary>
    /// True when the task writes the value as a preference, not a requirement: "ideally", "preferably" or "if possible" in
    /// its clause. A search may widen it (a budget of £2,200 for "ideally under £1,800") without leaving the task.
    /// </summary>
    // A person's age as the task gives it: "my nephew is 11", "aged 11", "an 11-year-old".
    [GeneratedRegex(@"\b(?:is|aged?|turns|turning|just)\s+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeBefore();

    [GeneratedRegex(@"^[- ](?:years?[- ]old|yrs?[- ]old|yo)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeAfter();

    [GeneratedRegex(@"\bages?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeWord();

    /// <summary>
    /// True when the constraint is someone's age ("my nephew is 11") and the query asks about age ("minimum age
    /// children"): it looks up the rule the age is to be checked against, which does not hold the age itself.
    /// </summary>
    private static bool AgeAsked(string task, Fact constraint, string query)
    {
        if (constraint.Kind != FactKind.Number || constraint.Dimension.Length != 0 || constraint.Value is < 1 or > 120 || constraint.Index > task.Length || !AgeWord().IsMatch(query)) return false;
        var before = task.AsSpan(Math.Max(0, constraint.Index - 12), Math.Min(constraint.Index, 12)).ToString();
        var after = task.AsSpan(constraint.Index + constraint.Written.Length, Math.Min(12, task.Length - constraint.Index - constraint.Written.Length)).ToString();
        return AgeBefore().IsMatch(before) || AgeAfter().IsMatch(after);
    }

    private static bool Soft(string task, Fact constraint)
    {
        if (constraint.Index > task.Length) return false;
        var start = Math.Max(0, constraint.Index - 40);
        var end = Math.Min(task.Length, constraint.Index + constraint.Written.Length + 20);
        var around = task.AsSpan(start, end - start);
        foreach (var m in Preference().EnumerateMatches(around))
        {
            // Within the value's own clause: no sentence end between them.
            var from = Math.Min(start + m.Index, constraint.Index);
            var to = Math.Max(start + m.Index, constraint.Index);
            if (!SentenceEnd().IsMatch(task.AsSpan(from, to - from).ToString())) return true;
        }

        return false;
    }

    /// <summary>
    /// True when the constraint is a bare count of the very thing the query looks for ("40 ergonomic task chairs" beside a
    /// search for "ergonomic task chair"): how many to get is no property of which one to find.
    /// </summary>
    private static bool CountOfSought(string task, string query, Fact constraint)
    {
        // A count stands right before the noun it counts; a year is no count.
        if (!constraint.IsBareNumber || constraint.Value is >= 1900 and <= 2100) return false;
        var after = constraint.Index + constraint.Written.Length;
        if (after + 1 >= task.Length || task[after] != ' ' || ContentWord().Match(task, after + 1) is not { Success: true } next || next.Index != after + 1) return false;
        var stem = Stem(next.Value);
        return stem.Length >= 4 && query.Contains(stem, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when what the query leaves out describes a thing another call of the run looked up by its identifier (any call
    /// before the query, a reading one after it): the task names it by an id (a registration, an order number, a licence) that the other call's arguments carry,
    /// and every other value left out sits beside that id in the same clause ("my 2019 VW Golf 1.5 TSI, reg LK19 XRA").
    /// The id settled which thing it is; a later query for something else (a slot, a price) has no use for its details.
    /// A task may name several things by id (a card number and a request reference): each value left out is accounted for
    /// by one of them.
    /// </summary>
    private static bool ResolvedEarlier(FactIndex facts, string task, List<Fact> dropped, IReadOnlyList<ToolCall> calls, int before)
    {
        List<Fact>? resolved = null;
        foreach (var id in dropped)
        {
            // An identifier, or a contact or card number (a bare run of five digits or more, "07700 900418", "2001 4487 2210").
            var number = id is { Kind: FactKind.Number, IsBareNumber: true } && id.Written.Count(char.IsAsciiDigit) >= 5;
            if (id.Kind != FactKind.Identifier && !number) continue;
            var digits = number ? DigitsOf(id.Written).TrimStart('0') : "";
            var passed = false;
            for (var k = 0; k < calls.Count && !passed; k++)
            {
                // Before the query, any call that carried it; after it, a lookup by it (not an action that merely records it).
                passed = k != before && (k < before || ToolNames.Reads(calls[k].Name)) && calls[k].Arguments is { } earlier && (facts.States(earlier.Text, id) || StartsAWord(earlier.Text, id.Written)
                                                               || (number && DigitsOf(earlier.Text).Contains(digits, StringComparison.Ordinal)));
            }

            if (passed) (resolved ??= []).Add(id);
        }

        // Every value left out is an id an earlier call looked up, or sits beside one in the same clause.
        return resolved is not null && dropped.TrueForAll(d => resolved.Exists(id => d == id
            || (Math.Abs(d.Index - id.Index) <= 60 && !SentenceEnd().IsMatch(task.AsSpan(Math.Min(d.Index, id.Index), Math.Abs(d.Index - id.Index)).ToString()))));
    }

    // The digits of a text, nothing else: a number written with spaces, dashes or a country code ("+447700900418").
    private static string DigitsOf(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    // The id begins a word of the text: "LK19" (the task wrote "LK19 XRA") in an argument "LK19XRA".
    private static bool StartsAWord(string text, string id)
    {
        for (var at = text.IndexOf(id, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(id, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1])) return true;
        }

        return false;
    }

    /// <summary>
    /// True when the task writes the constraint as a detail of one party's name ("Harlow Ridge Developments Ltd (company no.
    /// 08817342)") and the query names another party of the task, not that one: the value is the other party's.
    /// </summary>
    private static bool OwnedByAnother(string task, string query, Fact constraint)
    {
        var names = ProperNames(task, sentences: true);
        string? owner = null;
        var ownerEnd = -1;
        foreach (var name in names)
        {
            for (var at = task.IndexOf(name, StringComparison.Ordinal); at >= 0 && at + name.Length <= constraint.Index; at = task.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                if (at + name.Length > ownerEnd) (owner, ownerEnd) = (name, at + name.Length);
            }
        }

        // The value belongs to the name it follows closely, set off as the name's own detail ("(company no. ...", ", reg.
        // ..."), inside one clause; a value the sentence goes on to ("... Web Summit week under €180") is the task's.
        if (owner is null || constraint.Index - ownerEnd > 30) return false;
        var gap = task.AsSpan(ownerEnd, constraint.Index - ownerEnd);
        if (gap.TrimStart().IndexOfAny('(', '[', ',') != 0 || SentenceEnd().IsMatch(gap)) return false;
        if (query.Contains(owner, StringComparison.OrdinalIgnoreCase)) return false;
        return names.Exists(n => n != owner && !owner.Contains(n, StringComparison.Ordinal) && query.Contains(n, StringComparison.OrdinalIgnoreCase));
    }

    // Where a sentence or clause ends between a name and a value ("no. 08817342" is an abbreviation, not an end).
    [GeneratedRegex(@"[?!;\n]|\.\s+\p{Lu}")]
    private static partial Regex SentenceEnd();

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "please", "thanks", "hello",
    };

    /// <summary>
    /// Names written with a capital: runs of capitalised words (Bergen Flesland, Contoso), a possessive dropped. In prose
    /// (sentences) the first word of a sentence is no name; acronyms (EU, API), months and weekdays are none.
    /// </summary>
    private static List<string> ProperNames(string text, bool sentences)
    {
        var names = new List<string>();
        var i = 0;
        var sentenceStart = true;
        var run = new List<string>();
        void Flush()
        {
            if (run.Count > 0 && !names.Contains(string.Join(" ", run))) names.Add(string.Join(" ", run));
            run.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetter(c))
            {
                if (c is '.' or '?' or '!' or '\n' or ':' or ';') sentenceStart = true;
                if (!(c == ' ' && run.Count > 0)) Flush();
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || (text[i] == '-' && i + 1 < text.Length && char.IsLetter(text[i + 1])))) i++;
            var word = text[start..i];
            if (i + 1 < text.Length && text[i] is '\'' or '’' && text[i + 1] == 's') i += 2;
            var titled = word.Length >= 3 && char.IsUpper(word[0]) && word.Skip(1).Any(char.IsLower) && !NotNames.Contains(word);
            var first = sentences && sentenceStart;
            sentenceStart = false;
            if (titled && !first) run.Add(word);
            else Flush();
        }

        Flush();
        return names;
    }

    /// <summary>
    /// A worker's report of what it did (a browsing agent's "I typed ..., opened the dataset, clicked 'Filter' and applied
    /// the filters from the request: ...") keeps the work it was given but leaves out a value of the task that the
    /// instruction it answered gave (ZIP code 47403), and the page it then shows holds values of the same form that the
    /// task does not name (47401): it did other work than it was asked, and what the team counted from there answered
    /// another question. Null when no worker's report does so.
    /// </summary>
    private static Finding? WorkerAction(DetectionContext context, SourcedText task, List<Fact> constraints, HashSet<string> taskWords)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent || constraints.Count == 0) return null;
        var facts = context.Facts;
        var all = turns.All;
        for (var i = 1; i < all.Count; i++)
        {
            var t = all[i];
            if (!t.IsObservation || t.IsExecutionOutput || t.Agent is null || !t.Text.StartsWith("I ", StringComparison.Ordinal)) continue;
            var end = t.Text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var action = t.Text[..end];
            // A choice of what to work on (a result clicked, a file opened, filters applied, a search typed), not a move
            // within a page (scrolling, finding a word on it).
            if (!WorkerChoice().IsMatch(action)) continue;
            AgentTurn? instruction = null;
            for (var j = i - 1; j >= 0 && instruction is null; j--)
            {
                if (IsCoordinator(all[j]) && !AgentTurns.NextSpeakerNote(all[j]) && !all[j].Text.Contains("\"is_request_satisfied\"", StringComparison.Ordinal)) instruction = all[j];
            }

            if (instruction is null) continue;
            var given = constraints.Where(c => c.Kind is FactKind.Number or FactKind.Identifier && facts.States(instruction.Text, c)).ToList();
            if (given.Count == 0 || Dropped(facts, action, given, taskWords) is not { Count: > 0 } dropped) continue;
            var page = t.Text[end..];
            foreach (var c in dropped)
            {
                var other = facts.FactsOf(page).FirstOrDefault(f => f.Kind == c.Kind && f.Key != c.Key && Shape(f) == Shape(c) && (f.Kind != FactKind.Number || f.Dimension == c.Dimension)
                                                                     && !facts.States(task.Text, f));
                if (other is null) continue;
                // What the team did from this page on, until someone states the value again.
                var explained = new List<string> { t.Span.SpanId };
                for (var k = i + 1; k < all.Count && !facts.States(all[k].Text, c); k++) explained.Add(all[k].Span.SpanId);
                return context.CreateFinding(new DroppedConstraintDetector(), t.Span, "Instruction Non-compliance",
                    $"{t.Agent}'s report of what it did leaves out {c.Written}, which {instruction.Agent}'s instruction gave, and{Redirected}: the page it showed holds {other.Written}.",
                    [new Evidence(t.Span.SpanId, t.Source, ErrorText.LineAround(t.Text, 0)), new Evidence(instruction.Span.SpanId, instruction.Source, c.Written),
                     new Evidence(t.Span.SpanId, t.Source, other.Written)], 0.65) with { Basis = AttributionBasis.Inference, Explains = explained };
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:clicked|opened|selected|chose|applied|filtered|searched)\b|\btyped '[^'\n]*' into (?:the )?(?:'?search|browser address)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WorkerChoice();

    /// <summary>The form of a written value: digits as 9, letters as A (2025 and 2024, Q3 2025 and Q3 2024, LH 2041 and LH 2014 share one).</summary>
    private static string Shape(Fact fact)
    {
        var text = fact.Kind == FactKind.Date ? fact.Key : fact.Written;
        var shape = new char[text.Length];
        for (var i = 0; i < text.Length; i++) shape[i] = char.IsAsciiDigit(text[i]) ? '9' : char.IsLetter(text[i]) ? 'A' : text[i];
        return new string(shape);
    }

    private static Finding Finding(DetectionContext context, Span cited, Evidence query, SourcedText task, List<Fact> dropped, string summary, double confidence, Span? symptom) =>
        context.CreateFinding(new DroppedConstraintDetector(), cited, "Poor Information Retrieval", summary + "; what comes back answers another question.",
            [query, new Evidence(task.Span.SpanId, task.Source, dropped[0].Written)], confidence)
        with { Explains = symptom is null ? [] : [symptom.SpanId], Basis = AttributionBasis.Inference };

    // The words that put an hour before it: "before 11", "after 4", "by 9".
    [GeneratedRegex(@"\b(?:before|after|by|until|till|from|at|around|past)\s+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BeforeAnHour();

    /// <summary>
    /// True for a bare number the task gives as an hour of the day ("before 11", "after 4pm"): it limits which time is
    /// chosen, not what a lookup is for, so no query is expected to carry it.
    /// </summary>
    private static bool HourOfDay(string task, Fact f)
    {
        if (f.Kind != FactKind.Number || f.Dimension.Length > 0 || f.Value is < 0 or > 24 || f.Value != decimal.Truncate(f.Value) || f.Index > task.Length) return false;
        var after = task.AsSpan(Math.Min(task.Length, f.Index + f.Written.Length)).TrimStart();
        if (after.StartsWith("am", StringComparison.OrdinalIgnoreCase) || after.StartsWith("pm", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("a.m.", StringComparison.OrdinalIgnoreCase) || after.StartsWith("p.m.", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("o'clock", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The clock the answer is written in ("in 24-hour HH:MM format", "12-hour time"): a form for the answer, not a value
        // the question turns on.
        var clock = task.AsSpan(Math.Min(task.Length, f.Index + f.Written.Length));
        if ((f.Value is 12 or 24) && (clock.StartsWith("-hour", StringComparison.OrdinalIgnoreCase) || clock.StartsWith(" hour", StringComparison.OrdinalIgnoreCase) || clock.StartsWith("h ", StringComparison.OrdinalIgnoreCase))) return true;

        return BeforeAnHour().IsMatch(task.AsSpan(Math.Max(0, f.Index - 12), Math.Min(12, f.Index)));
    }

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
