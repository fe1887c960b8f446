using System.Runtime.CompilerServices;
using TraceRegress.Generators.Emit;
using TraceRegress.TestSupport;

namespace TraceRegress.Xunit.Tests;

/// <summary>
/// The generated corpus tests of this very project, run by <c>dotnet test</c> as a developer or a CI shard runs them:
/// each trace is one test case of its folder's data-driven theory, named by its relative path, in its shard; a trace
/// can be run alone by its name; and a failing trace fails only its own row. Compiled into the xUnit 2 and the xUnit v3
/// test projects alike (each runs its own generated tests).
/// </summary>
public class GeneratedRowsTests
{
    private const int ShardCount = AdapterCorpus.ShardCount;

    private static readonly string[] Traces = AdapterCorpus.Traces;

    /// <summary>Only the generated tests (their namespace ends in .Generated), never these runner tests again.</summary>
    private const string GeneratedOnly = "FullyQualifiedName~.Generated.";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Each_trace_is_one_test_case_named_by_its_path_in_its_shard(int shard)
    {
        var expected = Traces.Where(t => ShardKey.Of(t, ShardCount) == shard).ToList();
        Assert.NotEmpty(expected);

        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", $"Shard={shard}"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(expected, run.Results.Select(r => r.Name));
        Assert.All(run.Results, r => Assert.True(r.Passed, $"{r.Name}: {r.Outcome}\n{r.Message}"));
    }

    [Fact]
    public void A_trace_runs_alone_by_its_display_name()
    {
        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", "DisplayName~research/five-hop"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("research/five-hop.json", Assert.Single(run.Results).Name);
    }

    [Fact]
    public void A_failing_trace_fails_only_its_own_row()
    {
        var received = Path.Combine(ProjectDirectory(), "traces", "billing", "rate-limited.received.json");
        var traceId = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "billing", "rate-limited.json")).TraceId;
        try
        {
            var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", GeneratedOnly],
                new Dictionary<string, string> { [TraceRegress.TestSupport.BreakableEngine.Variable] = traceId });

            Assert.NotEqual(0, run.ExitCode);
            Assert.Equal(Traces, run.Results.Select(r => r.Name));
            var failed = Assert.Single(run.Results, r => !r.Passed);
            Assert.Equal("billing/rate-limited.json", failed.Name);
            Assert.Contains("billing/rate-limited.json", failed.Message, StringComparison.Ordinal);
            Assert.Contains(received, failed.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(received), "no received file beside the failing trace");
        }
        finally
        {
            File.Delete(received);
        }
    }

    /// <summary>The project this assembly was built from: tests/&lt;assembly name&gt; (this file is shared by two projects).</summary>
    private static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!, typeof(GeneratedRowsTests).Assembly.GetName().Name!);
}
