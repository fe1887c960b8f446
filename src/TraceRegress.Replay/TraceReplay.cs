using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using TraceRegress.Capture;

namespace TraceRegress.Replay;

/// <summary>
/// A recorded agent run, ready to run the agent again: a chat client that answers with the recorded responses,
/// tools that answer with the recorded results, and the user's input. Load one with <see cref="Load(string, ReplayOptions?)"/>
/// (any supported trace format), run the agent inside <see cref="Start(string[])"/>, and assert on the new run.
/// </summary>
/// <example>
/// <code>
/// var replay = TraceReplay.Load("traces/flights/search-rate-limited.json");
/// using var run = replay.Start("TravelAgent");
/// var agent = new TravelAgent(replay.ChatClient(realClient), replay.Tools(realTools));
/// await agent.RunAsync(replay.UserInput);
/// Trace newRun = run.Finish();
/// Assert.DoesNotAttribute(newRun, category: "Rate Limiting");
/// </code>
/// </example>
public sealed class TraceReplay
{
    private readonly ConcurrentQueue<string> _divergences = new();
    private readonly Lazy<RecordedTools> _tools;

    private TraceReplay(AgentTrace recording, ReplayOptions options)
    {
        Recording = recording;
        Options = options;
        Mode = options.ResolveMode();
        var (calls, tools, input, provider, model) = Replay.Recording.Read(recording);
        ModelCalls = calls;
        ToolCalls = tools;
        InputMessages = input;
        ProviderName = provider;
        ModelId = model;
        _tools = new Lazy<RecordedTools>(() => new RecordedTools(this));
    }

    /// <summary>Loads a recording of any supported format and checks that it can be replayed.</summary>
    /// <param name="path">The trace file.</param>
    /// <param name="options">Mode, strictness and the unrecorded-tool-call policy; defaults otherwise.</param>
    /// <exception cref="TraceFormatException">The file cannot be read as a trace.</exception>
    /// <exception cref="ReplayRecordingException">The trace holds no model calls, or their answers were not recorded.</exception>
    public static TraceReplay Load(string path, ReplayOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return From(AgentTrace.Load(path), options);
    }

    /// <summary>Replays a trace already loaded (or captured).</summary>
    /// <exception cref="ReplayRecordingException">The trace holds no model calls, or their answers were not recorded.</exception>
    public static TraceReplay From(AgentTrace recording, ReplayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return new TraceReplay(recording, options ?? new ReplayOptions());
    }

    /// <summary>The recorded trace.</summary>
    public AgentTrace Recording { get; }

    /// <summary>The options.</summary>
    public ReplayOptions Options { get; }

    /// <summary>The mode in effect: from <see cref="ReplayOptions.Mode"/>, else the <c>TRACEREGRESS_REPLAY</c> variable, else replay.</summary>
    public ReplayMode Mode { get; }

    /// <summary>The recorded model calls, in order.</summary>
    public IReadOnlyList<RecordedModelCall> ModelCalls { get; }

    /// <summary>The recorded tool calls, in causal order.</summary>
    public IReadOnlyList<RecordedToolCall> ToolCalls { get; }

    /// <summary>The conversation the first model call received, without system instructions: usually the user's request.</summary>
    public IReadOnlyList<ChatMessage> InputMessages { get; }

    /// <summary>The text of the last user message the first model call received: start the agent with it.</summary>
    public string UserInput => InputMessages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";

    /// <summary>The recorded provider (<c>gen_ai.provider.name</c> / <c>gen_ai.system</c>), when known.</summary>
    public string? ProviderName { get; }

    /// <summary>The recorded request model, when known.</summary>
    public string? ModelId { get; }

    /// <summary>What went off the recording during the run so far (also reported by <see cref="ReplayRun.Finish"/>).</summary>
    public IReadOnlyList<string> Divergences => _divergences.ToArray();

    /// <summary>
    /// The chat client for the agent: in replay mode one that answers from the recording (<paramref name="real"/> is
    /// not called and may be null); in record and live modes <paramref name="real"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Record or live mode without a real client.</exception>
    public IChatClient ChatClient(IChatClient? real = null) => Mode == ReplayMode.Replay
        ? new ReplayChatClient(this)
        : real ?? throw new InvalidOperationException($"{Mode} mode runs the real model: pass the real IChatClient to ChatClient(real)");

    /// <summary>
    /// The agent's tools: in replay mode each answers from the recording by name and arguments (an unrecorded call
    /// follows the policy, which may call the real one); in record and live modes the real tools themselves.
    /// </summary>
    public IList<AITool> Tools(params AIFunction[] realTools)
    {
        ArgumentNullException.ThrowIfNull(realTools);
        return Mode == ReplayMode.Replay
            ? realTools.Select(AITool (f) => new RecordedFunction(f, _tools.Value)).ToList()
            : realTools.Cast<AITool>().ToList();
    }

