using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace TraceRegress.Capture;

/// <summary>
/// Captures one agent run in process: an <see cref="ActivityListener"/> over the gen-ai activity sources
/// (Microsoft.Extensions.AI, Microsoft Agent Framework, Semantic Kernel) and any you name, keeping the
/// activities started from the code that started the capture (its async flow) and the rest of their traces.
/// The run then becomes a <see cref="AgentTrace"/> (<see cref="ToTrace"/>) or a redacted OTLP/JSON corpus file
/// (<see cref="SaveTo(string, string, bool)"/>).
/// </summary>
/// <example>
/// <code>
/// using var capture = TraceCapture.Start("MyAgent");
/// await agent.RunAsync("Find me a flight to Oslo");
/// AgentTrace run = capture.ToTrace();
/// </code>
/// </example>
/// <remarks>
/// Microsoft.Extensions.AI records message content only with sensitive data on:
/// <c>UseOpenTelemetry(configure: c =&gt; c.EnableSensitiveData = true)</c>. Without it a captured run holds
/// no prompts, answers or tool results, and cannot be replayed.
/// </remarks>
public sealed class TraceCapture : IDisposable
{
    /// <summary>
    /// The sources listened to unless the options say otherwise: Microsoft.Extensions.AI's
    /// (<c>UseOpenTelemetry()</c> default), Microsoft Agent Framework's and Semantic Kernel's. A trailing
    /// <c>*</c> matches a prefix.
    /// </summary>
    public static IReadOnlyList<string> DefaultSources { get; } =
    [
        "Experimental.Microsoft.Extensions.AI",
        "Microsoft.Extensions.AI",
        "Experimental.Microsoft.Agents.AI",
        "Microsoft.Agents.AI*",
        "Microsoft.SemanticKernel*",
    ];

    private static readonly AsyncLocal<TraceCapture?> Flow = new();

    private readonly TraceCaptureOptions _options;
    private readonly string[] _exact;
    private readonly string[] _prefixes;
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _traces = new();
    private readonly ConcurrentQueue<Activity> _started = new();
    private readonly ActivityListener _listener;
    private readonly TraceCapture? _outer;
    private int _count;
    private int _dropped;
    private bool _disposed;

