using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TraceRegress.Approval;
using TraceRegress.Judge.Answers;
using TraceRegress.Judge.Prompt;
using TraceRegress.Judge.Recording;
using TraceRegress.Judge.Routing;
using TraceRegress.Model;

namespace TraceRegress.Judge;

/// <summary>
/// An attribution engine that asks an LLM (any Microsoft.Extensions.AI <see cref="IChatClient"/>) about the traces
/// the rules cannot settle. The rules engine runs first; where its citation rests on an explicit error signal with
/// enough confidence it stands, and elsewhere the judge reads a compact rendering of the trace, with the rules'
/// findings as hints, and cites a span, a leaf of the taxonomy and quotes from that span. The answer is validated
/// (the span exists, the category is in the taxonomy, every quote occurs verbatim in the span); an invalid answer
/// is sent back once with the reasons, and a second invalid answer is a <see cref="JudgeAnswerException"/>.
/// </summary>
/// <remarks>
/// Every verdict is recorded beside its trace as <c>&lt;trace&gt;.judge.json</c> in <see cref="JudgeMode.Record"/>
/// and read back in <see cref="JudgeMode.Replay"/> (the default), so CI replays the same verdict byte for byte,
/// offline, with no client at all. Use it like any engine, for example for a whole test project:
/// <code>
/// [ModuleInitializer]
/// internal static void UseJudge() =>
///     AttributionEngine.Configure(new LlmJudgeEngine(chatClient, new JudgeOptions { ModelId = "gpt-4o-mini" }));
/// </code>
/// </remarks>
public sealed class LlmJudgeEngine : IAttributionEngine
{
    /// <summary>The detector id of attributions the judge gives.</summary>
    public const string DetectorId = "llm-judge";

    /// <summary>Set to 1 to record verdicts on a build server anyway (refused there by default, like accepting approvals).</summary>
    public const string RecordOnCiVariable = "TRACEREGRESS_JUDGE_RECORD_ON_CI";

    private const int MaxAttempts = 2;

    private readonly IChatClient? _client;
    private readonly JudgeOptions _options;

    /// <summary>Creates the engine.</summary>
    /// <param name="client">The model to ask; null when verdicts are only replayed (CI needs no client).</param>
    /// <param name="options">Model, mode, budget and routing (copied: later changes do not affect the engine).</param>
    public LlmJudgeEngine(IChatClient? client, JudgeOptions? options = null)
    {
        _client = client;
        _options = (options ?? new JudgeOptions()).Clone();
        if (_options.TokenBudget <= 0) throw new ArgumentOutOfRangeException(nameof(options), _options.TokenBudget, "TokenBudget must be positive");
    }

    /// <summary>The mode the engine runs in.</summary>
    public JudgeMode Mode => _options.Mode;

    /// <inheritdoc />
    /// <exception cref="JudgeRecordingException">Replay found no usable recording, or recording was refused.</exception>
    /// <exception cref="JudgeAnswerException">The judge's answers were invalid.</exception>
    /// <exception cref="JudgeConfigurationException">The judge was needed and no model (or no client) is configured.</exception>
    public Attribution Attribute(AgentTrace trace) => Judge(trace).Attribution;

    /// <summary>Attributes a trace and tells which path answered, why, and what the judge cost.</summary>
    public JudgeResult Judge(AgentTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        // The interface is synchronous; running on the pool keeps a caller's synchronization context out of the client's awaits.
        return Task.Run(() => JudgeAsync(trace)).GetAwaiter().GetResult();
    }

    /// <summary>Attributes a trace and tells which path answered, why, and what the judge cost.</summary>
    public async Task<JudgeResult> JudgeAsync(AgentTrace trace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var rules = _options.RulesEngine.Attribute(trace);
        var route = _options.Hybrid
            ? HybridRouting.Decide(rules, _options.MinimumRulesConfidence)
            : new Route(JudgePath.Judge, "hybrid routing is off: the judge answers every trace");
        if (route.Path == JudgePath.Rules) return new JudgeResult(rules, JudgePath.Rules, route.Reason, VerdictSource.None, null, JudgeUsage.None);

        var model = ResolveModel(trace);
        var request = JudgePrompt.Build(trace, rules, _options.Taxonomy, _options.TokenBudget);
        var fingerprint = RequestFingerprint.Of(trace, request, model, _options.Taxonomy, _options.PromptVersion);

        if (_options.Mode == JudgeMode.Live)
        {
            var live = await Converse(trace, request, (messages, _) => Ask(messages, model, cancellationToken)).ConfigureAwait(false);
            return Conclude(trace, rules, route, live, VerdictSource.Live, null);
        }

        var path = RecordingPath(trace);
        var command = RecordCommand(trace);
        if (_options.Mode == JudgeMode.Replay)
        {
            var recording = ReadFresh(trace, path, fingerprint, command, forRecording: false)!;
            return Conclude(trace, rules, route, await Replay(trace, recording, request, path, command).ConfigureAwait(false), VerdictSource.Replayed, path);
        }

        if (!_options.RecordAgain && File.Exists(path) && ReadFresh(trace, path, fingerprint, command, forRecording: true) is { } fresh)
        {
            return Conclude(trace, rules, route, await Replay(trace, fresh, request, path, command).ConfigureAwait(false), VerdictSource.Replayed, path);
        }

        RefuseOnBuildServer(path);
        var exchange = await Converse(trace, request, (messages, _) => Ask(messages, model, cancellationToken)).ConfigureAwait(false);
        new JudgeRecording(Path.GetFileName(trace.SourcePath!), trace.TraceId, fingerprint, route.Reason, exchange.Answers,
            exchange.Valid is null ? "invalid" : "valid").Write(path);
        return Conclude(trace, rules, route, exchange, VerdictSource.Recorded, path);
    }

