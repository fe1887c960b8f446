using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace TraceRegress.Generators.Tests;

/// <summary>
/// The pipeline's caching: a second run does no work, editing one trace re-reads only that trace and
/// renders nothing, and adding or removing a trace generates only its folder's one source again. Every
/// model stage is checked for compiler objects, which would defeat the cache.
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
        Assert.All(Steps(result)[TrackingNames.TestClasses].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(RenderedReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Reason));
        AssertNoCompilerObjectsInModels(result);
    }

    [Fact]
    public void Breaking_one_trace_removes_only_its_row_and_reports_it()
    {
        var harness = new GeneratorHarness()
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "a.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "b.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "c.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "search/d.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var before = SourcesByHint(driver.GetRunResult());
        var broken = new GeneratorHarness.InMemoryText(harness.Texts[2].Path, Fixtures.Read("bad/truncated.json"));

        var result = driver.ReplaceAdditionalText(harness.Texts[2], broken).RunGenerators(compilation.Clone()).GetRunResult();

        Assert.Equal("TRG001", Assert.Single(result.Diagnostics).Id);
        Assert.Equal(["RootTraces.g.cs", "SearchTraces.g.cs"], HintNames(result));
        AssertRegeneratedOnly(result, "RootTraces.g.cs");
        var after = SourcesByHint(result);
        Assert.Contains("\"a.json\"", after["RootTraces.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("\"c.json\"", after["RootTraces.g.cs"], StringComparison.Ordinal);
        Assert.Equal(before["SearchTraces.g.cs"], after["SearchTraces.g.cs"]);
    }

    [Theory]
    [InlineData(References.Xunit)]
    [InlineData(References.NUnit)]
    [InlineData(References.XunitV3)]
    [InlineData(References.MSTest)]
    public void Adding_or_removing_a_trace_regenerates_only_its_folders_one_source(References references)
    {
        var harness = new GeneratorHarness { References = references }
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "checkout/b.json")
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "checkout/d.json")
            .AddFixture("corpus/search/zipkin-404.json", "search/x.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var sources = SourcesByHint(driver.GetRunResult());
        Assert.Equal(["CheckoutTraces.g.cs", "SearchTraces.g.cs"], sources.Keys.Order(StringComparer.Ordinal));

        // A trace after the folder's first, one before it (the folder's class moves to another corpus file), then their removal.
        var c = new GeneratorHarness.InMemoryText(GeneratorHarness.CorpusDir + "/checkout/c.json", Fixtures.Read("corpus/search/zipkin-404.json"));
        var a = new GeneratorHarness.InMemoryText(GeneratorHarness.CorpusDir + "/checkout/a.json", Fixtures.Read("corpus/search/zipkin-404.json"));
        var steps = new (string Change, Func<GeneratorDriver, GeneratorDriver> Apply, string[] Rows)[]
        {
            ("add checkout/c.json", d => d.AddAdditionalTexts([c]), ["checkout/b.json", "checkout/c.json", "checkout/d.json"]),
            ("add checkout/a.json", d => d.AddAdditionalTexts([a]), ["checkout/a.json", "checkout/b.json", "checkout/c.json", "checkout/d.json"]),
            ("remove checkout/a.json", d => d.RemoveAdditionalTexts([a]), ["checkout/b.json", "checkout/c.json", "checkout/d.json"]),
            ("remove checkout/b.json", d => d.RemoveAdditionalTexts([harness.Texts[0]]), ["checkout/c.json", "checkout/d.json"]),
        };

        foreach (var (change, apply, rows) in steps)
        {
            driver = apply(driver).RunGenerators(compilation.Clone());
            var result = driver.GetRunResult();

            Assert.True(result.Diagnostics.IsEmpty, change);
            AssertRegeneratedOnly(result, "CheckoutTraces.g.cs");
            var after = SourcesByHint(result);
            Assert.Equal(sources["SearchTraces.g.cs"], after["SearchTraces.g.cs"]);
            Assert.Equal(rows, RowPaths(after["CheckoutTraces.g.cs"]));
            AssertNoCompilerObjectsInModels(result);
        }
    }

    [Fact]
    public void Adding_or_removing_a_folder_adds_or_removes_only_its_source()
    {
        var harness = new GeneratorHarness()
            .AddFixture("corpus/checkout/coupon-rate-limit.json", "checkout/a.json")
            .AddFixture("corpus/search/zipkin-404.json", "search/x.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var before = SourcesByHint(driver.GetRunResult());

        // "billing" sorts before the other folders.
        var added = new GeneratorHarness.InMemoryText(GeneratorHarness.CorpusDir + "/billing/z.json", Fixtures.Read("corpus/search/zipkin-404.json"));
        driver = driver.AddAdditionalTexts([added]).RunGenerators(compilation.Clone());
        var result = driver.GetRunResult();

        Assert.Equal(["BillingTraces.g.cs", "CheckoutTraces.g.cs", "SearchTraces.g.cs"], HintNames(result));
        AssertRegeneratedOnly(result, "BillingTraces.g.cs");
        Assert.Equal(IncrementalStepRunReason.New, Assert.Single(RenderedReasons(result), r => r.Reason != IncrementalStepRunReason.Cached).Reason);
        foreach (var (hint, source) in before) Assert.Equal(source, SourcesByHint(result)[hint]);

        driver = driver.RemoveAdditionalTexts([added]).RunGenerators(compilation.Clone());
        result = driver.GetRunResult();

        Assert.Equal(["CheckoutTraces.g.cs", "SearchTraces.g.cs"], HintNames(result));
        Assert.Equal(IncrementalStepRunReason.Removed, Assert.Single(RenderedReasons(result), r => r.Reason != IncrementalStepRunReason.Cached).Reason);
        Assert.Equal(before, SourcesByHint(result));
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
        foreach (var name in new[] { TrackingNames.CorpusFiles, TrackingNames.Plan, TrackingNames.TestClasses, TrackingNames.RenderedClasses })
        {
            Assert.All(Steps(result)[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }
    }

    [Fact]
    public void Editing_one_trace_of_many_regenerates_at_most_its_folders_source()
    {
        // Forty traces in four folders; the one in the middle is edited three times.
        var harness = new GeneratorHarness();
        var fixtures = new[] { "corpus/checkout/timeout-0519.json", "corpus/checkout/coupon-rate-limit.json", "corpus/search/zipkin-404.json", "corpus/search/langsmith-wrong-tool.json" };
        for (var i = 0; i < 40; i++) harness.AddFixture(fixtures[i % 4], $"area{i % 4}/run-{i:D2}.json");
        var compilation = harness.CreateCompilation();
        var driver = harness.CreateDriver().RunGenerators(compilation);
        var original = harness.Texts[21];
        const string hint = "Area1Traces.g.cs";
        var first = SourcesByHint(driver.GetRunResult());
        Assert.Equal(4, first.Count);
        Assert.Contains("area1/run-21.json", RowPaths(first[hint]));

        // 1. A content edit that keeps the trace readable: only it is read again, and no source is rendered again.
        var edited = new GeneratorHarness.InMemoryText(original.Path, original.GetText()!.ToString().ReplaceExisting("coupons.apply", "coupons.redeem"));
        Assert.NotEqual(original.GetText()!.ToString(), edited.GetText().ToString());
        driver = driver.ReplaceAdditionalText(original, edited).RunGenerators(compilation.Clone());
        var result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.All(RenderedReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r.Reason));
        Assert.Equal(first, SourcesByHint(result));

        // 2. An edit that breaks it: exactly its folder's source is generated again, without its row, with a diagnostic.
        var broken = new GeneratorHarness.InMemoryText(original.Path, edited.GetText().ToString()[..200]);
        driver = driver.ReplaceAdditionalText(edited, broken).RunGenerators(compilation.Clone());
        result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.Equal("TRG001", Assert.Single(result.Diagnostics).Id);
        AssertRegeneratedOnly(result, hint);
        var sources = SourcesByHint(result);
        Assert.Equal(4, sources.Count);
        Assert.DoesNotContain("area1/run-21.json", RowPaths(sources[hint]));
        Assert.Equal(9, RowPaths(sources[hint]).Count);

        // 3. The fix: exactly its folder's source is generated again, identical to the first one.
        driver = driver.ReplaceAdditionalText(broken, edited).RunGenerators(compilation.Clone());
        result = driver.GetRunResult();
        AssertOnlyThisTraceWasRead(result, original.Path);
        Assert.Empty(result.Diagnostics);
        AssertRegeneratedOnly(result, hint);
        Assert.Equal(first, SourcesByHint(result));
        AssertNoCompilerObjectsInModels(result);
    }

    /// <summary>
    /// Exactly one source was generated again, <paramref name="hint"/>: every other folder's class model compared equal
    /// and its source came from the cache.
    /// </summary>
    private static void AssertRegeneratedOnly(GeneratorDriverRunResult result, string hint)
    {
        var rendered = RenderedReasons(result);
        Assert.All(
            rendered.Where(r => r.Reason != IncrementalStepRunReason.Cached),
            r => Assert.Equal(hint, ((Models.GeneratedSource)r.Value).HintName));
        Assert.Single(rendered, r => r.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);
    }

    /// <summary>The relative paths a folder's source declares as its rows, in the order written.</summary>
    private static List<string> RowPaths(string source) =>
        System.Text.RegularExpressions.Regex.Matches(source, @"CorpusTrace\(""[^""]*"", ""([^""]*)"", \d+\)").Select(m => m.Groups[1].Value).ToList();

    private static Dictionary<string, string> SourcesByHint(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

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
        Steps(result)[TrackingNames.RenderedClasses].SelectMany(s => s.Outputs).ToList();

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
