using TraceRegress.Cli;

namespace TraceRegress.Judge.Tests.Cli;

/// <summary>The <c>traceregress</c> judge paths, in-process, with a scripted client plugged in through the host's factory.</summary>
public sealed class JudgeCliTests
{
    private static (int Code, string Out, string Error) Run(string workingDirectory, ScriptedChatClient? client, Func<string, string?> environment, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var host = new CliHost(stdout, stderr, AttributionEngine.Default, workingDirectory)
        {
            Environment = environment,
            JudgeClientFactory = _ => client,
        };
        var code = TraceRegress.Cli.Cli.Run(args, host);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Func<string, string?> Configured(params (string, string)[] more) =>
        TestEnvironment.Of([(JudgeSettings.ModelVariable, Judges.Model), .. more]);

    [Fact]
    public void Judge_record_records_the_traces_the_rules_do_not_settle_with_a_cost_summary_and_a_second_run_costs_nothing()
    {
        using var corpus = new TempCorpus();
        File.WriteAllText(corpus.Path(JudgeSettings.DefaultFileName), """{ "inputCostPerMillionTokens": 0.15, "outputCostPerMillionTokens": 0.6 }""");
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var first = Run(corpus.Root, client, Configured(), "judge", "record", "support");
        var second = Run(corpus.Root, new ScriptedChatClient(), Configured(), "judge", "record", "support");

        Assert.True(first.Code == 0, first.Out + first.Error);
        Assert.Contains("recorded    refund-window-wrong-policy.json: Poor Information Retrieval at invoke_agent support-agent/execute_tool search_policies (1,200 input and 80 output tokens, cost 0.000228)", first.Out);
        Assert.Contains("rules       coupon-rate-limited.json: Rate Limiting at checkout-agent/gen_ai.chat (the rules found an explicit error signal (http-status", first.Out);
        Assert.Contains("Recorded 1, up to date 0, answered by the rules 1, failed 0.", first.Out);
        Assert.Contains("Spent: 1,200 input and 80 output tokens, cost 0.000228.", first.Out);
        Assert.True(File.Exists(corpus.Support("refund-window-wrong-policy.judge.json")));
        Assert.False(File.Exists(corpus.Support("coupon-rate-limited.judge.json")));
        Assert.Equal(0, second.Code);
        Assert.Contains("up to date  refund-window-wrong-policy.json", second.Out);
        Assert.Contains("Recorded 0, up to date 1, answered by the rules 1, failed 0.", second.Out);
        Assert.Contains("Spent: tokens not reported.", second.Out);
    }

    [Fact]
    public void Attribute_with_the_judge_replays_the_recording_offline_and_says_which_path_answered()
    {
        using var corpus = new TempCorpus();
        Run(corpus.Root, new ScriptedChatClient(Fixture.WrongPolicyAnswer), Configured(), "judge", "record", "support");

        var replayed = Run(corpus.Root, null, Configured(), "attribute", "--judge", corpus.Support(Fixture.WrongPolicy));
        var json = Run(corpus.Root, null, Configured(), "attribute", "--judge", "--json", corpus.Support(Fixture.WrongPolicy));
        var rules = Run(corpus.Root, null, Configured(), "attribute", "--judge", corpus.Support(Fixture.RateLimited));

        Assert.True(replayed.Code == 0, replayed.Error);
        Assert.Contains("Poor Information Retrieval", replayed.Out);
        Assert.Contains($"Answered by the judge: the rules' finding (dropped-constraint) is inferred from content, not an explicit error signal, replayed from {corpus.Support("refund-window-wrong-policy.judge.json")}", replayed.Out);
        Assert.Contains("\"detector\": \"llm-judge\"", json.Out);
        Assert.Contains("Answered by the rules: the rules found an explicit error signal (http-status", rules.Out);
    }

    [Fact]
    public void Attribute_with_the_judge_and_no_recording_fails_on_one_line_with_the_record_command()
    {
        using var corpus = new TempCorpus();

        var run = Run(corpus.Root, null, Configured(), "attribute", "--judge", corpus.Support(Fixture.WrongPolicy));

        Assert.Equal(2, run.Code);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Record it: traceregress judge record {corpus.Support(Fixture.WrongPolicy)}", line);
    }

    [Fact]
    public void Judge_record_is_refused_on_a_build_server_before_any_call()
    {
        using var corpus = new TempCorpus();
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var run = Run(corpus.Root, client, Configured(("TF_BUILD", "True")), "judge", "record", "support");

        Assert.Equal(2, run.Code);
        Assert.Contains("recording judge verdicts is refused on a build server (TF_BUILD is set)", run.Error);
        Assert.Empty(client.Requests);
        Assert.False(File.Exists(corpus.Support("refund-window-wrong-policy.judge.json")));
    }

    [Fact]
    public void Judge_record_without_a_model_or_a_client_says_what_to_set()
    {
        using var corpus = new TempCorpus();

        var noModel = Run(corpus.Root, new ScriptedChatClient(), TestEnvironment.Desktop, "judge", "record", "support");
        var noClient = Run(corpus.Root, null, Configured(), "judge", "record", "support");

        Assert.Equal(2, noModel.Code);
        Assert.Contains($"no judge model configured: set {JudgeSettings.ModelVariable}", noModel.Error);
        Assert.Equal(2, noClient.Code);
        Assert.Contains($"no judge client for {Judges.Model}: set {JudgeSettings.ApiKeyVariable}", noClient.Error);
    }

    [Fact]
    public void Judge_record_reports_an_invalid_answer_and_fails_without_hiding_it()
    {
        using var corpus = new TempCorpus();
        const string invented = """{"spanId": "a100000000000003", "category": "Stale Index", "evidence": ["US stores"], "reasoning": "x", "confidence": 0.5}""";

        var run = Run(corpus.Root, new ScriptedChatClient(invented, invented), Configured(), "judge", "record", corpus.Support(Fixture.WrongPolicy));

        Assert.Equal(1, run.Code);
        Assert.Contains("failed      refund-window-wrong-policy.json:", run.Out);
        Assert.Contains("category 'Stale Index' is not a leaf of the taxonomy 'TRAIL'", run.Out);
        Assert.Contains("Recorded 0, up to date 0, answered by the rules 0, failed 1.", run.Out);
    }

    [Fact]
    public void Corpus_walks_never_take_a_judge_recording_for_a_trace()
    {
        using var corpus = new TempCorpus();
        Run(corpus.Root, new ScriptedChatClient(Fixture.WrongPolicyAnswer), Configured(), "judge", "record", "support");

        var again = Run(corpus.Root, new ScriptedChatClient(), Configured(), "judge", "record", "support");
        var report = Run(corpus.Root, null, TestEnvironment.Desktop, "report", "support");
        var recordingAsTarget = Run(corpus.Root, null, Configured(), "judge", "record", corpus.Support("refund-window-wrong-policy.judge.json"));

        Assert.DoesNotContain("refund-window-wrong-policy.judge.json", again.Out);
        Assert.DoesNotContain(".judge.json", report.Out);
        Assert.Equal(2, recordingAsTarget.Code);
        Assert.Contains("not a trace file", recordingAsTarget.Error);
    }

    [Fact]
    public void A_secret_quoted_in_an_answer_is_redacted_in_the_recording()
    {
        using var corpus = new TempCorpus();
        var answer = Fixture.WrongPolicyAnswer.Replace("so the answer rests", "(the tool ran with key sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789) so the answer rests", StringComparison.Ordinal);

        var run = Run(corpus.Root, new ScriptedChatClient(answer), Configured(), "judge", "record", "support");

        Assert.Equal(0, run.Code);
        var recording = File.ReadAllText(corpus.Support("refund-window-wrong-policy.judge.json"));
        Assert.DoesNotContain("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", recording);
        Assert.Contains("a100000000000003", recording);
    }

    [Fact]
    public void Attribute_in_live_mode_calls_the_model_and_writes_no_recording()
    {
        using var corpus = new TempCorpus();
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var run = Run(corpus.Root, client, Configured(), "attribute", "--judge-mode", "live", corpus.Support(Fixture.WrongPolicy));

        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("Poor Information Retrieval", run.Out);
        Assert.Contains("live (not recorded)", run.Out);
        Assert.Single(client.Requests);
        Assert.False(File.Exists(corpus.Support("refund-window-wrong-policy.judge.json")));
    }
}