    private string ResolveModel(AgentTrace trace)
    {
        var model = _options.ModelId ?? _client?.GetService<ChatClientMetadata>()?.DefaultModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new JudgeConfigurationException(
                $"{Name(trace)}: the rules have no explicit error signal here and no judge model is configured. Set the model: "
                + $"{JudgeSettings.ModelVariable}=<model> (or \"model\" in {JudgeSettings.DefaultFileName}), or JudgeOptions.ModelId in code.");
        }

        return model;
    }

    private static string RecordingPath(AgentTrace trace)
    {
        if (trace.SourcePath is null)
        {
            throw new JudgeConfigurationException(
                $"trace {trace.TraceId}: it was not loaded from a file, so there is no place for its recorded verdict; load it with AgentTrace.Load(path), or use JudgeMode.Live");
        }

        return JudgeRecording.PathFor(trace.SourcePath);
    }

    private static string Name(AgentTrace trace) => trace.SourcePath ?? $"trace {trace.TraceId}";

    /// <summary>The command that records a trace's verdict, quoted for a shell when needed.</summary>
    internal static string RecordCommand(AgentTrace trace)
    {
        var path = trace.SourcePath ?? "<trace>";
        return "traceregress judge record " + (path.Any(char.IsWhiteSpace) ? $"\"{path}\"" : path);
    }

    private JudgeRecording? ReadFresh(AgentTrace trace, string path, RequestFingerprint fingerprint, string command, bool forRecording)
    {
        if (!File.Exists(path))
        {
            throw new JudgeRecordingException(path,
                $"{Name(trace)}: the rules have no explicit error signal here and no judge verdict is recorded ({path} does not exist). "
                + $"Record it: {command} (the model is called once; commit the .judge.json file beside the trace).");
        }

        JudgeRecording recording;
        try
        {
            recording = JudgeRecording.Read(path, command);
        }
        catch (JudgeRecordingException) when (forRecording)
        {
            return null;
        }

        if (!string.Equals(recording.TraceId, trace.TraceId, StringComparison.OrdinalIgnoreCase))
        {
            if (forRecording) return null;
            throw new JudgeRecordingException(path,
                $"{path}: the recording is for another trace (trace id {recording.TraceId}, file {recording.TraceFile}), not for {Name(trace)} (trace id {trace.TraceId}); "
                + $"it was copied or renamed. Record this trace's own verdict: {command}");
        }

        var differences = fingerprint.Differences(recording.Request);
        if (differences.Count > 0)
        {
            if (forRecording) return null;
            throw new JudgeRecordingException(path,
                $"{path}: the recorded verdict is stale: {string.Join("; ", differences)}. Record it again: {command}");
        }

        return recording;
    }

    private void RefuseOnBuildServer(string path)
    {
        var marker = BuildServer.Detect(_options.Environment);
        if (marker is null) return;
        var value = _options.Environment(RecordOnCiVariable)?.Trim();
        if (value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "yes", StringComparison.OrdinalIgnoreCase)) return;
        throw new JudgeRecordingException(path,
            $"{path}: recording judge verdicts is refused on a build server ({marker} is set), as accepting approvals is: a pipeline never records its own verdicts. "
            + $"Record locally and commit the .judge.json file; set {RecordOnCiVariable}=1 to record here anyway.");
    }

    private async Task<Exchange> Replay(AgentTrace trace, JudgeRecording recording, JudgeRequest request, string path, string command)
    {
        var exchange = await Converse(trace, request, (_, attempt) =>
        {
            if (attempt >= recording.Answers.Count)
            {
                throw new JudgeRecordingException(path,
                    $"{path}: the recording holds {recording.Answers.Count} answer(s) but answer {attempt + 1} is needed (the earlier ones are invalid); "
                    + $"it was edited or made by another version. Record it again: {command}");
            }

            return Task.FromResult(recording.Answers[attempt]);
        }).ConfigureAwait(false);
        if (exchange.Answers.Count != recording.Answers.Count)
        {
            throw new JudgeRecordingException(path,
                $"{path}: the recording holds {recording.Answers.Count} answers but only {exchange.Answers.Count} are used; it was edited or made by another version. Record it again: {command}");
        }

        return exchange;
    }

    /// <summary>Asks, validates, and asks once more with the reasons when the answer cannot be used.</summary>
    private async Task<Exchange> Converse(AgentTrace trace, JudgeRequest request, Func<IReadOnlyList<ChatMessage>, int, Task<RecordedAnswer>> ask)
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, request.System),
            new(ChatRole.User, request.User),
        };
        var answers = new List<RecordedAnswer>();
        var problems = new List<IReadOnlyList<string>>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var answer = await ask(messages, attempt).ConfigureAwait(false);
            answers.Add(answer);
            var validated = AnswerValidator.Validate(answer.Response, trace, _options.Taxonomy);
            if (validated.IsValid) return new Exchange(answers, validated, problems);
            problems.Add(validated.Problems);
            messages.Add(new ChatMessage(ChatRole.Assistant, answer.Response));
            messages.Add(new ChatMessage(ChatRole.User, JudgePrompt.Retry(validated.Problems)));
        }

        return new Exchange(answers, null, problems);
    }

    private async Task<RecordedAnswer> Ask(IReadOnlyList<ChatMessage> messages, string model, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            throw new JudgeConfigurationException(
                $"no judge client is configured to call {model}: set {JudgeSettings.ApiKeyVariable} (and {JudgeSettings.EndpointVariable} for an endpoint other than OpenAI's) "
                + "for the traceregress command, or pass an IChatClient to LlmJudgeEngine.");
        }

        var options = new ChatOptions
        {
            ModelId = model,
            Temperature = 0,
            MaxOutputTokens = 1_000,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SchemaElement, JudgePrompt.SchemaName, "The span where the failure started, its category and the evidence."),
        };
        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var text = response.Text;
        if (_options.RedactAnswer is { } redact) text = redact(text);
        var input = response.Usage?.InputTokenCount;
        var output = response.Usage?.OutputTokenCount;
        return new RecordedAnswer(text, input, output, Cost(input, output));
    }

    private static readonly JsonElement SchemaElement = JsonDocument.Parse(JudgePrompt.Schema).RootElement.Clone();

    private decimal? Cost(long? input, long? output)
    {
        if (_options.InputCostPerMillionTokens is not { } inputPrice || _options.OutputCostPerMillionTokens is not { } outputPrice) return null;
        if (input is null && output is null) return null;
        return decimal.Round(((input ?? 0) * inputPrice + (output ?? 0) * outputPrice) / 1_000_000m, 6);
    }

    private static JudgeResult Conclude(AgentTrace trace, Attribution rules, Route route, Exchange exchange, VerdictSource source, string? path)
    {
        var usage = exchange.Answers.Aggregate(JudgeUsage.None, (sum, a) => sum.Add(a.Usage));
        if (exchange.Valid is not { } valid) throw new JudgeAnswerException(Name(trace), exchange.Problems, path);

        var others = new List<Finding>();
        if (rules.FailureFound) others.Add(new Finding(rules.Cited!, rules.Category!, rules.Detector ?? "rules", rules.Summary, rules.Evidence, rules.Confidence));
        others.AddRange(rules.OtherFindings);

        Attribution attribution;
        if (valid.Span is null)
        {
            attribution = new Attribution(trace.TraceId, null, null, [], [], 0, "no failure found", null, others);
        }
        else
        {
            var summary = valid.Answer!.Reasoning.ReplaceLineEndings(" ").Trim();
            if (summary.Length == 0) summary = string.Create(CultureInfo.InvariantCulture, $"the judge cites {valid.Category!.L4}");
            attribution = new Attribution(trace.TraceId, CitedSpan.Of(valid.Span), valid.Category, valid.Evidence, [valid.Span.SpanId],
                valid.Answer.Confidence ?? 0.5, summary, DetectorId, others);
        }

        return new JudgeResult(attribution, JudgePath.Judge, route.Reason, source, path, usage);
    }

    private sealed record Exchange(IReadOnlyList<RecordedAnswer> Answers, ValidatedAnswer? Valid, IReadOnlyList<IReadOnlyList<string>> Problems);
}
