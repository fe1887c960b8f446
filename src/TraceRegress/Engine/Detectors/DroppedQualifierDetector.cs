using System.Text.RegularExpressions;
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
internal sealed partial class DroppedQualifierDetector : IDetector
{
    public const string DetectorId = "dropped-qualifier";

    public string Id => DetectorId;

    private const double ContradictedConfidence = 0.7;

    /// <summary>True for a finding of this detector where something said the opposite of the qualifier left out.</summary>
    public static bool Contradicted(Finding finding) => finding.Detector == DetectorId && finding.Confidence >= ContradictedConfidence;

    public int Priority => 59;

    // A parameter for free text: a query, a question, keywords, a filter expression, notes.
    [GeneratedRegex(@"query|^q$|text|search|keyword|term|prompt|question|description|filter|note|message|input|request|instruction", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FreeText();

    // A word of four letters or more that a parameter's name and the qualifier share, a plural s aside (non_stop, nonstop).
    private static bool SharesAWord(string parameter, string qualifier)
    {
        var written = qualifier.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (Match m in NameWords.Word().Matches(parameter))
        {
            var w = m.Value.ToLowerInvariant().TrimEnd('s');
            if (w.Length >= 4 && (qualifier.Contains(w, StringComparison.OrdinalIgnoreCase) || written.Contains(w, StringComparison.OrdinalIgnoreCase))) return true;
        }

        return parameter.Replace("_", "", StringComparison.Ordinal).Contains(written, StringComparison.OrdinalIgnoreCase);
    }


    public DetectorStanding Standing => DetectorStanding.AgentReport;

    private sealed record Step(Span Writer, Span Holder, Evidence Quote, string Text, IReadOnlyList<SourcedText> Returned, IReadOnlyList<Span> Symptoms, bool Instruction, string What)
    {
        /// <summary>Harm shows only where something says the opposite of what it left out.</summary>
        public bool Strict { get; init; }

        /// <summary>The parameters the tool's definition declares, for a tool call whose tool was defined; null otherwise.</summary>
        public IReadOnlyList<string>? Parameters { get; init; }
    }

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        // A group chat opens with the task and the manager's restatement of it: the task is what comes before, and the
        // restatement hands it on to the team like an orchestrator's instruction.
        var opening = context.Turns.TaskTurn;
        var brief = opening is null ? -1 : ManagerBrief(opening.Text);
        var cut = ManagerBrief(task.Text);
        var taskText = cut > 0 ? task.Text[..cut] : task.Text;
        var taskWords = Qualifiers.Tokenize(taskText);
        var requests = Qualifiers.Requests(taskWords);
        // A question qualifies what it asks about as a request does; a drop from it shows only where something said the opposite.
        var questions = Qualifiers.Questions(taskWords, taskText, requests);
        var strict = new HashSet<string>(StringComparer.Ordinal);
        var situations = Qualifiers.Situations(taskText);
        // A negated relative clause ("that does not need to be booked in advance") is dropped only by a plan or an
        // instruction, and the harm shows only where the answer's own line says what it excludes ("Booking essential").
        var clauses = Qualifiers.NegatedClauses(taskText);
        foreach (var c in clauses) strict.Add(c.Written);
        if (requests.Count == 0 && questions.Count == 0 && situations.Count == 0 && clauses.Count == 0) yield break;

        var steps = Steps(context, task);
        if (opening is not null && brief > 0)
        {
            var text = opening.Text[brief..];
            var said = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? text.Trim();
            // The team worked from it: every later turn is what it explains.
            var team = context.Turns.All.Where(t => t.Position > opening.Position).Select(t => t.Span).ToList();
            steps.Add(new Step(opening.Span, opening.Span, new Evidence(opening.Span.SpanId, opening.Source, Quote.Cut(said)), text, [], team, true, "The manager's restatement of the task")
            {
                Strict = true,
            });
        }

        if (steps.Count == 0) yield break;
        var view = context.View;
        steps.Sort((a, b) => view.Rank(a.Holder).CompareTo(view.Rank(b.Holder)));
        var sets = steps.Select(s => new Qualifiers.WordSet(s.Text)).ToArray();
        var drops = new List<Qualifier>?[steps.Count];
        var final = AnswerTrail.Final(context.Turns, context.Facts);
        Qualifiers.WordSet? finalWords = null;

        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var dropped = Dropped(k);
            if (dropped.Count == 0) continue;

            var returned = step.Returned.Where(r => r.Text.Trim().Length > 0).Select(r => (r, new Qualifiers.WordSet(r.Text))).ToList();
            // A step that failed explains itself; the error rules read it.
            if (returned.Exists(r => r.r.ErrorPayload is not null)) continue;
            var harmed = new List<(Qualifier Q, Evidence? Against, bool Own)>();
            foreach (var q in dropped)
            {
                // A tool whose definition declares only fields (a category, a depot, a date), none for free text, takes no
                // words it has no field for ("from Tuesday", "from bridal prep"): the qualifier is no term of its query.
                if (step.Parameters is { } declared && !declared.Any(p => FreeText().IsMatch(p)) && !declared.Any(p => SharesAWord(p, q.Written))) continue;
                // Restored by a later query or instruction, or stated by what came back: no harm done.
                var restored = false;
                for (var later = k + 1; later < steps.Count && !restored; later++) restored = Keeps(sets[later], steps[later].Text, q);
                if (restored || returned.Exists(r => Keeps(r.Item2, r.r.Text, q))) continue;
                Evidence? against = null;
                var own = false;
                foreach (var (r, words) in returned)
                {
                    if (Qualifiers.Contradiction(words, r.Text, q) is { } quote)
                    {
                        against = new Evidence(r.Span.SpanId, r.Source, quote);
                        break;
                    }
                }

                // The step itself says the opposite ("add up the gross amounts" for a total excluding VAT), or widens what the
                // qualifier narrowed ("rank all countries" for a country in the Americas).
                if (against is null && !clauses.Contains(q) && (Qualifiers.Contradiction(sets[k], step.Text, q) ?? Widened(taskText, step.Text, q)) is { } itSays)
                {
                    against = new Evidence(step.Quote.SpanId, step.Quote.Source, itSays);
                    own = true;
                }

                // What the team answered says what the clause excludes, on the answer's own line of a later turn.
                if (against is null && clauses.Contains(q) && final?.Value is { Length: >= 3 } answer)
                {
                    foreach (var t in context.Turns.All)
                    {
                        if (view.Rank(t.Span) <= view.Rank(step.Holder) || Qualifiers.ClauseBroken(t.Text, answer, q) is not { } line) continue;
                        against = new Evidence(t.Span.SpanId, t.Source, line);
                        break;
                    }
                }

                if (against is null)
                {
                    // Nothing said the opposite: a question's qualifier, or a restatement's, has no harm to show.
                    if (step.Strict || strict.Contains(q.Written)) continue;
                    // Nothing came back against it: harm shows only in an answer that does not honour it.
                    if (final is null || view.Rank(final.Turn.Span) <= view.Rank(step.Holder)) continue;
                    finalWords ??= new Qualifiers.WordSet(final.Text);
                    if (Qualifiers.States(finalWords, final.Text, q)) continue;
                }

                harmed.Add((q, against, own));
            }

            if (harmed.Count == 0) continue;
            var pick = harmed.FindIndex(h => h.Against is not null);
            var (first, evidenceAgainst, saidByStep) = harmed[pick < 0 ? 0 : pick];
            // The qualifier was lost where it was first left out, after the last step that still handed it on: a search
            // that dropped it, followed by an instruction that did not restore it, lost it at the search.
            var origin = k;
            for (var m = k - 1; m >= 0; m--)
            {
                if (Keeps(sets[m], steps[m].Text, first)) break;
                if (Dropped(m).Exists(d => d.Written == first.Written)) origin = m;
            }

            var cited = steps[origin];
            var listed = string.Join(", ", harmed.Take(3).Select(h => $"\"{h.Q.Written}\""));
            var outcome = evidenceAgainst is not null ? $"; {(saidByStep ? "the step itself says" : "what came back says")} \"{evidenceAgainst.Quote}\""
                : harmed.Count > 1 ? "; the answer honours none of them" : "; the answer does not honour it";
            var evidence = new List<Evidence> { cited.Quote, new(task.Span.SpanId, task.Source, first.Written) };
            if (evidenceAgainst is not null) evidence.Add(evidenceAgainst);
            var symptoms = steps.Skip(origin).Take(k - origin + 1).SelectMany(s => s.Symptoms).Select(s => s.SpanId).Distinct().ToArray();
            yield return context.CreateFinding(this, cited.Writer, cited.Instruction ? "Instruction Non-compliance" : "Poor Information Retrieval",
                $"{cited.What} keeps what the task asks for but leaves out {listed}{outcome}.", evidence, evidenceAgainst is not null ? ContradictedConfidence : 0.6)
                with { Explains = symptoms, Basis = AttributionBasis.Inference };
            yield break;
        }

        bool Keeps(Qualifiers.WordSet words, string text, Qualifier q) => clauses.Contains(q) ? Qualifiers.ClauseKept(text, q) : Qualifiers.States(words, text, q);

        // The task's qualifiers a step leaves out while keeping what they qualify, read once per step.
        List<Qualifier> Dropped(int k)
        {
            if (drops[k] is { } known) return known;
            var found = requests.Count == 0 ? [] : Qualifiers.DroppedBy(taskText, taskWords, requests, sets[k], steps[k].Text);
            if (questions.Count > 0)
            {
                foreach (var q in Qualifiers.DroppedBy(taskText, taskWords, questions, sets[k], steps[k].Text))
                {
                    if (found.Exists(f => f.Written == q.Written)) continue;
                    found.Add(q);
                    strict.Add(q.Written);
                }
            }

            // Where the writer said they are, dropped from a step about their question.
            foreach (var situation in situations)
            {
                if (!Qualifiers.States(sets[k], steps[k].Text, situation)) found.Add(situation);
            }

            if (steps[k].Instruction)
            {
                foreach (var clause in clauses)
                {
                    if (Qualifiers.ClauseAbout(sets[k], clause) && !Qualifiers.ClauseKept(steps[k].Text, clause)) found.Add(clause);
                }
            }

            // About the task: it keeps two of its words (the object and one more), as the fact rule asks.
            if (found.Count > 0 && !AboutTask(taskWords, sets[k])) found.Clear();
            return drops[k] = found;
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

    // A web-browsing agent's report of what it typed into a search box.
    [GeneratedRegex(@"^\s*I typed '(?<q>[^'\n]{3,300})' into\b", RegexOptions.CultureInvariant)]
    private static partial Regex TypedQuery();

    // A group chat's opening: the task, then a heading under which the manager restates it with a plan.
    [GeneratedRegex(@"^#{1,3}[ \t]*Task and suggestions from (?:the )?manager\b", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ManagerHeading();

    /// <summary>Where the manager's restatement begins in a group chat's opening message; -1 when it has none.</summary>
    internal static int ManagerBrief(string text) => ManagerHeading().Match(text) is { Success: true, Index: > 0 } m ? m.Index : -1;

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

    /// <summary>
    /// Where a text widens what a place qualifier of the task narrowed: the task's "which country in the Americas" and the
    /// text's "all countries", "every country", "countries worldwide". The qualified word is the task's word in front of
    /// the qualifier. Null when the qualifier is no place phrase or the text does not widen it.
    /// </summary>
    internal static string? Widened(string taskText, string text, Qualifier q)
    {
        if (q.Excluding || q.Amount is not null || !q.Written.StartsWith("in ", StringComparison.OrdinalIgnoreCase)) return null;
        // A place is a name: "in the Americas", "in Texas"; "in megawatts" is a unit.
        if (!PlaceName().IsMatch(q.Written)) return null;
        var at = taskText.IndexOf(q.Written, StringComparison.Ordinal);
        if (at <= 0) return null;
        var before = LastWord().Match(taskText[..at]);
        if (!before.Success) return null;
        var head = before.Value.ToLowerInvariant();
        if (head.Length < 4 || Qualifiers.IsFunctionWord(head)) return null;
        var stem = head.EndsWith('y') ? Regex.Escape(head[..^1]) + "(?:y|ies)" : Regex.Escape(head) + "(?:e?s)?";
        var widened = new Regex($@"\b(?:all|every|each)\s+(?:(?:of\s+)?the\s+)?(?:[a-z]+\s+)?{stem}\b|\b{stem}\s+(?:worldwide|globally)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return widened.Match(text) is { Success: true } m ? m.Value : null;
    }

    [GeneratedRegex(@"^in\s+(?:the\s+)?\p{Lu}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceName();

    [GeneratedRegex(@"[A-Za-z]+(?=[^A-Za-z]*$)", RegexOptions.CultureInvariant)]
    private static partial Regex LastWord();

    // The plan's last step that says what to work out or report, else its last line: where a plan states what the team will answer.
    private static string PlanLine(string plan)
    {
        var lines = plan.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return lines.LastOrDefault(l => l.StartsWith('-') || l.StartsWith('*') || char.IsAsciiDigit(l[0])) ?? lines[^1];
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
            var parameters = ToolDeclarations.DeclaringSpan(view, call) is { } declaring && ToolDeclarations.Definition(declaring, call.Name) is { Parameters.Count: > 0 } definition ? definition.Parameters : null;
            steps.Add(new Step(writer, call.ExecutionSpan ?? writer, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), args.Text, call.Results,
                call.ExecutionSpan is { } executed ? [executed] : [], agent, what) { Parameters = parameters });
        }

        foreach (var g in view.Spans)
        {
            var kind = g.Span.Attributes.GetString("openinference.span.kind", "langsmith.run_type", "langfuse.observation.type", "mlflow.spanType");
            if (kind is null || !kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)) continue;
            if (g.Span.Attributes.GetString("input.value", "langsmith.inputs", "langfuse.input") is not { Length: > 0 } input) continue;
            var query = QueryOf(input);
            var writer = context.Turns.All.LastOrDefault(t => view.Rank(t.Span) < view.Rank(g.Span) && t.Text.Contains(query.Trim(), StringComparison.Ordinal));
            var quote = writer is null ? new Evidence(g.Span.SpanId, GenAiSpanReader.AttributeSource("input.value"), Quote.Cut(query)) : new Evidence(writer.Span.SpanId, writer.Source, Quote.Cut(writer.Text));
            var returned = context.Facts.TextsOf(g.Span).Where(t => !t.Source.Contains("input", StringComparison.Ordinal) && !t.Source.Contains("embedding", StringComparison.Ordinal))
                .Select(t => new SourcedText(g.Span, t.Source, t.Text)).ToList();
            steps.Add(new Step(writer?.Span ?? g.Span, g.Span, quote, query, returned, [g.Span], false, "The retrieval query"));
        }

        var turns = context.Turns;
        if (!turns.IsMultiAgent) return steps;
        var all = turns.All;
        // A worker's search, as a web-browsing agent reports it ("I typed '...' into the search box"): the results page
        // it then describes is what came back.
        foreach (var turn in all)
        {
            if (turn.IsExecutionOutput || turn.Agent is not { } agent || DroppedConstraintDetector.OrchestratorAgent().IsMatch(agent)) continue;
            if (TypedQuery().Match(turn.Text) is not { Success: true } typed) continue;
            var query = typed.Groups["q"].Value;
            if (query.Contains("://", StringComparison.Ordinal) || query.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) continue;
            var line = turn.Text.IndexOf('\n', typed.Index);
            var rest = line < 0 ? "" : turn.Text[(line + 1)..];
            steps.Add(new Step(turn.Span, turn.Span, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, typed.Index)), query,
                rest.Length == 0 ? [] : [new SourcedText(turn.Span, turn.Source, rest)], [turn.Span], false, $"{agent}'s search"));
        }

        // An orchestrator's plan: a turn that quotes the task and then says how the team will answer it (the fact sheet and
        // the plan). What follows the quoted task is the plan; the workers' turns until the orchestrator plans again are
        // what it led to.
        var asked = task.Text.Trim();
        foreach (var turn in all)
        {
            if (asked.Length < 20 || turn.Agent is not { } planner || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(planner)) continue;
            if (ReferenceEquals(turn, turns.TaskTurn) || ReferenceEquals(turn.Span, task.Span)) continue;
            var at = turn.Text.IndexOf(asked, StringComparison.Ordinal);
            if (at < 0) continue;
            var plan = turn.Text[(at + asked.Length)..];
            if (plan.Trim().Length < 80) continue;
            var line = PlanLine(plan);
            var led = all.Where(t => t.Position > turn.Position).TakeWhile(t => !(string.Equals(t.Agent, planner, StringComparison.Ordinal) && t.Text.Contains(asked, StringComparison.Ordinal)))
                .Select(t => t.Span).ToList();
            steps.Add(new Step(turn.Span, turn.Span, new Evidence(turn.Span.SpanId, turn.Source, Quote.Cut(line)), plan, [], led, true, $"{planner}'s plan"));
        }

        // An orchestrator's instructions to its workers; what they answered, until it speaks again, is what came back
        // (its own thoughts in between are not).
        for (var i = 0; i + 1 < all.Count; i++)
        {
            if (all[i].Agent is null || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(all[i].Agent!) || string.Equals(all[i + 1].Agent, all[i].Agent, StringComparison.Ordinal)) continue;
            // The last of the orchestrator's turns before a worker speaks; among them, the one addressed to the worker
            // ("Orchestrator (-> WebSurfer)") is the instruction, not a closing "Next speaker WebSurfer".
            var turn = all[i];
            for (var j = i; j >= 0 && string.Equals(all[j].Agent, turn.Agent, StringComparison.Ordinal); j--)
            {
                if (all[j].Span.Name.Contains("->", StringComparison.Ordinal))
                {
                    turn = all[j];
                    break;
                }
            }

            if (ReferenceEquals(turn, turns.TaskTurn) || ReferenceEquals(turn.Span, task.Span) || turn.Text.Length > 600) continue;
            if (turn.Text.Contains("\"is_request_satisfied\"", StringComparison.Ordinal)) continue;
            var replies = new List<AgentTurn>();
            for (var j = i + 1; j < all.Count && !string.Equals(all[j].Agent, turn.Agent, StringComparison.Ordinal); j++)
            {
                if (all[j].Agent is not { } by || !DroppedConstraintDetector.OrchestratorAgent().IsMatch(by)) replies.Add(all[j]);
            }

            steps.Add(new Step(turn.Span, turn.Span, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, 0)), turn.Text,
                replies.Select(r => new SourcedText(r.Span, r.Source, r.Text)).ToList(), replies.Select(r => r.Span).ToList(), true,
                $"{turn.Agent}'s instruction to {all[i + 1].Agent}"));
        }

        return steps;
    }
}
