using System.CommandLine;
using System.Text.Json;
using TraceRegress.Judge;
using TraceRegress.Formats;
using TraceRegress.Redaction;

namespace TraceRegress.Cli.Judging;

/// <summary>The options every command that runs the judge shares, and the engine they configure.</summary>
internal sealed class JudgeSetup
{
    public Option<string?> Settings { get; } = new("--judge-settings")
    {
        Description = $"A judge settings file (default: {JudgeSettings.DefaultFileName} in the working folder, or ${JudgeSettings.SettingsVariable}). Never put a key in it: keys come from ${JudgeSettings.ApiKeyVariable}.",
    };

    public Option<string?> Mode { get; } = new("--judge-mode")
    {
        Description = $"replay (default: the verdict recorded beside the trace, offline), record (call the model where the recording is missing or stale) or live (call, write nothing). Also ${JudgeSettings.ModeVariable}.",
    };

    private bool _withMode;

    public void AddTo(Command command, bool withMode = true)
    {
        command.Options.Add(Settings);
        _withMode = withMode;
        if (withMode) command.Options.Add(Mode);
    }

    /// <summary>True when any judge option was given: naming a mode or a settings file asks for the judge.</summary>
    public bool Requested(ParseResult parsed) => parsed.GetValue(Settings) is not null || (_withMode && parsed.GetValue(Mode) is not null);

    /// <summary>Reads the settings and builds the engine, the rules of <paramref name="host"/> running first.</summary>
    public (LlmJudgeEngine Engine, JudgeSettings Settings) Create(CliHost host, ParseResult parsed, JudgeMode? forcedMode = null, bool recordAgain = false)
    {
        var settings = Load(host, parsed);
        if (forcedMode is { } mode) settings.Mode = mode;
        var options = settings.ToOptions();
        options.RulesEngine = host.Engine;
        options.RecordAgain = recordAgain;
        options.Environment = host.Environment;
        options.RedactAnswer = RedactAnswer;
        return (new LlmJudgeEngine(settings.Mode == JudgeMode.Replay ? null : host.JudgeClientFactory(settings), options), settings);
    }

    public JudgeSettings Load(CliHost host, ParseResult parsed)
    {
        var settings = JudgeSettings.Load(parsed.GetValue(Settings), host.WorkingDirectory, host.Environment);
        if (_withMode && parsed.GetValue(Mode) is { } mode) settings.Mode = JudgeSettings.ParseMode(mode, "--judge-mode");
        return settings;
    }

    /// <summary>
    /// The redaction rules of <c>traceregress redact</c> applied to an answer before it is recorded: as JSON when
    /// it is JSON (keys like <c>api_key</c> mask their values), else as one string (secret shapes still match).
    /// </summary>
    internal static string RedactAnswer(string answer)
    {
        var redactor = new TraceRedactor(RedactionOptions.Default);
        try
        {
            return redactor.Redact(answer, "judge answer").Text;
        }
        catch (TraceFormatException)
        {
            var wrapped = redactor.Redact(JsonStringLiteral.Of(answer), "judge answer").Text;
            return JsonStringLiteral.Read(wrapped);
        }
    }
}
