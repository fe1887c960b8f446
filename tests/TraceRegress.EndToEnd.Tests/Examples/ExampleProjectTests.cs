namespace TraceRegress.EndToEnd.Tests.Examples;

/// <summary>
/// The bundled travel-agent examples, built and run with <c>dotnet test</c> from a copy of the repository:
/// one passing test per trace, a new trace fails until accepted, and an engine change shows as a readable diff.
/// Each test leaves the copy as it found it; tests of one class run one after another.
/// </summary>
public sealed class ExampleProjectTests(ExampleRepository repository) : IClassFixture<ExampleRepository>
{
    /// <summary>
    /// Hand-written tests beside the generated ones in each example project: the booking checks, and the Wayfarer
    /// replay tests (xUnit also checks the committed Wayfarer traces against a fresh capture).
    /// </summary>
    // BookingFailureTests (6 each), WayfarerRecordingTests (2, xUnit), WayfarerReplayTests (6 cases in xUnit, 4 in NUnit).
    private static int HandWrittenTests(string project) => project == ExampleRepository.XunitProject ? 6 + 2 + 6 : 6 + 4;

    /// <summary>The traces whose planner runs on the fine-tuned model with more than 4,096 input tokens.</summary>
    private static readonly string[] PlannerTracesOver4096Tokens =
    [
        "bookings/seat-change-error-under-ok.json",
        "flights/search-rate-limited.json",
        "hotels/nightly-rate-hallucinated.json",
        "setup/currency-key-missing.json",
    ];

