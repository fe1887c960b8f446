using System.CommandLine;
using System.Globalization;
using TraceRegress.Approval;
using TraceRegress.Cli.Corpus;
using TraceRegress.Cli.Judging;
using TraceRegress.Judge;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>judge record &lt;corpus|trace&gt; [--again]</c>: asks the judge about every trace the rules do not settle and
/// records each verdict beside its trace (<c>&lt;trace&gt;.judge.json</c>), with progress and a token and cost summary.
/// Recordings that are up to date are kept, so a second run costs nothing. Refused on a build server.
/// </summary>
internal static class JudgeCommand
{
    public static Command Create(CliHost host)
    {
        var setup = new JudgeSetup();
        var target = new Argument<string?>("corpus") { Description = "A corpus folder (default ./traces) or one trace file.", Arity = ArgumentArity.ZeroOrOne }.RejectUnknownOptions(host);
        var again = new Option<bool>("--again") { Description = "Call the model again even where the recording is up to date." };
        var record = new Command("record", "Record the judge's verdicts beside the traces the rules do not settle (calls the model; never on a build server).") { target, again };
        setup.AddTo(record, withMode: false);
        record.SetAction(parsed => Record(host, setup, parsed, parsed.GetValue(target), parsed.GetValue(again)));

        var judge = new Command("judge", "The LLM judge: record its verdicts so that tests replay them offline.");
        judge.Subcommands.Add(record);
        return judge;
    }

    private static int Record(CliHost host, JudgeSetup setup, ParseResult parsed, string? target, bool again)
    {
        var traces = Targets(host, target, out var root);
        if (BuildServer.Detect(host.Environment) is { } marker && !IsSet(host.Environment(LlmJudgeEngine.RecordOnCiVariable)))
        {
            throw new CliUsageException($"recording judge verdicts is refused on a build server ({marker} is set), as accepting approvals is; "
                                        + $"record locally and commit the .judge.json files, or set {LlmJudgeEngine.RecordOnCiVariable}=1");
        }

        var settings = setup.Load(host, parsed);
        if (settings.Model is null)
        {
            throw new CliUsageException($"no judge model configured: set {JudgeSettings.ModelVariable} or \"model\" in {settings.SourceFile ?? JudgeSettings.DefaultFileName}");
        }

        if (host.JudgeClientFactory(settings) is null)
        {
            throw new CliUsageException($"no judge client for {settings.Model}: set {settings.ApiKeyVariableName} (the key never goes in a file), "
                                        + $"or {JudgeSettings.EndpointVariable} for a local OpenAI-compatible endpoint");
        }

        var (engine, _) = setup.Create(host, parsed, JudgeMode.Record, again);
        host.Out.WriteLine($"Judge: {settings}");
        var tally = new Tally();
        host.ForEachWithProgress("Judging", traces, path => tally.Add(host, Judge(engine, path, CorpusFiles.Relative(root, path))));
        tally.WriteSummary(host, settings);
        return tally.Failed == 0 ? Cli.Success : Cli.CheckFailed;
    }

    private static IReadOnlyList<string> Targets(CliHost host, string? target, out string root)
    {
        if (target is not null && File.Exists(host.FullPath(target)))
        {
            var file = host.FullPath(target);
            root = Path.GetDirectoryName(file)!;
            if (!ApprovalFiles.IsTraceFile(file)) throw new CliUsageException($"{target}: not a trace file (approval files and .judge.json recordings are not traces)");
            return [file];
        }

        root = CorpusFiles.Resolve(host, target);
        var traces = CorpusFiles.Traces(root);
        if (traces.Count == 0) throw new CliUsageException($"{target ?? root}: no trace files in the corpus folder");
        return traces;
    }

    private static Outcome Judge(LlmJudgeEngine engine, string path, string name)
    {
        try
        {
            return new Outcome(name, engine.Judge(AgentTrace.Load(path)), null);
        }
        catch (Exception e) when (e is TraceFormatException or JudgeAnswerException or JudgeRecordingException or JudgeConfigurationException or IOException)
        {
            return new Outcome(name, null, e.Message);
        }
    }

    private static bool IsSet(string? value) =>
        value?.Trim() is "1" || string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);

    private sealed record Outcome(string Name, JudgeResult? Result, string? Error);

    private sealed class Tally
    {
        private JudgeUsage _spent = JudgeUsage.None;

        public int Recorded { get; private set; }

        public int UpToDate { get; private set; }

        public int ByRules { get; private set; }

        public int Failed { get; private set; }

        public void Add(CliHost host, Outcome outcome)
        {
            if (outcome.Result is not { } result)
            {
                Failed++;
                var lines = outcome.Error!.Split('\n');
                host.Out.WriteLine($"failed      {outcome.Name}: {lines[0]}");
                foreach (var line in lines.Skip(1)) host.Out.WriteLine($"            {line}");
                return;
            }

            var attribution = result.Attribution;
            var verdict = attribution.FailureFound ? $"{attribution.Category!.L4} at {attribution.Cited!.Path}" : "no failure found";
            switch (result.Source)
            {
                case VerdictSource.None:
                    ByRules++;
                    host.Out.WriteLine($"rules       {outcome.Name}: {verdict} ({result.Reason})");
                    break;
                case VerdictSource.Replayed:
                    UpToDate++;
                    host.Out.WriteLine($"up to date  {outcome.Name}: {verdict}");
                    break;
                default:
                    Recorded++;
                    _spent = _spent.Add(result.Usage);
                    host.Out.WriteLine($"recorded    {outcome.Name}: {verdict} ({Describe(result.Usage)})");
                    break;
            }
        }

        public void WriteSummary(CliHost host, JudgeSettings settings)
        {
            host.Out.WriteLine();
            host.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Recorded {Recorded}, up to date {UpToDate}, answered by the rules {ByRules}, failed {Failed}."));
            host.Out.WriteLine($"Spent: {Describe(_spent)}.");
            if (Recorded > 0 && _spent.Cost is null)
            {
                host.Out.WriteLine($"Cost not known: set \"inputCostPerMillionTokens\" and \"outputCostPerMillionTokens\" in {settings.SourceFile ?? JudgeSettings.DefaultFileName}.");
            }

            if (Recorded > 0) host.Out.WriteLine("Review the .judge.json files like approvals and commit them: the tests replay them offline.");
        }

        private static string Describe(JudgeUsage usage)
        {
            var tokens = usage.InputTokens is null && usage.OutputTokens is null
                ? "tokens not reported"
                : string.Create(CultureInfo.InvariantCulture, $"{usage.InputTokens ?? 0:N0} input and {usage.OutputTokens ?? 0:N0} output tokens");
            return usage.Cost is { } cost ? string.Create(CultureInfo.InvariantCulture, $"{tokens}, cost {cost:0.######}") : tokens;
        }
    }
}
