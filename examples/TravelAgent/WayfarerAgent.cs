using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace TravelAgent;

/// <summary>
/// Wayfarer, a small travel-booking agent on Microsoft.Extensions.AI: one model, the partner's tools for
/// flights, hotels and bookings, <c>UseFunctionInvocation()</c> to run the tools the model asks for and
/// <c>UseOpenTelemetry()</c> so every run is a gen-ai trace.
/// </summary>
public sealed class WayfarerAgent
{
    /// <summary>The agent's own activity source: one <c>invoke_agent wayfarer</c> span per run.</summary>
    public const string ActivitySourceName = "TravelAgent";

    /// <summary>The agent's name in traces (<c>gen_ai.agent.name</c>).</summary>
    public const string Name = "wayfarer";

    /// <summary>What the model is told before every conversation.</summary>
    public const string Instructions =
        "You are Wayfarer, a travel assistant. Use the tools to search flights and hotels and to change bookings. "
        + "Only state facts the tools returned.";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    /// <summary>Creates the agent.</summary>
    /// <param name="model">The model (any <see cref="IChatClient"/>; in tests a replayed one).</param>
    /// <param name="tools">The partner's tools, usually <see cref="TravelTools.Create(ITravelPartner)"/>.</param>
    /// <param name="options">How partner errors are handled, and whether message content is recorded.</param>
    public WayfarerAgent(IChatClient model, IEnumerable<AITool> tools, WayfarerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tools);
        options ??= new WayfarerOptions();
        var guarded = tools.Select(t => t is AIFunction f && options.PartnerErrors == PartnerErrorHandling.RetryThenReport
            ? new PartnerErrorGuard(f, options)
            : t).ToList();

        // Function invocation outside, telemetry inside: each model call is its own chat span, and the tool
        // executions share the telemetry's activity source.
        _client = new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .UseOpenTelemetry(configure: c => c.EnableSensitiveData = options.RecordContent)
            .Build();
        _options = new ChatOptions { Instructions = Instructions, Tools = guarded, ModelId = options.ModelId };
    }

    /// <summary>Runs one request to its final answer.</summary>
    public async Task<string> RunAsync(string request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request);
        using var activity = Source.StartActivity($"invoke_agent {Name}");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", Name);
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, request)], _options, cancellationToken).ConfigureAwait(false);
        return response.Text;
    }
}

/// <summary>How the agent treats partner errors.</summary>
public enum PartnerErrorHandling
{
    /// <summary>
    /// The original behaviour, kept to show the failure: whatever the partner answers goes to the model as data,
    /// including an error payload under an OK status and a 429.
    /// </summary>
    PassThrough,

    /// <summary>
    /// The fix: an error payload is an error. A transient one (429, or an answer saying when to retry) is retried
    /// after the wait it asks for (or an exponential back-off); what still fails is reported as a failed tool call.
    /// </summary>
    RetryThenReport,
}

/// <summary>Options of <see cref="WayfarerAgent"/>.</summary>
public sealed class WayfarerOptions
{
    /// <summary>How partner errors are handled; the fix by default.</summary>
    public PartnerErrorHandling PartnerErrors { get; set; } = PartnerErrorHandling.RetryThenReport;

    /// <summary>Attempts per tool call, the first included.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How the agent waits before a retry (tests pass one that does not sleep).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

    /// <summary>Record prompts, answers and tool results in the trace (needed to replay it).</summary>
    public bool RecordContent { get; set; } = true;

    /// <summary>The model to ask for; null leaves it to the client.</summary>
    public string? ModelId { get; set; }
}