    [Theory]
    [InlineData(ExampleRepository.XunitProject)]
    [InlineData(ExampleRepository.NUnitProject)]
    public void Every_trace_of_the_corpus_is_one_passing_test(string project)
    {
        var traces = repository.Traces();
        Assert.True(traces.Count >= 10, $"the example corpus holds only {traces.Count} traces");

        var run = repository.Test(project);

        Assert.True(run.Run.ExitCode == 0, run.Run.Describe());
        var generated = run.Generated(traces);
        Assert.Equal(traces, generated.Select(r => r.Name).ToHashSet());
        Assert.Equal(traces.Count, generated.Count);
        Assert.All(run.Results, r => Assert.True(r.Passed, $"{r.Name}: {r.Outcome}\n{r.Message}"));
        Assert.Equal(traces.Count + HandWrittenTests(project), run.Results.Count);

        // The adapter's runtime settings for a test run reach the test project's runtimeconfig.json.
        var runtimeConfig = Directory.GetFiles(Path.Combine(repository.Root, project, "bin"), "*.runtimeconfig.json", SearchOption.AllDirectories)
            .Single(f => Path.GetFileName(f) == Path.GetFileName(project) + ".runtimeconfig.json");
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(runtimeConfig));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());
    }

    [Theory]
    [InlineData(ExampleRepository.XunitProject, "Shard={0}")]
    [InlineData(ExampleRepository.NUnitProject, "Category=shard-{0}")]
    public void A_shard_filter_runs_exactly_the_traces_of_that_shard(string project, string filter)
    {
        const int shards = 4; // TraceRegressShardCount's default
        var traces = repository.Traces();
        var ran = new List<string>();

        for (var shard = 1; shard <= shards; shard++)
        {
            var run = repository.Test(project, build: shard == 1, string.Format(System.Globalization.CultureInfo.InvariantCulture, filter, shard));

            Assert.True(run.Run.ExitCode == 0, run.Run.Describe());
            var expected = traces.Where(t => Generators.Emit.ShardKey.Of(t, shards) == shard).ToHashSet();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, run.Results.Select(r => r.Name).ToHashSet());
            ran.AddRange(run.Results.Select(r => r.Name));
        }

        // The shards partition the corpus: every trace ran once, and no hand-written test ran in any shard.
        Assert.Equal(traces.Order(StringComparer.Ordinal), ran.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ExampleRepository.XunitProject)]
    [InlineData(ExampleRepository.NUnitProject)]
    public void A_new_trace_fails_with_a_received_file_until_it_is_accepted(string project)
    {
        const string name = "loyalty/bad-gateway";
        var trace = Path.Combine(repository.Corpus, "loyalty", "bad-gateway.json");
        var received = Path.Combine(repository.Corpus, "loyalty", "bad-gateway.received.json");
        var verified = Path.Combine(repository.Corpus, "loyalty", "bad-gateway.verified.json");
        Directory.CreateDirectory(Path.GetDirectoryName(trace)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "examples", "loyalty-bad-gateway.json"), trace);
        try
        {
            var traces = repository.Traces();
            var first = repository.Test(project);

            Assert.NotEqual(0, first.Run.ExitCode);
            Assert.Equal(traces.Count, first.Generated(traces).Count);
            // The new trace is one test case of its own: only it fails, every other trace and test passes.
            var failed = Assert.Single(first.Results, r => !r.Passed);
            Assert.Equal(name + ".json", failed.Name);
            Assert.Contains("no verified attribution yet", failed.Message, StringComparison.Ordinal);
            Assert.Contains("execute_tool get_loyalty_balance", failed.Message, StringComparison.Ordinal);
            Assert.Contains("Service Errors", failed.Message, StringComparison.Ordinal);
            Assert.Contains("TRACEREGRESS_ACCEPT=1 dotnet test", failed.Message, StringComparison.Ordinal);
            Assert.Contains("traceregress accept", failed.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(received), "no received file beside the new trace:\n" + failed.Message);
            Assert.Contains(received, failed.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(verified));

            // A developer's machine: accept is refused on a build server unless asked for there too.
            var accepting = repository.Test(project, build: false,
                ("TRACEREGRESS_ACCEPT", "1"), ("TRACEREGRESS_ACCEPT_ON_CI", "1"));

            Assert.True(accepting.Run.ExitCode == 0, accepting.Run.Describe());
            Assert.True(File.Exists(verified), "accepting wrote no verified file");
            Assert.False(File.Exists(received), "accepting left the received file");
            Assert.Contains("get_loyalty_balance", File.ReadAllText(verified), StringComparison.Ordinal);

            var after = repository.Test(project, build: false);
            Assert.True(after.Run.ExitCode == 0, after.Run.Describe());
            Assert.All(after.Results, r => Assert.True(r.Passed, r.Name));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(trace)!, recursive: true);
        }
    }

    [Fact]
    public void A_smaller_context_window_moves_the_affected_traces_with_a_readable_diff()
    {
        var engineFile = Path.Combine(repository.Root, ExampleRepository.XunitProject, "TravelAgentEngine.cs");
        var original = File.ReadAllText(engineFile);
        Assert.Contains("= 128_000", original, StringComparison.Ordinal);
        File.WriteAllText(engineFile, original.ReplaceExisting("= 128_000", "= 4_096"));
        try
        {
            var run = repository.Test(ExampleRepository.XunitProject);

            Assert.NotEqual(0, run.Run.ExitCode);
            var failed = run.Generated(repository.Traces()).Where(r => !r.Passed).ToList();
            Assert.Equal(PlannerTracesOver4096Tokens, failed.Select(r => r.Name).Order(StringComparer.Ordinal));
            // The hand-written tests pinning two of those traces move too, with the same kind of message.
            var handWritten = run.Results.Where(r => !r.Passed).Except(failed).ToList();
            Assert.Equal(2, handWritten.Count);
            Assert.All(handWritten, r => Assert.Contains("Context Handling Failures", r.Message, StringComparison.Ordinal));
            foreach (var failure in failed)
            {
                var approved = Approved(failure.Name);
                // Expected: the approved span and category; actual: the planner's first model call, out of context.
                Assert.Contains("expected span:      " + approved.Path + " (id ", failure.Message, StringComparison.Ordinal);
                Assert.Contains("expected category:  " + approved.Category, failure.Message, StringComparison.Ordinal);
                Assert.Matches(@"actual span: +invoke_agent wayfarer/chat ft:[^\n]*\[1\] \(id [0-9a-f]{16}\)", failure.Message);
                Assert.Contains("actual category:    agent › Planning and Coordination Errors › Context Management › Context Handling Failures", failure.Message, StringComparison.Ordinal);
                Assert.Contains("◀ expected", failure.Message, StringComparison.Ordinal);
                Assert.Contains("◀ actual", failure.Message, StringComparison.Ordinal);
                Assert.True(File.Exists(ReceivedFor(failure.Name)), "no received file for " + failure.Name);
            }
        }
        finally
        {
            File.WriteAllText(engineFile, original);
            foreach (var trace in PlannerTracesOver4096Tokens) File.Delete(ReceivedFor(trace));
        }
    }

    private string ReceivedFor(string trace) =>
        Path.Combine(repository.Corpus, Path.ChangeExtension(trace, null) + ".received.json");

    private (string Path, string Category) Approved(string trace)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(repository.Corpus, Path.ChangeExtension(trace, null) + ".verified.json")));
        return (doc.RootElement.GetProperty("cited").GetProperty("path").GetString()!, doc.RootElement.GetProperty("category").GetProperty("l4").GetString()!);
    }

    [Fact]
    public void A_build_reads_only_the_traces_that_changed_since_the_last_build()
    {
        var project = ExampleRepository.XunitProject;
        var traces = repository.Traces();
        var cache = Path.Combine(repository.Root, project, "obj", "Debug", "net10.0", "traceregress.checks");

        // After whatever ran before, a build leaves every trace's verdict in the cache in obj/.
        var settle = repository.Dotnet(["build", project, "--no-restore", "-v:n"]);
        Assert.True(settle.ExitCode == 0, settle.Describe());
        Assert.True(File.Exists(cache), "no trace check cache was written:\n" + settle.Describe());
        var entries = File.ReadAllLines(cache).Skip(1).Select(line => line.Split('\t', 4)).ToList();
        Assert.Equal(traces.Select(t => Path.GetFullPath(Path.Combine(repository.Corpus, t))).ToHashSet(), entries.Select(e => e[3]).ToHashSet());
        Assert.All(entries, e => Assert.StartsWith("passed:", e[2], StringComparison.Ordinal));

        // One trace touched: the next build reads that one and takes every other verdict from the cache.
        var touched = Path.Combine(repository.Corpus, traces.First());
        var written = File.GetLastWriteTimeUtc(touched);
        try
        {
            File.SetLastWriteTimeUtc(touched, DateTime.UtcNow.AddMinutes(-1));
            var build = repository.Dotnet(["build", project, "--no-restore", "-v:n"]);

            Assert.True(build.ExitCode == 0, build.Describe());
            Assert.Contains($"TraceRegress: 1 corpus trace(s) checked, {traces.Count - 1} unchanged since an earlier build, {traces.Count} stamped for the generator.", build.Output);
        }
        finally
        {
            File.SetLastWriteTimeUtc(touched, written);
        }
    }
}
