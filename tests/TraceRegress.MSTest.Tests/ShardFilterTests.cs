using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using TraceRegress.Generators.Emit;
using TraceRegress.TestSupport;

namespace TraceRegress.MSTest.Tests;

/// <summary>
/// The generated corpus tests of this very project: each trace is one data row of its folder's
/// <c>[DynamicData]</c> test, shown by its relative path and in TestCategory("shard-N"), and <c>dotnet test</c> runs
/// them by shard, runs one trace alone by its name, and fails only the row of a failing trace.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ShardFilterTests
{
    private const int ShardCount = AdapterCorpus.ShardCount;

    private static readonly string[] Traces = AdapterCorpus.Traces;

    [TestMethod]
    public void Every_generated_class_is_a_test_class_whose_rows_carry_the_path_and_shard_of_each_trace()
    {
        var classes = typeof(ShardFilterTests).Assembly.GetTypes().Where(t => t.Namespace == "TraceRegress.MSTest.Tests.Corpus").ToList();
        Assert.IsNotEmpty(classes);
        foreach (var type in classes)
        {
            Assert.IsNotNull(type.GetCustomAttribute<TestClassAttribute>(), type.Name);
            Assert.ContainsSingle(type.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() is not null && m.GetCustomAttribute<DynamicDataAttribute>() is not null));
        }

        var rows = classes.SelectMany(CorpusTraces.Rows).ToList();
        CollectionAssert.AreEqual(Traces, rows.Select(r => r.DisplayName).ToArray());
        foreach (var row in rows)
        {
            Assert.AreEqual(row.DisplayName, row.Value);
            CollectionAssert.AreEqual(new[] { "shard-" + ShardKey.Of(row.Value, ShardCount).ToString(CultureInfo.InvariantCulture) }, row.TestCategories!.ToArray());
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void The_category_filter_runs_only_that_shards_traces_each_one_test_case(int shard)
    {
        var expected = Traces.Where(t => ShardKey.Of(t, ShardCount) == shard).ToList();
        Assert.IsNotEmpty(expected);

        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", $"TestCategory=shard-{shard}"]);

        Assert.AreEqual(0, run.ExitCode, run.Describe());
        CollectionAssert.AreEqual(expected, run.Results.Select(r => r.Name).ToList());
        Assert.IsTrue(run.Results.All(r => r.Passed), run.Describe());
    }

    [TestMethod]
    public void A_trace_runs_alone_by_its_name()
    {
        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", "Name~research/five-hop"]);

        Assert.AreEqual(0, run.ExitCode, run.Describe());
        Assert.AreEqual("research/five-hop.json", Assert.ContainsSingle(run.Results).Name);
    }

    [TestMethod]
    public void A_failing_trace_fails_only_its_own_row()
    {
        var received = Path.Combine(ProjectDirectory(), "traces", "billing", "rate-limited.received.json");
        var traceId = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "billing", "rate-limited.json")).TraceId;
        try
        {
            var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", "FullyQualifiedName~.Corpus."],
                new Dictionary<string, string> { [BreakableEngine.Variable] = traceId });

            Assert.AreNotEqual(0, run.ExitCode, run.Describe());
            CollectionAssert.AreEqual(Traces, run.Results.Select(r => r.Name).ToList());
            var failed = Assert.ContainsSingle(run.Results.Where(r => !r.Passed));
            Assert.AreEqual("billing/rate-limited.json", failed.Name);
            Assert.Contains(received, failed.Message);
            Assert.IsTrue(File.Exists(received), "no received file beside the failing trace");
        }
        finally
        {
            File.Delete(received);
        }
    }

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
