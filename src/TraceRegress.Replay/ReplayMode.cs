namespace TraceRegress.Replay;

/// <summary>How a <see cref="TraceReplay"/> runs the agent.</summary>
public enum ReplayMode
{
    /// <summary>Answer model and tool calls from the recording: offline, deterministic, the CI mode (the default).</summary>
    Replay,

    /// <summary>Use the real chat client and tools, and write the new run beside the recording as a received trace for review.</summary>
    Record,

    /// <summary>Use the real chat client and tools; write nothing.</summary>
    Live,
}

/// <summary>Unrecorded tool calls: what happens when the agent calls a tool with arguments the recording never saw.</summary>
public enum UnrecordedToolCall
{
    /// <summary>The run fails, naming the call and the recorded calls of that tool (the default).</summary>
    Fail,

    /// <summary>The real tool runs (it must be given to <see cref="TraceReplay.Tools(Microsoft.Extensions.AI.AIFunction[])"/> or be the invoked function).</summary>
    CallRealTool,

    /// <summary>The agent gets an error result saying the call is not in the recording, as a failing tool would answer.</summary>
    ReturnError,
}

/// <summary>Options of a <see cref="TraceReplay"/>.</summary>
public sealed class ReplayOptions
{
    /// <summary>The environment variable that picks the mode: <c>replay</c> (default), <c>record</c> or <c>live</c>.</summary>
    public const string ModeVariable = "TRACEREGRESS_REPLAY";

    /// <summary>The mode; null reads <see cref="ModeVariable"/>, and without it <see cref="ReplayMode.Replay"/>. A build server refuses <c>record</c> from the variable.</summary>
    public ReplayMode? Mode { get; set; }

    /// <summary>
    /// Check that each model request matches the recorded one (system instructions and the conversation so far);
    /// the first difference fails the call, saying how to re-record. Off by default, so a changed agent can run
    /// against the recorded answers.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>What happens to a tool call that is not in the recording, unless <see cref="UnrecordedToolCallsByTool"/> says otherwise for that tool.</summary>
    public UnrecordedToolCall UnrecordedToolCalls { get; set; } = UnrecordedToolCall.Fail;

    /// <summary>Per tool (by name) overrides of <see cref="UnrecordedToolCalls"/>.</summary>
    public IDictionary<string, UnrecordedToolCall> UnrecordedToolCallsByTool { get; } = new Dictionary<string, UnrecordedToolCall>(StringComparer.Ordinal);

    internal UnrecordedToolCall PolicyFor(string tool) =>
        UnrecordedToolCallsByTool.TryGetValue(tool, out var policy) ? policy : UnrecordedToolCalls;

    internal ReplayMode ResolveMode()
    {
        if (Mode is { } mode) return mode;
        var value = Environment.GetEnvironmentVariable(ModeVariable)?.Trim();
        var resolved = value?.ToLowerInvariant() switch
        {
            null or "" or "replay" => ReplayMode.Replay,
            "record" => ReplayMode.Record,
            "live" => ReplayMode.Live,
            _ => throw new InvalidOperationException($"{ModeVariable}='{value}' is not a replay mode: use replay, record or live"),
        };

        // A build server never records: recording calls real models and tools, and CI must stay offline.
        if (resolved == ReplayMode.Record && Approval.BuildServer.Detect(Environment.GetEnvironmentVariable) is { } marker)
        {
            throw new InvalidOperationException($"{ModeVariable}=record is refused on a build server ({marker} is set): record on a developer machine and commit the reviewed trace");
        }

        return resolved;
    }
}
