using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using TraceRegress.Generators.Emit;

namespace TraceRegress.MSTest.Tests;

/// <summary>
/// The generated corpus tests carry TestCategory("shard-N"), and <c>dotnet test --filter TestCategory=shard-N</c> on this
/// very project runs exactly one shard's traces.
/// </summary>
[TestClass]
public sealed class ShardFilterTests
{
    private const int ShardCount = 2;

    private static readonly string[] Traces =
    [
        "billing/rate-limited.json",
        "checkout/inventory-timeout.json",
        "research/five-hop.json",
        "search/docs-not-found.json",
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_generated_test_is_in_a_test_class_and_carries_the_shard_of_its_trace()
    {
        var tests = typeof(ShardFilterTests).Assembly.GetTypes()
            .Where(t => t.Namespace == "TraceRegress.MSTest.Tests.Corpus")
            .SelectMany(t => t.GetMethods().Select(m => (Type: t, Method: m, Test: m.GetCustomAttribute<TestMethodAttribute>())))
            .Where(m => m.Test is not null)
            .ToList();

        CollectionAssert.AreEqual(Traces, tests.Select(t => t.Test!.DisplayName).Order(StringComparer.Ordinal).ToArray());
        foreach (var (type, method, test) in tests)
        {
            Assert.IsNotNull(type.GetCustomAttribute<TestClassAttribute>(), type.Name);
            var category = Assert.ContainsSingle(method.GetCustomAttributes<TestCategoryAttribute>()).TestCategories.Single();
            Assert.AreEqual("shard-" + ShardKey.Of(test!.DisplayName!, ShardCount).ToString(CultureInfo.InvariantCulture), category);
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void The_category_filter_runs_only_that_shards_tests(int shard)
    {
        var expected = Traces.Where(t => ShardKey.Of(t, ShardCount) == shard).ToList();
        Assert.IsNotEmpty(expected);

        var listed = DotnetTest("--list-tests", "--filter", $"TestCategory=shard-{shard}");
        var run = DotnetTest("--filter", $"TestCategory=shard-{shard}");

        Assert.AreEqual(0, listed.ExitCode, listed.Output);
        foreach (var trace in Traces)
        {
            if (expected.Contains(trace)) Assert.Contains(trace, listed.Output);
            else Assert.DoesNotContain(trace, listed.Output);
        }

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Assert.Contains($"Failed:     0, Passed:     {expected.Count}, Skipped:     0, Total:     {expected.Count}", run.Output);
    }

    /// <summary>Runs <c>dotnet test</c> on this project, already built, as a developer or a CI shard would.</summary>
    private (int ExitCode, string Output) DotnetTest(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ProjectDirectory(),
        };
        start.ArgumentList.Add("test");
        start.ArgumentList.Add("--no-build");
        start.ArgumentList.Add("--configuration");
        start.ArgumentList.Add(new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The child is a plain run, not one steered by this run's test host or build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.CancellationToken);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet test did not finish within two minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
