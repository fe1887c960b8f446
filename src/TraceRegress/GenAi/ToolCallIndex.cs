using TraceRegress.Model;

namespace TraceRegress.GenAi;

/// <summary>
/// One tool call, seen in up to three places: the <c>tool_call</c> part in a model's output, the
/// <c>execute_tool</c> span, and the <c>tool_call_response</c> part in the next model call's input.
/// </summary>
public sealed class ToolCall
{
    private IReadOnlyList<SourcedText>? _results;

    internal ToolCall(int ordinal, string? id, string name)
    {
        Ordinal = ordinal;
        Id = id;
        Name = name;
    }

    /// <summary>Position in the index (causal order of first sight).</summary>
    public int Ordinal { get; }

    /// <summary>The <c>gen_ai.tool.call.id</c>; null when no place recorded one.</summary>
    public string? Id { get; }

    /// <summary>The tool's name; empty when no place recorded one.</summary>
    public string Name { get; internal set; }

    /// <summary>The model call whose output asked for the tool.</summary>
    public GenAiSpan? RequestedBy { get; internal set; }

    /// <summary>The <c>tool_call</c> part of <see cref="RequestedBy"/>'s output.</summary>
    public MessagePart? RequestPart { get; internal set; }

    /// <summary>The request as seen only in a later call's history (its output was not recorded).</summary>
    public GenAiSpan? SeenInHistoryOf { get; internal set; }

    /// <summary>The <c>tool_call</c> part in <see cref="SeenInHistoryOf"/>'s input.</summary>
    public MessagePart? HistoryPart { get; internal set; }

    /// <summary>The span that ran the tool.</summary>
    public GenAiSpan? Execution { get; internal set; }

    /// <summary>The first model call that received the result.</summary>
    public GenAiSpan? RespondedIn { get; internal set; }

    /// <summary>The <c>tool_call_response</c> part in <see cref="RespondedIn"/>'s input.</summary>
    public MessagePart? ResponsePart { get; internal set; }

    /// <summary>The arguments, from the model's request, the execution span or the history, with where they were read.</summary>
    public SourcedText? Arguments =>
        RequestPart?.Arguments is { } a && RequestedBy is not null ? new SourcedText(RequestedBy.Span, RequestPart.Source, a)
        : Execution?.ToolCallArguments is { } e ? e
        : HistoryPart?.Arguments is { } h && SeenInHistoryOf is not null ? new SourcedText(SeenInHistoryOf.Span, HistoryPart.Source, h)
        : null;

    /// <summary>Every place the tool's result was recorded: the execution span first, then the next model call's input.</summary>
    public IReadOnlyList<SourcedText> Results => _results ??= CollectResults();

    /// <summary>The first recorded result, wherever it was.</summary>
    public SourcedText? Result => Results.Count > 0 ? Results[0] : null;

    /// <summary>The first error payload among <see cref="Results"/> (see <see cref="SourcedText.ErrorPayload"/>), with the result it was found in.</summary>
    public (SourcedText Result, Engine.Text.ErrorPayloadMatch Error)? Error
    {
        get
        {
            foreach (var result in Results)
            {
                if (result.ErrorPayload is { } error) return (result, error);
            }

            return null;
        }
    }

    /// <summary>The span that stands for the call's execution: the tool span, else where its result was first seen.</summary>
    public Span? ExecutionSpan => Execution?.Span ?? RespondedIn?.Span;

    /// <summary>The span that issued the call (the model call), else the execution span.</summary>
    public Span? OriginSpan => RequestedBy?.Span ?? Execution?.Span ?? SeenInHistoryOf?.Span ?? RespondedIn?.Span;

    private SourcedText[] CollectResults()
    {
        var execution = Execution?.ToolCallResult;
        var response = ResponsePart?.Content is { } c && RespondedIn is not null ? new SourcedText(RespondedIn.Span, ResponsePart.Source, c) : null;
        return (execution, response) switch
        {
            (null, null) => [],
            ({ } e, null) => [e],
            (null, { } r) => [r],
            ({ } e, { } r) => [e, r],
        };
    }
}

/// <summary>
/// The tool calls of a trace, linked by <c>gen_ai.tool.call.id</c> across the places they appear, so a
/// result can be read even when the tool's own span carries none (Microsoft.Extensions.AI and the newest
/// semconv put it only in the next model call's input). Ids reused across turns start a new call.
/// </summary>
public sealed class ToolCallIndex
{
    private readonly List<ToolCall> _calls = [];
    private readonly Dictionary<string, ToolCall> _latestById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ToolCall>> _awaitingExecution = new(StringComparer.Ordinal);

    private readonly Dictionary<Span, IReadOnlyList<ToolCall>> _bySpan = new(ReferenceEqualityComparer.Instance);

    private ToolCallIndex()
    {
    }

    /// <summary>Every tool call, in causal order of first sight.</summary>
    public IReadOnlyList<ToolCall> Calls => _calls;

    /// <summary>Calls by span: the calls a span requested, executed or received a result of.</summary>
    public IReadOnlyDictionary<Span, IReadOnlyList<ToolCall>> BySpan => _bySpan;

