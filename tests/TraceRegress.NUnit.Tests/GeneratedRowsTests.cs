using System.Runtime.CompilerServices;
using NUnit.Framework;
using TraceRegress.Generators.Emit;
using TraceRegress.TestSupport;

namespace TraceRegress.NUnit.Tests;

/// <summary>
/// The generated corpus tests of this very project, run by <c>dotnet test</c> as a developer or a CI shard runs them:
/// each trace is one test case of its folder's <c>[TestCaseSource]</c> test, named by its relative path, in the
/// category of its shard; a trace can be run alone by its name; and a failing trace fails only its own test case.
/// </summary>
[NonParallelizable]
public class GeneratedRowsTests
{
    private const int ShardCount = AdapterCorpus.ShardCount;

    private static readonly string[] Traces = AdapterCorpus.Traces;

    [Test]
    public void Each_generated_class_yields_one_named_case_per_trace_in_its_shards_category()
    {
        var classes = typeof(GeneratedRowsTests).Assembly.GetTypes().Where(t => t.Namespace == "TraceRegress.NUnit.Tests.Generated").ToList();
        var cases = classes.SelectMany(c => CorpusTraces.Rows(c)).ToList();

        Assert.That(cases.Select(c => c.TestName), Is.EqualTo(Traces));
        foreach (var testCase in cases)
        {
            Assert.That(testCase.Arguments, Is.EqualTo(new object[] { testCase.TestName! }));
            Assert.That(testCase.Properties["Category"], Is.EqualTo(new[] { "shard-" + ShardKey.Of(testCase.TestName!, ShardCount) }));
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Each_trace_is_one_test_case_named_by_its_path_in_its_shard(int shard)
    {
        var expected = Traces.Where(t => ShardKey.Of(t, ShardCount) == shard).ToList();
        Assert.That(expected, Is.Not.Empty);

        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", $"Category=shard-{shard}"]);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        Assert.That(run.Results.Select(r => r.Name), Is.EqualTo(expected));
        Assert.That(run.Results.All(r => r.Passed), run.Describe());
    }

    [Test]
    public void A_trace_runs_alone_by_its_name()
    {
        var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", "Name~research/five-hop"]);

        Assert.That(run.ExitCode, Is.Zero, run.Describe());
        Assert.That(run.Results.Select(r => r.Name), Is.EqualTo(new[] { "research/five-hop.json" }));
    }

    [Test]
    public void A_failing_trace_fails_only_its_own_test_case()
    {
        var received = Path.Combine(ProjectDirectory(), "traces", "billing", "rate-limited.received.json");
        var traceId = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "billing", "rate-limited.json")).TraceId;
        try
        {
            var run = TestRunnerProcess.DotnetTest(ProjectDirectory(), ["--filter", "FullyQualifiedName~.Generated."],
                new Dictionary<string, string> { [BreakableEngine.Variable] = traceId });

            Assert.That(run.ExitCode, Is.Not.Zero, run.Describe());
            Assert.That(run.Results.Select(r => r.Name), Is.EqualTo(Traces));
            var failed = run.Results.Where(r => !r.Passed).ToList();
            Assert.That(failed.Select(r => r.Name), Is.EqualTo(new[] { "billing/rate-limited.json" }));
            Assert.That(failed[0].Message, Does.Contain(received));
            Assert.That(File.Exists(received), Is.True, "no received file beside the failing trace");
        }
        finally
        {
            File.Delete(received);
        }
    }

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
