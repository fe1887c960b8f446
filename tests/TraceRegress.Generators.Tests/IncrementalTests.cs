using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace TraceRegress.Generators.Tests;

/// <summary>
/// The pipeline's caching: a second run does no work, and editing one trace re-reads only that
/// trace. Every model stage is checked for compiler objects, which would defeat the cache.
/// </summary>
public class IncrementalTests
{
    private static GeneratorHarness Corpus() => new GeneratorHarness().AddFixtureFolder("corpus");

    [Fact]
    public void A_second_run_with_the_same_input_is_all_cached_or_unchanged()
    {
        var harness = Corpus();
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult();
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult();

        var steps = Steps(second);
        foreach (var name in TrackingNames.ModelStages.Append(TrackingNames.CorpusInputs))
        {
            Assert.True(steps.ContainsKey(name), $"stage {name} was not tracked");
            Assert.All(steps[name].SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }

        Assert.Equal(Sources(first), Sources(second));
        AssertNoCompilerObjectsInModels(first);
        AssertNoCompilerObjectsInModels(second);
    }

    [Fact]
    public void Editing_one_trace_rereads_only_that_trace_and_rerenders_nothing()
    {
        var harness = Corpus();
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var edited = harness.Texts.Single(t => t.Path.EndsWith("/checkout/timeout-0519.json", StringComparison.Ordinal));
        var replacement = new GeneratorHarness.InMemoryText(edited.Path, edited.GetText()!.ToString().ReplaceExisting("30000 ms", "45000 ms"));

        var result = driver.ReplaceAdditionalText(edited, replacement).RunGenerators(compilation.Clone()).GetRunResult();
        var files = Steps(result)[TrackingNames.CorpusFiles];

        // The edited trace is read and validated again; its model (readable, same format) is equal to the old one.
        var reasons = files.ToDictionary(s => PathOf(s), s => Assert.Single(s.Outputs).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reasons[edited.Path]);
        Assert.All(reasons.Where(r => r.Key != edited.Path), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Value));

        // The edit changes no name, path, readability or format: the corpus is equal, so the plan is not even recomputed.
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(Assert.Single(Steps(result)[TrackingNames.Plan]).Outputs).Reason);
        Assert.All(Steps(result)[TrackingNames.RenderedTests].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        AssertNoCompilerObjectsInModels(result);
    }