    /// <summary>One tool, wrapped as <see cref="Tools(AIFunction[])"/> wraps each.</summary>
    public AIFunction Tool(AIFunction realTool)
    {
        ArgumentNullException.ThrowIfNull(realTool);
        return Mode == ReplayMode.Replay ? new RecordedFunction(realTool, _tools.Value) : realTool;
    }

    /// <summary>
    /// For <see cref="FunctionInvokingChatClient.FunctionInvoker"/>: answers each tool call from the recording in replay
    /// mode (an unrecorded call follows the policy; "call the real tool" invokes the function), and invokes the
    /// function in record and live modes.
    /// </summary>
    public Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>> FunctionInvoker => (context, cancellationToken) =>
        Mode == ReplayMode.Replay
            ? _tools.Value.InvokeAsync(context.Function.Name, context.Arguments, ct => context.Function.InvokeAsync(context.Arguments, ct), cancellationToken)
            : context.Function.InvokeAsync(context.Arguments, cancellationToken);

    /// <summary>
    /// Starts capturing the new run (the default gen-ai sources plus <paramref name="sources"/>, for example your
    /// agent's own <c>ActivitySource</c>). Run the agent, then call <see cref="ReplayRun.Finish"/>.
    /// </summary>
    public ReplayRun Start(params string[] sources) => new(this, TraceCapture.Start(sources));

    /// <summary>Starts capturing the new run with the given capture options.</summary>
    public ReplayRun Start(TraceCaptureOptions options) => new(this, TraceCapture.Start(options));

    /// <summary>
    /// Where record mode writes the new run: <c>&lt;recording&gt;.received.otlp</c> (OTLP/JSON) beside the recording. Not a
    /// <c>.json</c> file, so it is neither a corpus test nor taken for a received attribution by <c>traceregress accept</c>.
    /// </summary>
    public string? ReceivedPath => Recording.SourcePath is { Length: > 0 } path
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, StemOf(path) + ".received.otlp")
        : null;

    internal string HowToRecord =>
        $"If the change is intended, record the run again: {ReplayOptions.ModeVariable}=record dotnet test"
        + (ReceivedPath is { } received ? $" writes the new run to {received}; review it and move it over the recording." : " (the recording was not loaded from a file: save the new run with TraceCapture.SaveTo).");

    internal string HowToRecordShort => $"record the run again with {ReplayOptions.ModeVariable}=record";

    internal ReplayDivergenceException Diverged(string message)
    {
        var where = Recording.SourcePath ?? $"trace {Recording.TraceId}";
        var full = $"Replay of {where} diverged: {message}";
        _divergences.Enqueue(full);
        return new ReplayDivergenceException(full);
    }

    private static string StemOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var extension in (ReadOnlySpan<string>)[".jsonl", ".json"])
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return name[..^extension.Length];
        }

        return name;
    }
}

/// <summary>
/// A run of the agent against a <see cref="TraceReplay"/>, captured while it runs. <see cref="Finish"/> gives the new
/// run as a <see cref="AgentTrace"/> to attribute and assert on; in record mode it also writes it beside the recording.
/// </summary>
public sealed class ReplayRun : IDisposable
{
    private readonly TraceReplay _replay;
    private readonly TraceCapture _capture;

    internal ReplayRun(TraceReplay replay, TraceCapture capture)
    {
        _replay = replay;
        _capture = capture;
    }

    /// <summary>The capture of the run.</summary>
    public TraceCapture Capture => _capture;

    /// <summary>The file record mode wrote, once <see cref="Finish"/> has run in that mode.</summary>
    public string? WrittenTo { get; private set; }

    /// <summary>
    /// Stops capturing and returns the new run. Fails when the run left the recording (a divergence the agent may
    /// have swallowed, such as an unrecorded tool call). In record mode writes the run (redacted) to
    /// <see cref="TraceReplay.ReceivedPath"/> for review and says so on standard output.
    /// </summary>
    /// <exception cref="ReplayDivergenceException">The run left the recording.</exception>
    public AgentTrace Finish()
    {
        _capture.Dispose();
        if (_replay.Mode == ReplayMode.Replay && _replay.Divergences.Count > 0)
        {
            throw new ReplayDivergenceException(string.Join("\n", _replay.Divergences));
        }

        var run = _capture.ToTrace();
        if (_replay.Mode == ReplayMode.Record)
        {
            var target = _replay.ReceivedPath
                         ?? throw new InvalidOperationException("record mode writes the new run beside the recording, but the recording was not loaded from a file");
            WrittenTo = CorpusFile.SaveAt(_capture.ToOtlpJson(), target, redact: true, overwrite: true);
            Console.Out.WriteLine($"Recorded the new run to {WrittenTo}. Review it, then replace {_replay.Recording.SourcePath} with it.");
        }

        return run;
    }

    /// <summary>Stops capturing.</summary>
    public void Dispose() => _capture.Dispose();
}
