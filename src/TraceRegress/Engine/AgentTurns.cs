using System.Text.RegularExpressions;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine;

/// <summary>
/// One span that carries an agent's output: a model call, an <c>invoke_agent</c> turn, an OpenInference AGENT/CHAIN/LLM
/// span, a LangSmith chain or llm run, a Langfuse generation, or a plain span with an output value. Tool executions are
/// not turns: they are evidence.
/// </summary>
/// <param name="G">The span's gen-ai view.</param>
/// <param name="Agent">The <c>gen_ai.agent.name</c> of the span or of its nearest agent ancestor; null when there is none.</param>
/// <param name="Text">What the turn said.</param>
/// <param name="Source">Where in the span the text was read.</param>
/// <param name="Position">Position among the trace's turns, in causal order.</param>
internal sealed partial record AgentTurn(GenAiSpan G, string? Agent, string Text, string Source, int Position)
{
    public Span Span => G.Span;

    /// <summary>True for a code-execution result (<c>exitcode: 1</c>, a terminal or executor agent's output).</summary>
    public bool IsExecutionOutput { get; init; }

    /// <summary>True when the turn reports what a tool-like agent saw (a terminal, a web or file surfer): its facts come from outside.</summary>
    public bool IsObservation { get; init; }

    [GeneratedRegex(@"^\s*(?:exitcode:\s*-?\d+|exit code:?\s*-?\d+|Code output:|Execution (?:result|output):|STDOUT:|STDERR:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex ExecutionOutputPattern();

    [GeneratedRegex(@"terminal|executor|interpreter|code_?exec|surfer|browser|computer", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex ToolLikeAgentPattern();

    [GeneratedRegex(@"terminal|executor|interpreter|code_?exec", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex ExecutorAgentPattern();

    /// <summary>An agent that coordinates the others rather than working on the task: an orchestrator, a group chat's manager, a planner.</summary>
    [GeneratedRegex(@"orchestrat|^(?:chat_?|group_?chat_?)?manager$|^(?:planner|supervisor|coordinator|router)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex CoordinatorAgentPattern();
}

/// <summary>The agent turns of a trace in causal order, with each span's agent and the task the run was given.</summary>
internal sealed partial class AgentTurns
{
    private static readonly string[] OutputKeys =
        ["output.value", "gen_ai.completion", "langfuse.output", "langsmith.outputs", "output", "llm.completion", "gen_ai.response.text", "completion", "response", "answer", "result"];

    private static readonly string[] InputKeys =
        ["input.value", "gen_ai.prompt", "langfuse.input", "langsmith.inputs", "input", "task", "question", "query", "prompt"];

    // Where a plain step records what it was handed: the keys above, and the function arguments OpenLLMetry's @task and
    // MLflow's spans record.
    private static readonly string[] StepInputKeys = [.. InputKeys, "traceloop.entity.input", "mlflow.spanInputs"];

    private readonly string?[] _agents;
    private readonly AgentTurn?[] _bySpan;

    public AgentTurns(TraceView view)
    {
        var spans = view.Trace.Spans;
        _agents = new string?[spans.Count];
        _bySpan = new AgentTurn?[spans.Count];

        // Spans are depth-first, so a parent's agent is known before its children's.
        foreach (var span in spans)
        {
            _agents[span.Index] = CitedSpan.OwnAgent(span) ?? (span.Parent is { } parent ? _agents[parent.Index] : null);
        }

        var ordered = spans.OrderBy(view.Rank).ToArray();
        var list = new List<AgentTurn>();
        // Causal order puts a span after everything inside it: whether a span holds a turn is known before its parent is seen.
        var holdsTurn = new bool[spans.Count];
        // A plain step around a tool run or a retrieval, with no turn inside (OpenLLMetry's @task around a vector query,
        // a graph's tool node): what it returns is what they returned, passed on, not words of its own.
        var holdsEvidence = new bool[spans.Count];
        // A span a recorded tool call ran as (a Langfuse SPAN named "tool:check_account_status" for the call): a tool run.
        var executed = new bool[spans.Count];
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.Execution?.Span is { } ran) executed[ran.Index] = true;
        }

        foreach (var span in ordered)
        {
            var g = view[span];
            if (span.Parent is { } up)
            {
                if (holdsTurn[span.Index]) holdsTurn[up.Index] = true;
                if (holdsEvidence[span.Index] || g.IsToolExecution || executed[span.Index] || IsToolRun(span) || IsRetrieval(span)) holdsEvidence[up.Index] = true;
            }

            SourcedText? output;
            var agent = _agents[span.Index];
            if (!g.IsModelCall && holdsEvidence[span.Index] && !holdsTurn[span.Index] && CitedSpan.OwnAgent(span) is null && g.InputMessages.Count == 0)
            {
                continue;
            }

            // A prompt template fills in the developer's instructions; an output parser restates the model's answer in
            // another form (LangChain's prompt and parser runs). Neither says anything of its own.
            if (span.Attributes.GetString("langsmith.run_type") is "prompt" or "parser") continue;
            // A vector store's or a database's query (db.vector.query.response.documents): what it returned is evidence.
            if (!g.IsModelCall && IsRetrieval(span) && CitedSpan.OwnAgent(span) is null && !holdsTurn[span.Index]) continue;

            if (g.IsToolExecution || executed[span.Index] || IsToolRun(span))
            {
                // A code terminal logged as a tool that no recorded model call asked for (a group chat's executor speaks
                // in turn, as an agent does): what it printed is a turn of its own, an observation whose values are its
                // code's author's. Any other tool run is evidence, not a turn.
                if (StandaloneCodeRun(view, g) is not { } ran) continue;
                (output, agent) = ran;
            }
            else if (g.Operation == GenAiOperation.Embeddings || (output = OutputOf(g)) is null || ReadsFromLocator(g, holdsTurn[span.Index]))
            {
                continue;
            }

            if (holdsTurn[span.Index])
            {
                if (Unrestated(g, output) is not { } own) continue;
                output = own;
            }

            if (span.Parent is { } parent) holdsTurn[parent.Index] = true;
            var isExecution = AgentTurn.ExecutionOutputPattern().IsMatch(output.Text)
                              || (agent is not null && AgentTurn.ExecutorAgentPattern().IsMatch(agent));
            var turn = new AgentTurn(g, agent, output.Text, output.Source, list.Count)
            {
                IsExecutionOutput = isExecution,
                IsObservation = isExecution || (agent is not null && AgentTurn.ToolLikeAgentPattern().IsMatch(agent)),
            };
            list.Add(turn);
            _bySpan[span.Index] = turn;
        }

        All = list;
        Agents = list.Select(t => t.Agent).Where(a => a is not null).Distinct(StringComparer.Ordinal).Count();
        var task = FindTask(view);
        if (IsMultiAgent && list.Count > 0)
        {
            // A conversation opens with what it was asked to do: a user's or human's message, a worker's message that
            // restates the recorded task (a group chat's first message: the task and the manager's plan), or, when no
            // input was recorded at all, whatever the first speaker said. An orchestrator's opening plan is its own work.
            var first = list[0];
            var restates = task is not null && task.Text.Trim().Length > 0 && first.Text.Contains(task.Text.Trim(), StringComparison.Ordinal)
                           && !(first.Agent is { } a && AgentTurn.CoordinatorAgentPattern().IsMatch(a));
            if (task is null || IsHumanAgent(first.Agent) || restates)
            {
                TaskTurn = first;
                task ??= new SourcedText(first.Span, first.Source, first.Text);
            }
        }

        Task = task;
        _lower = new string?[list.Count];
    }

    private readonly string?[] _lower;

    /// <summary>
    /// What a span that holds turns (an agent's task, a graph node, an <c>invoke_agent</c> around its model calls) says
    /// beyond them: its output's texts that no turn inside it already said. A CrewAI task's output is its last model call's
    /// final answer, an <c>invoke_agent</c> span's output is its last <c>chat</c> span's, a LangGraph node returns the
    /// messages its model calls wrote: the same message, not a second one. Null when it says nothing new.
    /// </summary>
    private SourcedText? Unrestated(GenAiSpan g, SourcedText output)
    {
        // A message restated whole is found by equality; a part of one (a task's output is the final answer of its last
        // model call's "Thought: ... Final Answer: ...") is looked for in the last turn inside, the one that ended the work.
        var inside = new HashSet<string>(StringComparer.Ordinal);
        AgentTurn? last = null;
        var pending = new Stack<Span>(g.Span.Children);
        while (pending.Count > 0)
        {
            var s = pending.Pop();
            if (_bySpan[s.Index] is { } t)
            {
                inside.Add(t.Text.Trim());
                if (last is null || t.Position > last.Position) last = t;
            }

            foreach (var c in s.Children) pending.Push(c);
        }

        bool Said(string text) => text.Trim() is var t && (t.Length == 0 || inside.Contains(t) || (last is not null && last.Text.Contains(t, StringComparison.Ordinal)));
        if (g.OutputMessages.Count == 0) return Said(output.Text) ? null : output;
        MessagePart? first = null;
        var kept = new List<string>();
        var all = true;
        foreach (var part in g.OutputParts)
        {
            if (part.Kind != PartKind.Text || string.IsNullOrWhiteSpace(part.Content)) continue;
            if (Said(part.Content))
            {
                all = false;
                continue;
            }

            first ??= part;
            kept.Add(part.Content);
        }

        if (first is null) return null;
        return all ? output : new SourcedText(g.Span, first.Source, string.Join("\n", kept));
    }

    /// <summary>The answer the run ended with, once found (<see cref="AnswerTrail.Final"/>): found once per trace.</summary>
    internal FinalAnswer? FinalAnswer { get; set; }

    /// <summary>True once <see cref="FinalAnswer"/> was looked for.</summary>
    internal bool FinalKnown { get; set; }

    /// <summary>The turn that states the task (a conversation's opening message); null when the task came from an input.</summary>
    public AgentTurn? TaskTurn { get; }

    /// <summary>The turn's text in lower case, index for index the same as <see cref="AgentTurn.Text"/>; made once per turn, when first asked for.</summary>
    public string Lower(AgentTurn turn) => _lower[turn.Position] ??= LowerOf(turn.Text);

    private static string LowerOf(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++) chars[i] = char.ToLowerInvariant(source[i]);
        });

    private static bool IsHumanAgent(string? agent) =>
        agent is not null && (agent.Equals("human", StringComparison.OrdinalIgnoreCase) || agent.Equals("user", StringComparison.OrdinalIgnoreCase)
                              || agent.Equals("user_proxy", StringComparison.OrdinalIgnoreCase) || agent.Equals("userproxy", StringComparison.OrdinalIgnoreCase));

    /// <summary>The turns in causal order.</summary>
    public IReadOnlyList<AgentTurn> All { get; }

    /// <summary>What the run was asked to do: the first user input recorded in the trace; null when none was.</summary>
    public SourcedText? Task { get; }

    /// <summary>How many distinct agents speak.</summary>
    public int Agents { get; }

    /// <summary>True for a conversation of several agents (a group chat, an orchestrator and its workers).</summary>
    public bool IsMultiAgent => Agents >= 2 && All.Count >= 3;

    /// <summary>The agent of a span: its own <c>gen_ai.agent.name</c> or its nearest agent ancestor's.</summary>
    public string? AgentOf(Span span) => _agents[span.Index];

    public AgentTurn? TurnOf(Span span) => _bySpan[span.Index];

    /// <summary>The turn before <paramref name="turn"/> that is not a tool-like observation (whose output a terminal ran, for instance).</summary>
    public AgentTurn? PreviousReasoningTurn(AgentTurn turn)
    {
        for (var i = turn.Position - 1; i >= 0; i--)
        {
            if (!All[i].IsObservation) return All[i];
        }

        return null;
    }

    /// <summary>The terminal's output of the code a turn wrote: the next execution output, when that turn is its author; null otherwise.</summary>
    public AgentTurn? CodeRun(AgentTurn author)
    {
        for (var i = author.Position + 1; i < All.Count; i++)
        {
            if (All[i].IsExecutionOutput) return ReferenceEquals(CodeAuthor(All[i]), author) ? All[i] : null;
        }

        return null;
    }

    /// <summary>
    /// Who wrote the code a terminal ran: the nearest turn before it that is neither an observation nor an orchestrator's
    /// coordination ("Please run the script above" is not the code's author); else the nearest reasoning turn.
    /// </summary>
    public AgentTurn? CodeAuthor(AgentTurn execution)
    {
        for (var i = execution.Position - 1; i >= 0; i--)
        {
            var t = All[i];
            if (t.IsObservation || ReferenceEquals(t, TaskTurn)) continue;
            if (AnswerTrail.IsCoordination(t) && !t.Text.Contains("```", StringComparison.Ordinal)) continue;
            // A turn whose only code installs packages printed none of what a later run of the script printed.
            if (InstallsOnly(t.Text) && !InstallsOnly(execution.Text, output: true)) continue;
            return t;
        }

        return PreviousReasoningTurn(execution);
    }

    /// <summary>A fenced code block of a turn (<c>```python ... ```</c>), its code in the group <c>code</c>.</summary>
    [GeneratedRegex(@"```[a-zA-Z]*\s*\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    internal static partial Regex CodeBlock();

    [GeneratedRegex(@"^\s*(?:(?:sudo\s+)?(?:pip3?|python3? -m pip|conda|mamba|npm|yarn|apt(?:-get)?|brew|gem|cargo)\s+(?:install|add)\b[^\n]*|#[^\n]*|)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex InstallLine();

    [GeneratedRegex(@"Successfully installed|Requirement already satisfied|Collecting \S+|Installing collected packages", RegexOptions.CultureInvariant)]
    private static partial Regex InstallOutput();

    // True when every code block of the text only installs packages; for an execution's output, when it is an installer's.
    private static bool InstallsOnly(string text, bool output = false)
    {
        if (output) return InstallOutput().IsMatch(text);
        var blocks = CodeBlock().Matches(text);
        if (blocks.Count == 0) return false;
        foreach (Match b in blocks)
        {
            foreach (var line in b.Groups["code"].Value.Split('\n'))
            {
                if (!InstallLine().IsMatch(line)) return false;
            }
        }

        return true;
    }

    // A call in code that looks something up: a web search, a page fetch, an API or database query.
    [GeneratedRegex(@"\b(?:perform_web_search|web_search|search_web|google_search|bing_search|search|requests\.get|httpx\.get|urlopen|fetch|get_page|browse|query_database|wikipedia\.(?:page|search|summary))\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex LookupCall();

    /// <summary>
    /// True when the code a terminal ran looked something up (a web search, a page fetch): what it printed is what was
    /// found, and a value among it was picked by whoever read it, not computed by the code's author.
    /// </summary>
    public bool LookedUpByCode(AgentTurn execution) =>
        execution.IsExecutionOutput && CodeAuthor(execution) is { } author && CodeBlock().Matches(author.Text).Any(b => LookupCall().IsMatch(b.Groups["code"].Value));

    /// <summary>
    /// True when <paramref name="index"/> of <paramref name="text"/> lies in a string literal of a code block that looks
    /// something up (a web search, a page fetch): a query term ("Unfinished Symphony premiere 1865") is what the code
    /// looks for, not something the turn states.
    /// </summary>
    public static bool InLookupQuery(string text, int index)
    {
        if (index < 0 || index >= text.Length || text.IndexOf("```", StringComparison.Ordinal) < 0) return false;
        foreach (Match b in CodeBlock().Matches(text))
        {
            var code = b.Groups["code"];
            if (index < code.Index) return false;
            if (index >= code.Index + code.Length) continue;
            if (!LookupCall().IsMatch(code.Value)) return false;
            // Inside a literal: an odd number of the line's quotes of one kind before the index.
            var lineStart = text.LastIndexOf('\n', index) + 1;
            var before = text.AsSpan(lineStart, index - lineStart);
            return before.Count('"') % 2 == 1 || before.Count('\'') % 2 == 1;
        }

        return false;
    }

    /// <summary>A coordinator's note of who speaks next ("Next speaker WebSurfer"): no instruction or statement of its own.</summary>
    public static bool NextSpeakerNote(AgentTurn turn) => turn.Text.Length < 80 && turn.Text.TrimStart().StartsWith("Next speaker", StringComparison.Ordinal);

    /// <summary>
    /// True when a terminal's output is something the code looked up (search results, a page, a file's rows) rather than
    /// a value it computed: many lines, or a long text. A value in it was picked by whoever read it.
    /// </summary>
    public static bool LooksUp(AgentTurn execution)
    {
        var text = execution.Text;
        if (text.Length > 900) return true;
        var lines = 0;
        foreach (var c in text)
        {
            if (c == '\n' && ++lines >= 8) return true;
        }

        return false;
    }

    /// <summary>
    /// For a tool span that ran code (its tool is a terminal, executor or interpreter, or its result reads as a code
    /// run's output) and that no model call in the trace asked for: what it printed, and the tool's name as the speaker.
    /// </summary>
    private static (SourcedText Output, string? Agent)? StandaloneCodeRun(TraceView view, GenAiSpan g)
    {
        if (!view.ToolCalls.BySpan.TryGetValue(g.Span, out var calls)) return null;
        foreach (var call in calls)
        {
            if (call.RequestedBy is not null || !ReferenceEquals(call.Execution, g)) return null;
        }

        foreach (var call in calls)
        {
            var name = call.Name.Length > 0 ? call.Name : g.ToolName ?? "";
            foreach (var result in call.Results)
            {
                if (string.IsNullOrWhiteSpace(result.Text)) continue;
                if (AgentTurn.ExecutorAgentPattern().IsMatch(name) || AgentTurn.ExecutionOutputPattern().IsMatch(result.Text)) return (result, name.Length > 0 ? name : null);
            }
        }

        return null;
    }

    // A vector store's or a retriever's query: the documents it returns are evidence.
    private static bool IsRetrieval(Span span) =>
        span.Attributes.GetString("db.system") is not null || span.Attributes.GetString("db.operation") is not null
        || span.Attributes.GetString("openinference.span.kind") is "RETRIEVER" or "RERANKER"
        || span.Attributes.GetString("langsmith.run_type", "run_type") is "retriever" || NamedForRetrieval(span);

    /// <summary>
    /// A plain step named for retrieving (OpenLLMetry's <c>retrieve_coverage</c> task, a graph's <c>retriever</c> node, a
    /// <c>vector-search</c> or <c>vector_store.query</c> span): no model call or agent of its own, so what it returns are
    /// documents.
    /// </summary>
    internal static bool NamedForRetrieval(Span span)
    {
        var name = span.Attributes.GetString("traceloop.entity.name") ?? span.Name;
        return (name.StartsWith("retriev", StringComparison.OrdinalIgnoreCase) || name.StartsWith("vector", StringComparison.OrdinalIgnoreCase))
               && span.Attributes.GetString("gen_ai.operation.name", "gen_ai.agent.name", "gen_ai.request.model") is null;
    }

    private static bool IsToolRun(Span span)
    {
        var kind = span.Attributes.GetString("openinference.span.kind", "langsmith.run_type", "langfuse.observation.type", "mlflow.spanType");
        return kind is not null && (kind.Equals("TOOL", StringComparison.OrdinalIgnoreCase) || kind.Equals("RETRIEVER", StringComparison.OrdinalIgnoreCase)
                                    || kind.Equals("retriever", StringComparison.Ordinal) || kind.Equals("tool", StringComparison.Ordinal));
    }

    /// <summary>The turn's output: the text of its output messages, else an output attribute.</summary>
    internal static SourcedText? OutputOf(GenAiSpan g)
    {
        foreach (var message in g.OutputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || string.IsNullOrWhiteSpace(part.Content)) continue;
                var text = g.OutputText;
                return new SourcedText(g.Span, part.Source, text.Length > 0 ? text : part.Content);
            }
        }

        // Messages were read and hold no text (the model only called tools): the raw output attributes say the same.
        if (g.OutputMessages.Count > 0) return null;

        foreach (var key in OutputKeys)
        {
            if (g.Span.Attributes.TryGetValue(key, out var value) && value.Kind is AttributeValueKind.String or AttributeValueKind.Map or AttributeValueKind.Array
                && value.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
            {
                // A plain step (no model call, no agent of its own) that returned a record of codes and figures with no
                // prose in it ({"status": 201, "comment_id": "c-99120"}) ran a function: its values are data it returned,
                // not statements someone made.
                if (!g.IsModelCall && CitedSpan.OwnAgent(g.Span) is null && IsRecordWithoutProse(value)) return null;
                return new SourcedText(g.Span, GenAiSpanReader.AttributeSource(key), text);
            }
        }

        // Any other attribute that holds what the span produced (ai.response.text, llm.output, ...).
        foreach (var (key, value) in g.Span.Attributes)
        {
            if (value.Kind != AttributeValueKind.String || !SpanContent.IsOutputKey(key) || NotContent(key)) continue;
            if (value.AsString is not { Length: > 0 } text || !text.Any(char.IsLetter)) continue;
            // As above: a plain step's record of codes and figures (OpenLLMetry's traceloop.entity.output of a task) is data.
            if (!g.IsModelCall && CitedSpan.OwnAgent(g.Span) is null && IsRecordWithoutProse(value, lists: true)) return null;
            return new SourcedText(g.Span, GenAiSpanReader.AttributeSource(key), text);
        }

        return null;
    }

    /// <summary>
    /// True for a plain step (no model call, no agent of its own, no turn inside it) that was handed nothing but locators
    /// and codes (a URL, a file or object path, an id; no prose) and returned content: it read that content from where it
    /// was pointed (a loader, a fetcher, a file reader), so its output is a source of facts, as a tool's result is, and
    /// not a statement someone made.
    /// </summary>
    internal static bool ReadsFromLocator(GenAiSpan g, bool holdsTurn)
    {
        if (holdsTurn || g.IsModelCall || g.IsToolExecution || CitedSpan.OwnAgent(g.Span) is not null || g.InputMessages.Count > 0) return false;
        AttributeValue? input = null;
        foreach (var key in StepInputKeys)
        {
            if (g.Span.Attributes.TryGetValue(key, out var value) && value.Kind != AttributeValueKind.Null)
            {
                input = value;
                break;
            }
        }

        if (input is not { } given) return false;
        var leaves = new List<string>();
        if (JsonContent.TryRead(given, out var root))
        {
            var stack = new Stack<(System.Text.Json.JsonElement Element, int Depth)>([(root, 0)]);
            while (stack.Count > 0)
            {
                var (e, depth) = stack.Pop();
                switch (e.ValueKind)
                {
                    case System.Text.Json.JsonValueKind.String:
                        leaves.Add(e.GetString()!);
                        break;
                    case System.Text.Json.JsonValueKind.Object when depth < 4:
                        foreach (var p in e.EnumerateObject()) stack.Push((p.Value, depth + 1));
                        break;
                    case System.Text.Json.JsonValueKind.Array when depth < 4:
                        foreach (var i in e.EnumerateArray()) stack.Push((i, depth + 1));
                        break;
                    case System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array:
                        return false;
                }
            }
        }
        else if (given.Kind == AttributeValueKind.String && given.AsString is { } text)
        {
            leaves.Add(text);
        }

        var locator = false;
        foreach (var leaf in leaves)
        {
            var t = leaf.Trim();
            if (t.Length == 0) continue;
            if (t.Any(char.IsWhiteSpace)) return false;
            // A record's id ("APP-55310", "F-20931", "4471-0098") points at what it reads as a path does.
            locator |= LocatorPattern().IsMatch(t) || RecordId().IsMatch(t);
        }

        return locator;
    }

    [GeneratedRegex(@"^(?=[\w-]{3,40}$)(?=.*\d)(?:[A-Za-z]+[-_]?\d[\w-]*|\d+[-_][\w-]*\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordId();

    [GeneratedRegex(@"^(?:<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?|[a-z][a-z0-9+.-]*://\S+|[~.]?/\S+|[A-Za-z]:\\\S+|[\w.-]+/[\w./-]+\.\w{2,5}|[\w-]+\.(?:pdf|docx?|xlsx?|csv|json|txt|md|html?|xml|parquet))$", RegexOptions.CultureInvariant)]
    private static partial Regex LocatorPattern();

    /// <summary>
    /// True for an object (a map, or a string holding a JSON object) whose values are all scalars or such objects and
    /// whose strings are single tokens (codes, ids, states), none with a space: a function's return record.
    /// </summary>
    internal static bool IsRecordWithoutProse(AttributeValue value, bool lists = false) =>
        value.Kind is AttributeValueKind.Map or AttributeValueKind.String
        && JsonContent.TryRead(value, out var root) && root.ValueKind == System.Text.Json.JsonValueKind.Object
        && root.EnumerateObject().Any() && NoProse(root, 0, lists);

    private static bool NoProse(System.Text.Json.JsonElement element, int depth, bool lists) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => !element.GetString()!.Trim().Contains(' ', StringComparison.Ordinal),
        System.Text.Json.JsonValueKind.Object => depth < 4 && element.EnumerateObject().All(p => NoProse(p.Value, depth + 1, lists)),
        // A list of records (documents found, lines loaded) holds no prose when none of its records does; read so only
        // for a function's own output attribute (OpenLLMetry's traceloop.entity.output of a task).
        System.Text.Json.JsonValueKind.Array => lists && depth < 4 && element.GetArrayLength() is > 0 and <= 50
                                                && element.EnumerateArray().All(e => e.ValueKind == System.Text.Json.JsonValueKind.Object && NoProse(e, depth + 1, lists)),
        _ => true,
    };

    // An HTTP exchange's headers and body (http.response.header.www-authenticate, http.response.body) are what a server
    // sent back, evidence for a step, never a statement of one.
    private static bool NotContent(string key) =>
        key.StartsWith("http.", StringComparison.Ordinal) || key.Contains("token", StringComparison.Ordinal) || key.Contains("finish", StringComparison.Ordinal) || key.EndsWith(".id", StringComparison.Ordinal)
        || key.Contains("model", StringComparison.Ordinal) || key.Contains("type", StringComparison.Ordinal) || key.Contains("status", StringComparison.Ordinal)
        || key.Contains("time", StringComparison.Ordinal) || key.Contains("format", StringComparison.Ordinal) || key.Contains("mime", StringComparison.Ordinal);

    private static SourcedText? FindTask(TraceView view)
    {
        // Depth-first: the root's input first, then the first call's user message.
        foreach (var g in view.Spans)
        {
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("user" or "human")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind == PartKind.Text && !string.IsNullOrWhiteSpace(part.Content)) return new SourcedText(g.Span, part.Source, part.Content);
                }
            }

            foreach (var key in InputKeys)
            {
                if (g.Span.Attributes.TryGetValue(key, out var value) && value.Kind == AttributeValueKind.String && value.AsString is { Length: > 0 } text)
                {
                    return new SourcedText(g.Span, GenAiSpanReader.AttributeSource(key), text);
                }
            }
        }

        return null;
    }
}