    [Fact]
    public void Breaking_one_trace_removes_only_its_test_and_reports_it()
    {
        var harness = new GeneratorHarness()
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "a.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "b.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "c.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var last = harness.Texts.Last();
        var broken = new GeneratorHarness.InMemoryText(last.Path, Fixtures.Read("bad/truncated.json"));

        var result = driver.ReplaceAdditionalText(last, broken).RunGenerators(compilation.Clone()).GetRunResult();

        Assert.Equal("TRG001", Assert.Single(result.Diagnostics).Id);
        Assert.Equal(["RootTraces.a.g.cs", "RootTraces.b.g.cs", "RootTraces.g.cs"], HintNames(result));
        var rendered = Steps(result)[TrackingNames.RenderedTests].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Removed], rendered);
    }

    [Fact]
    public void Adding_a_trace_renders_only_the_new_test()
    {
        var harness = new GeneratorHarness()
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "a.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "b.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);

        var added = new GeneratorHarness.InMemoryText(GeneratorHarness.CorpusDir + "/c.json", Fixtures.Read("corpus/search/zipkin-404.json"));
        var result = driver.AddAdditionalTexts([added]).RunGenerators(compilation.Clone()).GetRunResult();

        var rendered = Steps(result)[TrackingNames.RenderedTests].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.New], rendered);
        Assert.Equal(["RootTraces.a.g.cs", "RootTraces.b.g.cs", "RootTraces.c.g.cs", "RootTraces.g.cs"], HintNames(result));
    }

    [Theory]
    [InlineData(References.NUnit)]
    [InlineData(References.XunitV3)]
    [InlineData(References.MSTest)]
    public void Adding_or_removing_a_trace_adds_or_removes_one_source_and_renders_no_class_again(References references)
    {
        var harness = new GeneratorHarness { References = references }
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "checkout/a.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "checkout/b.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var before = HintNames(driver.GetRunResult());

        var added = new GeneratorHarness.InMemoryText(GeneratorHarness.CorpusDir + "/checkout/c.json", Fixtures.Read("corpus/search/zipkin-404.json"));
        driver = driver.AddAdditionalTexts([added]).RunGenerators(compilation.Clone());
        var afterAdd = driver.GetRunResult();

        Assert.Equal(before.Append("CheckoutTraces.c.g.cs").Order(StringComparer.Ordinal), HintNames(afterAdd));
        Assert.All(Steps(afterAdd)[TrackingNames.RenderedClasses].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(
            [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.New],
            RenderedReasons(afterAdd).Select(r => r.Reason));

        driver = driver.RemoveAdditionalTexts([harness.Texts[0]]).RunGenerators(compilation.Clone());
        var afterRemove = driver.GetRunResult();

        Assert.Equal(["CheckoutTraces.b.g.cs", "CheckoutTraces.c.g.cs", "CheckoutTraces.g.cs"], HintNames(afterRemove));
        Assert.All(Steps(afterRemove)[TrackingNames.RenderedClasses].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Single(RenderedReasons(afterRemove), r => r.Reason == IncrementalStepRunReason.Removed);
        Assert.All(RenderedReasons(afterRemove).Where(r => r.Reason != IncrementalStepRunReason.Removed), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Reason));
    }

    [Fact]
    public void Editing_code_in_the_test_project_does_not_rerun_the_corpus_stages()
    {
        var harness = Corpus();
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class HandWritten { }"));

        var result = driver.RunGenerators(edited).GetRunResult();

        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Assert.Single(Steps(result)[TrackingNames.Framework]).Outputs).Reason);
        foreach (var name in new[] { TrackingNames.CorpusFiles, TrackingNames.Plan, TrackingNames.RenderedTests })
        {
            Assert.All(Steps(result)[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }
    }

    [Fact]
    public void Editing_one_trace_of_many_regenerates_at_most_that_traces_own_source()
    {
        // Forty traces in four folders; the one in the middle is edited three times.
        var harness = new GeneratorHarness();
        var fixtures = new[] { "corpus/checkout/timeout-0519.json", "corpus/checkout/coupon-rate-limit.json", "corpus/search/zipkin-404.json", "corpus/search/langsmith-wrong-tool.json" };
        for (var i = 0; i < 40; i++) harness.AddFixture(fixtures[i % 4], $"area{i % 4}/run-{i:D2}.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var original = harness.Texts[21];
        var hint = "Area1Traces.run_21.g.cs";
        Assert.Contains(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == hint);

        // 1. A content edit that keeps the trace readable: only it is read again, and no source is rendered again.
        var edited = new GeneratorHarness.InMemoryText(original.Path, original.GetText()!.ToString().ReplaceExisting("coupons.apply", "coupons.redeem"));
        Assert.NotEqual(original.GetText()!.ToString(), edited.GetText().ToString());
        driver = driver.ReplaceAdditionalText(original, edited).RunGenerators(compilation.Clone());
        var result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.All(RenderedReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Reason));
        Assert.All(Steps(result)[TrackingNames.RenderedClasses].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(40 + 4, result.Results.Single().GeneratedSources.Length);

        // 2. An edit that breaks it: exactly its own source goes, with a diagnostic; the other 39 stay cached.
        var broken = new GeneratorHarness.InMemoryText(original.Path, edited.GetText().ToString()[..200]);
        driver = driver.ReplaceAdditionalText(edited, broken).RunGenerators(compilation.Clone());
        result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.Equal("TRG001", Assert.Single(result.Diagnostics).Id);
        var changed = RenderedReasons(result).Where(r => r.Reason != IncrementalStepRunReason.Cached).ToList();
        Assert.Equal(IncrementalStepRunReason.Removed, Assert.Single(changed).Reason);
        AssertNoOtherClassRendered(result, "Area1Traces.g.cs");
        Assert.Equal(39 + 4, result.Results.Single().GeneratedSources.Length);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == hint);

        // 3. The fix: exactly one source is generated again, its own, identical to the first one.
        driver = driver.ReplaceAdditionalText(broken, edited).RunGenerators(compilation.Clone());
        result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.Empty(result.Diagnostics);
        changed = RenderedReasons(result).Where(r => r.Reason != IncrementalStepRunReason.Cached).ToList();
        var regenerated = Assert.Single(changed);
        Assert.Equal(IncrementalStepRunReason.New, regenerated.Reason);
        Assert.Equal(hint, ((Models.GeneratedTest)regenerated.Value).HintName);
        AssertNoOtherClassRendered(result, "Area1Traces.g.cs");
        Assert.Equal(40 + 4, result.Results.Single().GeneratedSources.Length);
        AssertNoCompilerObjectsInModels(result);
    }

    /// <summary>
    /// No test class but <paramref name="own"/> was rendered again (xUnit v2's class changes only when a shard of it
    /// gains its first trace or loses its last one).
    /// </summary>
    private static void AssertNoOtherClassRendered(GeneratorDriverRunResult result, string own) =>
        Assert.All(
            Steps(result)[TrackingNames.RenderedClasses].SelectMany(s => s.Outputs).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)),
            o => Assert.Equal(own, ((Models.GeneratedTest)o.Value).HintName));

    private static List<string> HintNames(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToList();

    /// <summary>The corpus file stage ran for <paramref name="path"/> alone; every other file came from the cache.</summary>
    private static void AssertOnlyThisTraceWasRead(GeneratorDriverRunResult result, string path)
    {
        var files = Steps(result)[TrackingNames.CorpusFiles];
        var reran = files.Where(s => Assert.Single(s.Outputs).Reason != IncrementalStepRunReason.Cached).Select(s => PathOf(s) + " " + s.Outputs[0].Reason).ToList();
        Assert.Equal([path], reran.Select(r => r[..r.LastIndexOf(' ')]));
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> RenderedReasons(GeneratorDriverRunResult result) =>
        Steps(result)[TrackingNames.RenderedTests].SelectMany(s => s.Outputs).ToList();

    private static Dictionary<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> Steps(GeneratorDriverRunResult result) =>
        result.Results.Single().TrackedSteps.ToDictionary(p => p.Key, p => p.Value);

    private static string PathOf(IncrementalGeneratorRunStep step) =>
        ((Models.TraceFileModel)Assert.Single(step.Outputs).Value).FilePath;

    private static List<string> Sources(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToList();

    /// <summary>Walks every model stage's outputs and fails on any compiler object held in them.</summary>
    private static void AssertNoCompilerObjectsInModels(GeneratorDriverRunResult result)
    {
        var steps = Steps(result);
        foreach (var name in TrackingNames.ModelStages)
        {
            var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
            foreach (var (value, _) in steps[name].SelectMany(s => s.Outputs)) Visit(value, name, visited);
        }
    }

    private static void Visit(object? node, string stage, HashSet<object> visited)
    {
        if (node is null || !visited.Add(node)) return;
        Assert.False(node is Compilation or ISymbol or SyntaxNode or SyntaxTree or AdditionalText or Location or SemanticModel,
            $"stage {stage} holds a {node.GetType().Name}");
        var type = node.GetType();
        if (type.IsPrimitive || type.IsEnum || type == typeof(string)) return;
        if (node is IEnumerable collection)
        {
            foreach (var item in collection) Visit(item, stage, visited);
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            Visit(field.GetValue(node), stage, visited);
        }
    }
}