    internal static ToolCallIndex Build(IReadOnlyList<GenAiSpan> spansInOrder)
    {
        var index = new ToolCallIndex();
        GenAiSpan? askedForTools = null;
        foreach (var g in spansInOrder)
        {
            if (g.IsModelCall)
            {
                index.AddModelCall(g);
                askedForTools = EndedAskingForTools(g) ? g : null;
            }
            else if (g.IsToolExecution)
            {
                index.AddExecution(g, askedForTools);
            }
        }

        foreach (var call in index._calls)
        {
            foreach (var span in (Span?[])[call.RequestedBy?.Span, call.Execution?.Span, call.RespondedIn?.Span])
            {
                if (span is null) continue;
                if (!index._bySpan.TryGetValue(span, out var calls)) index._bySpan[span] = calls = new List<ToolCall>();
                var list = (List<ToolCall>)calls;
                if (!list.Contains(call)) list.Add(call);
            }
        }

        return index;
    }

    private ToolCall Create(string? id, string name)
    {
        var call = new ToolCall(_calls.Count, id, name);
        _calls.Add(call);
        if (id is not null) _latestById[id] = call;
        return call;
    }

    private ToolCall? Latest(string? id) => id is not null && _latestById.TryGetValue(id, out var call) ? call : null;

    private void AddModelCall(GenAiSpan g)
    {
        foreach (var part in g.InputParts)
        {
            if (part.Kind == PartKind.ToolCallResponse)
            {
                var call = Latest(part.Id);
                if (call is null)
                {
                    call = Create(part.Id, part.Id is not null && part.Id == g.ToolCallId ? g.ToolName ?? "" : "");
                }

                if (call.RespondedIn is null)
                {
                    call.RespondedIn = g;
                    call.ResponsePart = part;
                }
            }
            else if (part.Kind == PartKind.ToolCall)
            {
                // A call in the history: new to the index only when its model output was not recorded.
                var call = Latest(part.Id);
                if (call is null || part.Id is null)
                {
                    if (part.Id is null) continue;
                    call = Create(part.Id, part.Name ?? "");
                }

                if (call.RequestedBy is null && call.SeenInHistoryOf is null)
                {
                    call.SeenInHistoryOf = g;
                    call.HistoryPart = part;
                }

                if (call.Name.Length == 0 && part.Name is not null) call.Name = part.Name;
            }
        }

        foreach (var part in g.OutputParts)
        {
            if (part.Kind != PartKind.ToolCall) continue;
            var call = Latest(part.Id);
            if (call is null || call.RequestedBy is not null || call.SeenInHistoryOf is not null || call.RespondedIn is not null)
            {
                call = Create(part.Id, part.Name ?? "");
            }

            call.RequestedBy = g;
            call.RequestPart = part;
            if (part.Name is not null) call.Name = part.Name;
            if (!_awaitingExecution.TryGetValue(call.Name, out var queue)) _awaitingExecution[call.Name] = queue = new();
            queue.Enqueue(call);
        }
    }

    // A model call that stopped to have tools run (finish reason tool_calls) but recorded none of the calls on its own
    // output (Spring AI records the prompt and the text only): the tools that run next, before another model call, are
    // the ones it asked for.
    private static bool EndedAskingForTools(GenAiSpan g)
    {
        if (g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) return false;
        foreach (var reason in g.FinishReasons)
        {
            if (Letters(reason.Text, "toolcalls") || Letters(reason.Text, "tooluse") || Letters(reason.Text, "functioncall")) return true;
        }

        return false;
    }

    // The reason's letters, in any case and with any underscores or hyphens between them, are the word's
    // ("TOOL_CALLS", "tool-calls", "ToolCalls" for "toolcalls").
    private static bool Letters(string text, string word)
    {
        var k = 0;
        foreach (var c in text)
        {
            if (c is '_' or '-') continue;
            if (k == word.Length || char.ToLowerInvariant(c) != word[k]) return false;
            k++;
        }

        return k == word.Length;
    }

    private void AddExecution(GenAiSpan g, GenAiSpan? askedForTools)
    {
        var call = Latest(g.ToolCallId);
        if (call is not null && call.Execution is not null) call = null;
        if (call is null && g.ToolCallId is null)
        {
            // No id recorded: the earliest requested call of that tool still waiting for its execution.
            if (_awaitingExecution.TryGetValue(g.ToolName ?? "", out var queue))
            {
                while (queue.Count > 0 && call is null)
                {
                    var candidate = queue.Dequeue();
                    if (candidate.Execution is null) call = candidate;
                }
            }
            else if (g.ToolName is null)
            {
                // No name either (a framework's task around a tool object): the earliest requested call still waiting.
                foreach (var waiting in _awaitingExecution.Values)
                {
                    while (waiting.Count > 0 && waiting.Peek().Execution is not null) waiting.Dequeue();
                    if (waiting.Count > 0 && (call is null || waiting.Peek().Ordinal < call.Ordinal)) call = waiting.Peek();
                }

                if (call is not null) _awaitingExecution[call.Name].Dequeue();
            }
        }

        if (call is null)
        {
            call = Create(g.ToolCallId, g.ToolName ?? "");
            if (askedForTools is not null && g.ToolCallId is null) call.RequestedBy = askedForTools;
        }

        call.Execution = g;
        if (call.Name.Length == 0 && g.ToolName is not null) call.Name = g.ToolName;
    }
}