    private TraceCapture(TraceCaptureOptions options)
    {
        _options = options;
        var sources = (options.IncludeDefaultSources ? DefaultSources : []).Concat(options.Sources).Distinct(StringComparer.Ordinal).ToArray();
        if (sources.Length == 0) throw new ArgumentException("the capture listens to no activity source: name at least one, or keep the default sources", nameof(options));
        _exact = sources.Where(s => !s.EndsWith('*')).ToArray();
        _prefixes = sources.Where(s => s.EndsWith('*')).Select(s => s[..^1]).ToArray();
        Sources = sources;
        _outer = Flow.Value;
        Flow.Value = this;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => Listens(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> creation) => Wants(creation.TraceId)
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
            ActivityStarted = OnStarted,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts capturing the default gen-ai sources plus <paramref name="sources"/> (for example your agent's own <c>ActivitySource</c> name).</summary>
    public static TraceCapture Start(params string[] sources) => Start(new TraceCaptureOptions { Sources = sources });

    /// <summary>Starts capturing with the given options.</summary>
    public static TraceCapture Start(TraceCaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TraceCapture(options);
    }

    /// <summary>The activity source names (or prefixes ending in <c>*</c>) this capture listens to.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The captured activities, in start order.</summary>
    public IReadOnlyList<Activity> Activities => _started.ToArray();

    /// <summary>Activities not kept because <see cref="TraceCaptureOptions.MaxActivities"/> was reached.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>The captured run as OTLP/JSON; secrets masked when <paramref name="redact"/> is true.</summary>
    /// <exception cref="InvalidOperationException">Nothing was captured (the message names the sources listened to).</exception>
    public byte[] ToOtlpJson(bool redact = false)
    {
        var bytes = OtlpActivityJson.Write(RequireActivities(), Resource());
        return redact ? System.Text.Encoding.UTF8.GetBytes(CorpusFile.Redact(bytes, "<capture>")) : bytes;
    }

    /// <summary>The captured run as a <see cref="AgentTrace"/>, the model every reader produces: attribute it, select spans, assert on it.</summary>
    /// <remarks>The trace holds the content as captured (not redacted); <see cref="SaveTo(string, string, bool)"/> redacts what it writes.</remarks>
    /// <exception cref="InvalidOperationException">Nothing was captured (the message names the sources listened to).</exception>
    public AgentTrace ToTrace() => AgentTrace.Parse(ToOtlpJson(), "<captured run>");

    /// <summary>
    /// Writes the captured run into a corpus folder as OTLP/JSON (<paramref name="name"/> may hold sub-folders:
    /// <c>flights/search-rate-limited</c>), redacted like <c>traceregress import</c>.
    /// </summary>
    /// <param name="corpusFolder">The corpus folder.</param>
    /// <param name="name">The trace's name inside it, with or without <c>.json</c>.</param>
    /// <param name="overwrite">Replace an existing trace of that name.</param>
    /// <returns>The path written.</returns>
    public string SaveTo(string corpusFolder, string name, bool overwrite = false) =>
        CorpusFile.Save(ToOtlpJson(), corpusFolder, name, _options.Redact, overwrite);

    /// <summary>Stops listening. The activities captured so far stay available.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _listener.Dispose();
        if (ReferenceEquals(Flow.Value, this)) Flow.Value = _outer;
    }

    private bool Listens(string name)
    {
        foreach (var exact in _exact)
        {
            if (string.Equals(exact, name, StringComparison.Ordinal)) return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    // An activity belongs to the run when it starts in the capture's async flow, or joins a trace already in it.
    private bool Wants(ActivityTraceId traceId) =>
        !_disposed && (_options.AllFlows || InFlow() || _traces.ContainsKey(traceId));

    private bool InFlow()
    {
        for (var c = Flow.Value; c is not null; c = c._outer)
        {
            if (ReferenceEquals(c, this)) return true;
        }

        return false;
    }

    private void OnStarted(Activity activity)
    {
        if (!Wants(activity.TraceId)) return;
        if (Interlocked.Increment(ref _count) > _options.MaxActivities)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _traces.TryAdd(activity.TraceId, 0);
        _started.Enqueue(activity);
    }

    private Activity[] RequireActivities()
    {
        var activities = _started.ToArray();
        if (activities.Length == 0)
        {
            throw new InvalidOperationException(
                $"no activity was captured from the sources {string.Join(", ", Sources)}: start the capture before the agent runs, "
                + "in the same async flow, and make sure the agent is instrumented (Microsoft.Extensions.AI: UseOpenTelemetry(); "
                + "your own ActivitySource: pass its name to TraceCapture.Start)");
        }

        return activities;
    }

    private KeyValuePair<string, object?>[] Resource()
    {
        var service = _options.ServiceName ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "agent";
        return [new("service.name", service), new("telemetry.sdk.name", "TraceRegress.Capture")];
    }
}

/// <summary>What a <see cref="TraceCapture"/> listens to and how it saves.</summary>
public sealed class TraceCaptureOptions
{
    /// <summary>Activity source names to listen to besides the defaults (a trailing <c>*</c> matches a prefix).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Listen to <see cref="TraceCapture.DefaultSources"/> too (the default).</summary>
    public bool IncludeDefaultSources { get; init; } = true;

    /// <summary>
    /// Keep activities from every async flow, not only the capturing one. Off by default, so tests running in
    /// parallel do not capture each other's runs.
    /// </summary>
    public bool AllFlows { get; init; }

    /// <summary>Mask secrets when saving to a corpus (the default, as <c>traceregress import</c> does).</summary>
    public bool Redact { get; init; } = true;

    /// <summary>The <c>service.name</c> written into the trace's resource; the entry assembly's name by default.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The most activities one capture keeps; later ones are counted in <see cref="TraceCapture.Dropped"/>.</summary>
    public int MaxActivities { get; init; } = 100_000;
}
