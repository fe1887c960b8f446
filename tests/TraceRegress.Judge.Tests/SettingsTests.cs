namespace TraceRegress.Judge.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Settings_come_from_the_file_and_environment_variables_win()
    {
        using var corpus = new TempCorpus();
        File.WriteAllText(corpus.Path(JudgeSettings.DefaultFileName), """
            { "model": "gpt-4o-mini", "endpoint": "http://localhost:11434/v1", "apiKeyVariable": "MY_JUDGE_KEY", "tokenBudget": 8000,
              "inputCostPerMillionTokens": 0.15, "outputCostPerMillionTokens": 0.6 }
            """);
        var environment = TestEnvironment.Of((JudgeSettings.ModelVariable, "gpt-4.1"), ("MY_JUDGE_KEY", "secret-value"), (JudgeSettings.ModeVariable, "record"));

        var settings = JudgeSettings.Load(null, corpus.Root, environment);

        Assert.Equal("gpt-4.1", settings.Model);
        Assert.Equal(new Uri("http://localhost:11434/v1"), settings.Endpoint);
        Assert.Equal("secret-value", settings.ApiKey);
        Assert.Equal(JudgeMode.Record, settings.Mode);
        Assert.Equal(8_000, settings.ToOptions().TokenBudget);
        Assert.Equal(0.6m, settings.ToOptions().OutputCostPerMillionTokens);
        Assert.DoesNotContain("secret-value", settings.ToString());
        Assert.Contains("key from MY_JUDGE_KEY", settings.ToString());
    }

    [Theory]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("accessToken")]
    public void A_settings_file_holding_a_key_is_refused(string property)
    {
        using var corpus = new TempCorpus();
        var file = corpus.Path("judge.json");
        File.WriteAllText(file, $$"""{ "model": "gpt-4o-mini", "{{property}}": "sk-123" }""");

        var error = Assert.Throws<JudgeConfigurationException>(() => JudgeSettings.Load(file, corpus.Root, TestEnvironment.Desktop));

        Assert.Contains($"{file}: \"{property}\" looks like a credential", error.Message);
        Assert.Contains(JudgeSettings.ApiKeyVariable, error.Message);
        Assert.DoesNotContain("sk-123", error.Message);
    }

    [Theory]
    [InlineData("""{ "modle": "gpt-4o" }""", "unknown property \"modle\"")]
    [InlineData("""{ "mode": "sometimes" }""", "unknown judge mode 'sometimes'")]
    [InlineData("""{ "endpoint": "localhost:11434" }""", "is not an http(s) URL")]
    [InlineData("""{ "model": "x" """, "not valid JSON")]
    public void A_bad_settings_file_names_the_file_and_the_problem(string content, string problem)
    {
        using var corpus = new TempCorpus();
        var file = corpus.Path("judge.json");
        File.WriteAllText(file, content);

        var error = Assert.Throws<JudgeConfigurationException>(() => JudgeSettings.Load(file, corpus.Root, TestEnvironment.Desktop));

        Assert.Contains(file, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_named_settings_file_that_does_not_exist_is_an_error()
    {
        var error = Assert.Throws<JudgeConfigurationException>(() =>
            JudgeSettings.Load(null, Path.GetTempPath(), TestEnvironment.Of((JudgeSettings.SettingsVariable, "missing-judge.json"))));

        Assert.Contains("missing-judge.json: judge settings file not found", error.Message);
    }
}
