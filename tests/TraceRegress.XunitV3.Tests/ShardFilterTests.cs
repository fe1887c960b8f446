using System.Diagnostics;
using System.Reflection;
using TraceRegress.Generators.Emit;
using TraceRegress.TestSupport;

namespace TraceRegress.Xunit.Tests;

/// <summary>
/// The generated corpus tests of this project carry the trait Shard=N, and Microsoft.Testing.Platform's trait filter on
/// this very test executable runs exactly one shard's traces.
/// </summary>
public class ShardFilterTests
{
    private const int ShardCount = AdapterCorpus.ShardCount;

    private static readonly string[] Traces = AdapterCorpus.Traces;

    /// <summary>
    /// The generated test cases of this assembly, by display name, with their Shard trait: the rows each generated
    /// class's theory reads (one per trace), as xUnit v3 gets them.
    /// </summary>
    private static Dictionary<string, string> GeneratedTests()
    {
        var classes = typeof(ShardFilterTests).Assembly.GetTypes().Where(t => t.Namespace == "TraceRegress.XunitV3.Tests.Generated").ToList();
        Assert.All(classes, c => Assert.Single(c.GetMethods(), m => m.GetCustomAttribute<TheoryAttribute>() is not null));
        return classes
            .SelectMany(c => CorpusTraces.Rows(c))
            .ToDictionary(r => r.TestDisplayName!, r => Assert.Single(Assert.Single(r.Traits!, t => t.Key == "Shard").Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_trait_filter_runs_only_that_shards_tests(int shard)
    {
        var expected = Traces.Where(t => ShardKey.Of(t, ShardCount) == shard).ToList();

        var listed = RunSelf("--list-tests", "--filter-trait", $"Shard={shard}");
        var run = RunSelf("--filter-trait", $"Shard={shard}");

        Assert.True(listed.ExitCode == 0, listed.Output);
        foreach (var trace in Traces)
        {
            if (expected.Contains(trace)) Assert.Contains(trace, listed.Output);
            else Assert.DoesNotContain(trace, listed.Output);
        }

        Assert.DoesNotContain(nameof(The_trait_filter_runs_only_that_shards_tests), listed.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"total: {expected.Count}", run.Output);
        Assert.Contains($"succeeded: {expected.Count}", run.Output);
    }

    /// <summary>Runs this test assembly as the Microsoft.Testing.Platform executable it is.</summary>
    private static (int ExitCode, string Output) RunSelf(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(ShardFilterTests).Assembly.Location);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--no-ansi");
        start.ArgumentList.Add("--no-progress");

        // The child is a plain run, not one steered by this run's test host.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the test executable did not finish within two minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
