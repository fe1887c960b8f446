namespace TraceRegress.Cli.Tests.Commands;

/// <summary><c>attribute --expected-answer</c> and <c>&lt;trace&gt;.expected.json</c>: the answer the run should have given.</summary>
public sealed class ExpectedAnswerTests : IDisposable
{
    private static readonly string ToolNotFound = Fixture.Path("corpus", "search", "tool-not-found.json");
    private readonly string _folder = Directory.CreateTempSubdirectory("traceregress-expected-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string CopyTrace()
    {
        var path = Path.Combine(_folder, "tool-not-found.json");
        File.Copy(ToolNotFound, path);
        return path;
    }

    [Fact]
    public void An_empty_expected_answer_is_a_usage_error()
    {
        var run = CliRun.Of("attribute", ToolNotFound, "--expected-answer", "");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError("--expected-answer: the expected answer is empty");
    }

    [Fact]
    public void An_expected_answer_file_that_is_not_json_is_bad_input_naming_the_file_and_position()
    {
        var trace = CopyTrace();
        File.WriteAllText(Path.Combine(_folder, "tool-not-found.expected.json"), "{\n  \"answer\": \"736455\",,\n}");

        var run = CliRun.Of("attribute", trace);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("tool-not-found.expected.json", run.Error);
        Assert.Contains("(2,", run.Error.Replace(":2:", "(2,"));
        Assert.Contains("not valid JSON", run.Error);
    }

    [Fact]
    public void An_expected_answer_file_without_an_answer_is_bad_input()
    {
        var trace = CopyTrace();
        File.WriteAllText(Path.Combine(_folder, "tool-not-found.expected.json"), "{\"expected\": \"736455\"}");

        var run = CliRun.Of("attribute", trace, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tool-not-found.expected.json", run.Error);
        Assert.Contains("\"answer\"", run.Error);
    }

    [Fact]
    public void The_json_says_what_the_citation_rests_on_and_which_agent_the_span_belongs_to()
    {
        var run = CliRun.Of("attribute", ToolNotFound, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal("error-evidence", json.RootElement.GetProperty("basis").GetString());
        Assert.True(json.RootElement.GetProperty("cited").TryGetProperty("agent", out _));
    }

    [Fact]
    public void A_passing_run_option_gives_no_failure_when_no_detector_finds_anything()
    {
        var healthy = Fixture.Path("corpus", "checkout", "healthy.json");
        var inferred = CliRun.Of("attribute", healthy, "--json");
        var passing = CliRun.Of("attribute", healthy, "--json", "--passing-run");

        Assert.Equal(0, inferred.ExitCode);
        Assert.Equal(0, passing.ExitCode);
        using var a = System.Text.Json.JsonDocument.Parse(passing.Out);
        if (!AttributionEngine.Default.Detect(AgentTrace.Load(healthy)).Any())
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, a.RootElement.GetProperty("cited").ValueKind);
            Assert.Contains("\"basis\": \"inference\"", inferred.Out, StringComparison.Ordinal);
        }
    }
}
