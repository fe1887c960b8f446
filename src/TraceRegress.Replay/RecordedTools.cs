using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace TraceRegress.Replay;

/// <summary>
/// The recording's tool answers, looked up by tool name and arguments (canonical JSON). Several recorded calls
/// with the same name and arguments answer in recorded order; a call beyond them, or never recorded, follows
/// the unrecorded-call policy.
/// </summary>
internal sealed class RecordedTools
{
    private readonly TraceReplay _replay;
    private readonly ConcurrentDictionary<(string Name, string Arguments), ConcurrentQueue<RecordedToolCall>> _answers = new();

    public RecordedTools(TraceReplay replay)
    {
        _replay = replay;
        foreach (var call in replay.ToolCalls.Where(c => c.Result is not null))
        {
            _answers.GetOrAdd((call.Name, call.Arguments), _ => new ConcurrentQueue<RecordedToolCall>()).Enqueue(call);
        }
    }

    /// <summary>Answers one call: the recorded result, or what the policy says for an unrecorded call.</summary>
    public async ValueTask<object?> InvokeAsync(string name, IEnumerable<KeyValuePair<string, object?>>? arguments,
        Func<CancellationToken, ValueTask<object?>>? realTool, CancellationToken cancellationToken)
    {
        var canonical = CanonicalJson.Of(arguments);
        if (_answers.TryGetValue((name, canonical), out var queue) && queue.TryDequeue(out var recorded))
        {
            return AsResult(recorded.Result);
        }

        var seen = _replay.ToolCalls.Where(c => c.Name == name).Select(c => c.Arguments).Distinct(StringComparer.Ordinal).ToArray();
        var what = $"{name}({canonical})";
        var recordedText = seen.Length == 0
            ? $"the recording has no call to {name}"
            : $"the recording's calls to {name}: {string.Join("; ", seen.Select(a => $"{name}({a})"))}{(queue is not null ? " (each answer is used once, and these are used up)" : "")}";
        switch (_replay.Options.PolicyFor(name))
        {
            case UnrecordedToolCall.CallRealTool when realTool is not null:
                return await realTool(cancellationToken).ConfigureAwait(false);
            case UnrecordedToolCall.CallRealTool:
                throw _replay.Diverged($"the tool call {what} is not in the recording and no real {name} tool was given to call instead; {recordedText}");
            case UnrecordedToolCall.ReturnError:
                return $"Error: the tool call {what} is not in the recording, so it has no result.";
            default:
                // Inside FunctionInvokingChatClient a thrown exception would become an error result the model reads;
                // stop the loop instead, and let the run's end report it.
                if (FunctionInvokingChatClient.CurrentContext is { } context) context.Terminate = true;
                throw _replay.Diverged(
                    $"the agent called {what}, which is not in the recording; {recordedText}. "
                    + $"Choose what unrecorded calls do (ReplayOptions.UnrecordedToolCalls or UnrecordedToolCallsByTool[\"{name}\"]: CallRealTool or ReturnError), or {_replay.HowToRecordShort}");
        }
    }

    // A result recorded as JSON goes back as JSON, so the next request serialises it as the recording shows it.
    private static object? AsResult(string? text)
    {
        if (text is null) return null;
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return text;
            }
        }

        return text;
    }
}

/// <summary>A tool whose calls are answered from the recording; unrecorded calls follow the replay's policy, which may call the real tool.</summary>
internal sealed class RecordedFunction : DelegatingAIFunction
{
    private readonly RecordedTools _tools;

    public RecordedFunction(AIFunction real, RecordedTools tools)
        : base(real) => _tools = tools;

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        _tools.InvokeAsync(Name, arguments, ct => InnerFunction.InvokeAsync(arguments, ct), cancellationToken);
}
