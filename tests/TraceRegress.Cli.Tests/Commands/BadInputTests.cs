using TraceRegress.Approval;

namespace TraceRegress.Cli.Tests.Commands;

/// <summary>Every command turns bad input into exit code 2 and one line on standard error, and changes nothing.</summary>
public class BadInputTests
{
    private static readonly string Healthy = Fixture.Path("corpus", "checkout", "healthy.json");

    [Fact]
    public void No_arguments_prints_the_usage_and_exits_2()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:", run.Out);
        foreach (var command in (string[])["attribute", "accept", "redact", "report"]) Assert.Contains(command, run.Out);
        run.AssertOneLineError("no command given; expected one of: attribute, accept, ");
    }

    [Theory]
    [InlineData("attribute", "trace")]
    [InlineData("redact", "trace")]
    [InlineData("report", "corpus")]
    public void A_missing_argument_names_it(string command, string argument)
    {
        var run = CliRun.Of(command);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError($"'{argument}'");
    }

    [Theory]
    [InlineData("--jsno", "attribute", "{trace}", "--jsno")]
    [InlineData("--jsno", "attribute", "--jsno", "{trace}")]
    [InlineData("--in-place", "redact", "{trace}", "--in-place")]
    [InlineData("--heatmap", "report", "{corpus}", "--heatmap")]
    [InlineData("--all", "accept", "{corpus}", "--all")]
    [InlineData("--all", "accept", "--all")]
    public void An_unknown_option_is_named_and_nothing_runs(string unknown, params string[] args)
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var before = Snapshot(corpus.Root);
        var trace = corpus.Path("search", "tool-not-found.json");

        var run = CliRun.Of(args.Select(a => a.Replace("{trace}", trace, StringComparison.Ordinal).Replace("{corpus}", corpus.Root, StringComparison.Ordinal)).ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError($"'{unknown}'");
        Assert.Equal(before, Snapshot(corpus.Root));
    }

    [Fact]
    public void A_file_named_like_an_option_can_still_be_given()
    {
        using var folder = new TempFolder();
        File.Copy(Healthy, folder.Path("-healthy.json"));

        var run = CliRun.In(folder.Root, "attribute", "--json", "--", "-healthy.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(AttributionEngine.Default.Attribute(AgentTrace.Load(Healthy)).ToJson(), run.Out);
    }

    [Theory]
    [InlineData("attribute")]
    [InlineData("redact")]
    public void A_missing_trace_file_is_bad_input(string command)
    {
        using var folder = new TempFolder();

        var run = CliRun.In(folder.Root, command, "traces/missing.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError("traces/missing.json: file not found");
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }

    [Theory]
    [InlineData("attribute", "truncated.json", @"truncated\.json\(\d+,\d+\): ")]
    [InlineData("redact", "truncated.json", @"truncated\.json\(\d+,\d+\): ")]
    [InlineData("attribute", "not-a-trace.json", "unknown trace format")]
    [InlineData("redact", "not-a-trace.json", "unknown trace format")]
    [InlineData("attribute", "tool-not-found.json.gz", "is gzip-compressed, expected a JSON trace; decompress it first")]
    [InlineData("redact", "tool-not-found.json.gz", "is gzip-compressed, expected a JSON trace; decompress it first")]
    public void An_unreadable_trace_is_bad_input_and_is_left_alone(string command, string file, string reason)
    {
        using var folder = new TempFolder();
        var path = folder.Path(file);
        File.Copy(Fixture.Path("bad", file), path);

        var run = CliRun.Of(command, path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(reason, run.Error);
        Assert.Equal(File.ReadAllBytes(Fixture.Path("bad", file)), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void A_trace_that_cannot_be_opened_is_bad_input()
    {
        // A folder named like a trace: opening it fails the same way a file without read permission does.
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path("trace.json"));

        var run = CliRun.Of("attribute", folder.Path("trace.json"));

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("is a folder, expected a trace file");
    }

    [Theory]
    [InlineData("--html")]
    [InlineData("--md")]
    public void A_report_into_a_read_only_folder_fails_before_any_work(string option)
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        using var readOnly = new ReadOnlyFolder();
        var output = readOnly.Path("report.out");

        var run = CliRun.Of("report", corpus.Root, option, output, "--check");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError($"{output}: cannot write in {readOnly.Root}");
    }

    [Fact]
    public void A_report_path_that_is_a_folder_is_bad_input()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));

        var run = CliRun.Of("report", corpus.Root, "--md", corpus.Path("checkout"));

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("is a folder, expected a file to write");
    }

    [Theory]
    [InlineData("report")]
    [InlineData("accept")]
    public void A_corpus_that_is_a_file_is_bad_input(string command)
    {
        var run = CliRun.Of(command, Healthy);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("is a file, expected a corpus folder");
    }

    [Fact]
    public void Accepting_in_a_read_only_corpus_keeps_both_files_and_says_why()
    {
        using var staging = new TempFolder();
        var trace = staging.Path("rate-limited.json");
        File.Copy(Fixture.Path("corpus", "checkout", "rate-limited.json"), trace);
        File.WriteAllText(staging.Path("rate-limited.received.json"), AttributionEngine.Default.Attribute(AgentTrace.Load(trace)).ToJson());
        File.Copy(Fixture.Path("approvals", "tool-not-found.old.verified.json"), staging.Path("rate-limited.verified.json"));
        using var corpus = new ReadOnlyFolder(Directory.GetFiles(staging.Root));
        Assert.True(corpus.Root != "/proc", "this test needs a folder that holds the files and refuses changes");
        var before = Snapshot(corpus.Root);

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("failed   rate-limited", run.Out);
        Assert.Contains("Accepted 0 of 1.", run.Out);
        run.AssertOneLineError("1 received file(s) not accepted");
        Assert.Equal(before, Snapshot(corpus.Root));
        Assert.True(VerifiedAttribution.Load(corpus.Path("rate-limited.verified.json")).Describe().Contains("Tool Output Misinterpretation", StringComparison.Ordinal));
    }

    /// <summary>Every file under a folder with its content, to prove a failed command changed nothing.</summary>
    private static string Snapshot(string folder) =>
        string.Join('\n', Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
}
