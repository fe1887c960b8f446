using System.Text.Json;

namespace TraceRegress.Judge.Tests;

public sealed class RecordingTests
{
    [Fact]
    public void Record_writes_the_verdict_beside_the_trace_and_replay_gives_the_same_attribution_byte_for_byte_with_no_client()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var recordingPath = corpus.Support("refund-window-wrong-policy.judge.json");
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var recorded = Judges.Engine(client, JudgeMode.Record).Judge(AgentTrace.Load(tracePath));
        var bytes = File.ReadAllBytes(recordingPath);
        var replayed = Judges.Engine(null).Judge(AgentTrace.Load(tracePath));
        var again = Judges.Engine(null).Judge(AgentTrace.Load(tracePath));

        Assert.Equal(VerdictSource.Recorded, recorded.Source);
        Assert.Equal(VerdictSource.Replayed, replayed.Source);
        Assert.Equal(recordingPath, recorded.RecordingPath);
        Assert.Equal(recorded.Attribution.ToJson(), replayed.Attribution.ToJson());
        Assert.Equal(replayed.Attribution.ToJson(), again.Attribution.ToJson());
        Assert.Equal(bytes, File.ReadAllBytes(recordingPath));
        Assert.Single(client.Requests);
    }

    [Fact]
    public void The_recording_holds_the_request_hash_the_raw_answer_token_counts_and_cost()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);

        var result = Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Judge(AgentTrace.Load(tracePath));

        var text = File.ReadAllText(result.RecordingPath!);
        Assert.DoesNotContain("\r", text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("traceregress-judge/1", root.GetProperty("format").GetString());
        Assert.Equal(Fixture.WrongPolicy, root.GetProperty("trace").GetString());
        Assert.Equal("7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f", root.GetProperty("traceId").GetString());
        var request = root.GetProperty("request");
        Assert.StartsWith("sha256:", request.GetProperty("hash").GetString());
        Assert.Equal("1", request.GetProperty("promptVersion").GetString());
        Assert.Equal(Judges.Model, request.GetProperty("model").GetString());
        Assert.Equal("TRAIL", request.GetProperty("taxonomy").GetString());
        var answer = Assert.Single(root.GetProperty("answers").EnumerateArray().ToArray());
        Assert.Equal(Fixture.WrongPolicyAnswer, answer.GetProperty("response").GetString());
        Assert.Equal(1_200, answer.GetProperty("inputTokens").GetInt64());
        Assert.Equal(80, answer.GetProperty("outputTokens").GetInt64());
        // 1,200 × 0.15 + 80 × 0.60 per million tokens.
        Assert.Equal(0.000228m, answer.GetProperty("cost").GetDecimal());
        Assert.Equal("valid", root.GetProperty("outcome").GetString());
        Assert.Contains("inferred from content", root.GetProperty("route").GetString());
        Assert.StartsWith("sha256:", root.GetProperty("seal").GetString());
        Assert.Equal(new JudgeUsage(1_200, 80, 0.000228m), result.Usage);
    }

    [Fact]
    public void Replay_without_a_recording_fails_with_the_command_that_records_it_and_writes_nothing()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);

        var error = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)));

        Assert.Contains($"no judge verdict is recorded ({corpus.Support("refund-window-wrong-policy.judge.json")} does not exist)", error.Message);
        Assert.Contains($"Record it: traceregress judge record {tracePath}", error.Message);
        Assert.False(File.Exists(error.RecordingPath));
    }

    [Fact]
    public void A_recording_goes_stale_when_the_trace_changes()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Attribute(AgentTrace.Load(tracePath));
        File.WriteAllText(tracePath, File.ReadAllText(tracePath).Replace("\"duration\": 310", "\"duration\": 340", StringComparison.Ordinal));

        var error = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)));

        Assert.Contains("the recorded verdict is stale: the trace's content changed", error.Message);
        Assert.Contains($"Record it again: traceregress judge record {tracePath}", error.Message);
    }

    [Fact]
    public void A_recording_goes_stale_when_the_prompt_version_or_the_model_changes()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Attribute(AgentTrace.Load(tracePath));

        var version = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null, configure: o => o.PromptVersion = "2").Attribute(AgentTrace.Load(tracePath)));
        var model = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null, configure: o => o.ModelId = "gpt-4.1").Attribute(AgentTrace.Load(tracePath)));
        var extended = Taxonomy.Default.With(new FailureCategory("agent", "Reasoning Errors", "Information Processing", "Stale Index"), "The retrieval index is out of date.");
        var taxonomy = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null, configure: o => o.Taxonomy = extended).Attribute(AgentTrace.Load(tracePath)));
        // A budget the small trace fits either way leaves the prompt as it was: the recording still answers it.
        Assert.True(Judges.Engine(null, configure: o => o.TokenBudget = 3_000).Attribute(AgentTrace.Load(tracePath)).FailureFound);

        Assert.Contains("stale: the prompt version changed (1 → 2)", version.Message);
        Assert.Contains($"stale: the model changed ({Judges.Model} → gpt-4.1)", model.Message);
        Assert.Contains("stale: the taxonomy changed (TRAIL → TRAIL)", taxonomy.Message);
    }

    [Fact]
    public void Record_mode_calls_the_model_only_for_missing_or_stale_recordings_unless_asked_to_record_again()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var first = new ScriptedChatClient(Fixture.WrongPolicyAnswer);
        Judges.Engine(first, JudgeMode.Record).Attribute(AgentTrace.Load(tracePath));

        var second = new ScriptedChatClient();
        var fresh = Judges.Engine(second, JudgeMode.Record).Judge(AgentTrace.Load(tracePath));
        var third = new ScriptedChatClient(Fixture.WrongPolicyAnswer);
        var again = Judges.Engine(third, JudgeMode.Record, configure: o => o.RecordAgain = true).Judge(AgentTrace.Load(tracePath));

        Assert.Equal(VerdictSource.Replayed, fresh.Source);
        Assert.Empty(second.Requests);
        Assert.Equal(VerdictSource.Recorded, again.Source);
        Assert.Single(third.Requests);
    }

    [Fact]
    public void Recording_is_refused_on_a_build_server_like_accepting_approvals()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);
        var ci = TestEnvironment.Of(("GITHUB_ACTIONS", "true"));

        var error = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(client, JudgeMode.Record, ci).Attribute(AgentTrace.Load(tracePath)));

        Assert.Contains("recording judge verdicts is refused on a build server (GITHUB_ACTIONS is set)", error.Message);
        Assert.Contains(LlmJudgeEngine.RecordOnCiVariable + "=1", error.Message);
        Assert.Empty(client.Requests);
        Assert.False(File.Exists(error.RecordingPath));

        var allowed = TestEnvironment.Of(("GITHUB_ACTIONS", "true"), (LlmJudgeEngine.RecordOnCiVariable, "1"));
        Assert.Equal(VerdictSource.Recorded, Judges.Engine(client, JudgeMode.Record, allowed).Judge(AgentTrace.Load(tracePath)).Source);
    }

    [Fact]
    public void A_recording_edited_by_hand_is_an_error_naming_the_file_and_the_command()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var recording = Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Judge(AgentTrace.Load(tracePath)).RecordingPath!;
        var original = File.ReadAllText(recording);
        File.WriteAllText(recording, original.Replace("\\\"confidence\\\": 0.8", "\\\"confidence\\\": 0.99", StringComparison.Ordinal));
        Assert.NotEqual(original, File.ReadAllText(recording));

        var edited = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)));
        File.WriteAllText(recording, original[..(original.Length / 2)]);
        var broken = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)));

        Assert.Contains($"{recording}: the recording was edited by hand", edited.Message);
        Assert.Contains($"record it again: traceregress judge record {tracePath}", edited.Message);
        Assert.Contains($"{recording}: this is not a judge recording the engine wrote (not valid JSON at line", broken.Message);
        Assert.Contains("traceregress judge record", broken.Message);
        // Replay never writes: the damaged file is left for the user to see.
        Assert.Equal(original[..(original.Length / 2)], File.ReadAllText(recording));
    }

    [Fact]
    public void Reformatting_a_recording_without_changing_it_keeps_it_valid()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var recorded = Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Judge(AgentTrace.Load(tracePath));
        var compact = JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(recorded.RecordingPath!)).RootElement);
        File.WriteAllText(recorded.RecordingPath!, compact.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(recorded.Attribution.ToJson(), Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)).ToJson());
    }

    [Fact]
    public void A_recording_for_another_trace_is_an_error_naming_both()
    {
        using var corpus = new TempCorpus();
        var wrongPolicy = corpus.Support(Fixture.WrongPolicy);
        var other = corpus.Support("refund-window-other.json");
        File.WriteAllText(other, File.ReadAllText(wrongPolicy).Replace("7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f", "0c1e2d3f4a5b6c7d8e9f0a1b2c3d4e50", StringComparison.Ordinal));
        var recording = Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Judge(AgentTrace.Load(wrongPolicy)).RecordingPath!;
        File.Copy(recording, corpus.Support("refund-window-other.judge.json"));

        var error = Assert.Throws<JudgeRecordingException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(other)));

        Assert.Contains("the recording is for another trace (trace id 7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f, file refund-window-wrong-policy.json)", error.Message);
        Assert.Contains($"not for {other} (trace id 0c1e2d3f4a5b6c7d8e9f0a1b2c3d4e50)", error.Message);
        Assert.Contains($"traceregress judge record {other}", error.Message);
    }

    [Fact]
    public void Two_invalid_answers_are_recorded_and_replay_reports_them_the_same_way()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        const string invented = """{"spanId": "a100000000000003", "category": "Stale Index", "evidence": ["US stores"], "reasoning": "x", "confidence": 0.5}""";

        var recordError = Assert.Throws<JudgeAnswerException>(() => Judges.Engine(new ScriptedChatClient(invented, invented), JudgeMode.Record).Attribute(AgentTrace.Load(tracePath)));
        var replayError = Assert.Throws<JudgeAnswerException>(() => Judges.Engine(null).Attribute(AgentTrace.Load(tracePath)));

        Assert.Equal(recordError.Message, replayError.Message);
        Assert.Contains("category 'Stale Index' is not a leaf", replayError.Message);
        using var json = JsonDocument.Parse(File.ReadAllText(replayError.RecordingPath!));
        Assert.Equal("invalid", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public void Live_mode_calls_the_model_and_writes_nothing_even_over_an_existing_recording()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var recording = Judges.Engine(new ScriptedChatClient(Fixture.WrongPolicyAnswer), JudgeMode.Record).Judge(AgentTrace.Load(tracePath)).RecordingPath!;
        var before = File.ReadAllBytes(recording);
        var other = """{"spanId": "a100000000000004", "category": "Language-only hallucination", "evidence": ["10 days left"], "reasoning": "y", "confidence": 0.4}""";

        var live = Judges.Engine(new ScriptedChatClient(other), JudgeMode.Live).Judge(AgentTrace.Load(tracePath));

        Assert.Equal("a100000000000004", live.Attribution.Cited!.SpanId);
        Assert.Null(live.RecordingPath);
        Assert.Equal(before, File.ReadAllBytes(recording));
    }

    [Fact]
    public void Answers_are_redacted_before_they_are_validated_and_recorded()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);
        var answer = Fixture.WrongPolicyAnswer.Replace("so the answer rests", "(key sk-live-1234) so the answer rests", StringComparison.Ordinal);

        var result = Judges.Engine(new ScriptedChatClient(answer), JudgeMode.Record,
            configure: o => o.RedactAnswer = text => text.Replace("sk-live-1234", "[REDACTED]", StringComparison.Ordinal)).Judge(AgentTrace.Load(tracePath));

        var recorded = File.ReadAllText(result.RecordingPath!);
        Assert.DoesNotContain("sk-live-1234", recorded);
        Assert.Contains("[REDACTED]", recorded);
        Assert.DoesNotContain("sk-live-1234", result.Attribution.Summary);
    }

    [Fact]
    public void No_model_configured_is_a_clear_error_when_the_judge_is_needed()
    {
        using var corpus = new TempCorpus();
        var tracePath = corpus.Support(Fixture.WrongPolicy);

        var error = Assert.Throws<JudgeConfigurationException>(() =>
            new LlmJudgeEngine(null, new JudgeOptions { Environment = TestEnvironment.Desktop }).Attribute(AgentTrace.Load(tracePath)));
        var noClient = Assert.Throws<JudgeConfigurationException>(() => Judges.Engine(null, JudgeMode.Record).Attribute(AgentTrace.Load(tracePath)));

        Assert.Contains($"{tracePath}: the rules have no explicit error signal here and no judge model is configured", error.Message);
        Assert.Contains(JudgeSettings.ModelVariable, error.Message);
        Assert.Contains(JudgeSettings.DefaultFileName, error.Message);
        Assert.Contains($"no judge client is configured to call {Judges.Model}: set {JudgeSettings.ApiKeyVariable}", noClient.Message);
        Assert.False(File.Exists(corpus.Support("refund-window-wrong-policy.judge.json")));
    }

    [Fact]
    public void The_client_s_default_model_is_used_when_none_is_configured()
    {
        var trace = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.WrongPolicy));
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer) { DefaultModelId = "llama3.2" };

        new LlmJudgeEngine(client, new JudgeOptions { Mode = JudgeMode.Live, Environment = TestEnvironment.Desktop }).Attribute(trace);

        Assert.Equal("llama3.2", client.Options[0]!.ModelId);
    }
}
