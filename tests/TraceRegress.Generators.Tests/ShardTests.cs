using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Generators.Emit;

namespace TraceRegress.Generators.Tests;

/// <summary>Every trace's test case carries a stable shard key; the shards partition the corpus.</summary>
public partial class ShardTests
{
    /// <summary>A corpus of many paths, shaped like real ones: folders, dates, ids, non-ASCII names.</summary>
    private static IReadOnlyList<string> ManyPaths(int count) =>
        Enumerable.Range(0, count)
            .Select(i => string.Create(CultureInfo.InvariantCulture,
                $"{(i % 7) switch { 0 => "checkout", 1 => "search", 2 => "billing/eu", 3 => "réservations", 4 => "agents/planner", 5 => "", _ => "x" }}{(i % 7 == 5 ? "" : "/")}trace-{i:D5}-{(i * 7919) % 10007}.json"))
            .ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(16)]
    public void Every_trace_lands_in_exactly_one_shard_and_the_shards_partition_the_corpus(int count)
    {
        var paths = ManyPaths(5000);

        var shards = Enumerable.Range(1, count)
            .Select(shard => paths.Where(p => ShardKey.Of(p, count) == shard).ToHashSet(StringComparer.Ordinal))
            .ToList();

        Assert.All(paths, p => Assert.Single(shards, s => s.Contains(p)));
        Assert.Equal(paths.Count, shards.Sum(s => s.Count));
        Assert.True(paths.ToHashSet(StringComparer.Ordinal).SetEquals(shards.SelectMany(s => s)));

        // Spread, not all in one: with 5,000 paths each shard holds within 20% of its fair share.
        var fair = paths.Count / (double)count;
        Assert.All(shards, s => Assert.InRange(s.Count, fair * 0.8, fair * 1.2));
    }

    [Fact]
    public void The_key_is_a_fixed_function_of_the_path_alone()
    {
        // FNV-1a 32 of the UTF-8 bytes: the same on every machine and process (string.GetHashCode is randomised).
        Assert.Equal(2166136261u, ShardKey.Hash(""));
        Assert.Equal(0xE40C292Cu, ShardKey.Hash("a"));
        Assert.Equal(0xBF9CF968u, ShardKey.Hash("foobar"));
        Assert.Equal(ShardKey.Hash("checkout/timeout-0519.json"), ShardKey.Hash("checkout\\timeout-0519.json"));
        Assert.NotEqual(ShardKey.Hash("checkout/timeout-0519.json"), ShardKey.Hash("Checkout/timeout-0519.json"));
    }

    [Fact]
    public void Adding_traces_moves_no_other_trace_to_another_shard()
    {
        var small = new GeneratorHarness().AddFixture("corpus/checkout/timeout-0519.json", "checkout/a.json").Run();
        var larger = new GeneratorHarness()
            .AddFixture("corpus/checkout/timeout-0519.json", "checkout/a.json")
            .AddFixture("corpus/checkout/timeout-0519.json", "checkout/b.json")
            .AddFixture("corpus/checkout/timeout-0519.json", "zzz/c.json")
            .Run();

        Assert.Equal(ShardsByTest(small.AllSources())["checkout/a.json"], ShardsByTest(larger.AllSources())["checkout/a.json"]);
    }

    [Theory]
    [InlineData(References.Xunit)]
    [InlineData(References.XunitV3)]
    [InlineData(References.NUnit)]
    [InlineData(References.MSTest)]
    public void Each_trace_is_declared_with_its_shard_for_every_framework(References references)
    {
        var harness = new GeneratorHarness { References = references }.WithProperty("TraceRegressShardCount", "3");
        var paths = ManyPaths(60);
        foreach (var path in paths) harness.AddFixture("corpus/checkout/timeout-0519.json", path);

        var outcome = harness.Run();

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompilationProblems());
        var shards = ShardsByTest(outcome.AllSources());
        Assert.Equal(paths.Order(StringComparer.Ordinal), shards.Keys.Order(StringComparer.Ordinal));
        foreach (var path in paths) Assert.Equal(ShardKey.Of(path, 3), shards[path]);
        Assert.Equal([1, 2, 3], shards.Values.Distinct().Order());
    }

    [Fact]
    public void Xunit_v2_has_one_theory_per_shard_that_holds_traces_with_its_trait()
    {
        // Folder a holds traces of exactly two of the three shards; folder b one trace of one shard.
        var candidates = Enumerable.Range(0, 50).Select(i => $"a/t{i}.json").ToList();
        var first = candidates[0];
        var second = candidates.First(p => ShardKey.Of(p, 3) != ShardKey.Of(first, 3));
        var absent = 6 - ShardKey.Of(first, 3) - ShardKey.Of(second, 3);
        var third = candidates.First(p => p != first && ShardKey.Of(p, 3) == ShardKey.Of(first, 3));
        var harness = new GeneratorHarness { References = References.Xunit }.WithProperty("TraceRegressShardCount", "3");
        foreach (var path in new[] { first, second, third, "b/only.json" }) harness.AddFixture("corpus/checkout/timeout-0519.json", path);

        var outcome = harness.Run();

        Assert.Empty(outcome.Diagnostics);
        Assert.Empty(outcome.CompilationProblems());
        var a = Assert.Single(outcome.Sources, s => s.HintName == "ATraces.g.cs").SourceText.ToString().ReplaceLineEndings("\n");
        foreach (var shard in new[] { ShardKey.Of(first, 3), ShardKey.Of(second, 3) })
        {
            Assert.Contains(
                $"[global::Xunit.Trait(\"Shard\", \"{shard}\")]\n        [global::Xunit.MemberData(nameof(Rows), {shard})]\n        public void Shard{shard}(string trace)",
                a,
                StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"Shard{absent}(", a, StringComparison.Ordinal);
        Assert.Equal(2, a.Split("[global::TraceRegress.Xunit.CorpusTheory]").Length - 1);
        var b = Assert.Single(outcome.Sources, s => s.HintName == "BTraces.g.cs").SourceText.ToString();
        Assert.Equal(1, b.Split("[global::TraceRegress.Xunit.CorpusTheory]").Length - 1);
        Assert.Contains($"public void Shard{ShardKey.Of("b/only.json", 3)}(string trace)", b, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_four_shards()
    {
        var harness = new GeneratorHarness();
        foreach (var path in ManyPaths(40)) harness.AddFixture("corpus/checkout/timeout-0519.json", path);

        var shards = ShardsByTest(harness.Run().AllSources()).Values.Distinct().Order();

        Assert.Equal([1, 2, 3, 4], shards);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("four")]
    [InlineData("1001")]
    public void A_shard_count_that_is_not_understood_is_a_warning_and_the_default_is_used(string value)
    {
        var outcome = new GeneratorHarness().WithProperty("TraceRegressShardCount", value)
            .AddFixture("corpus/checkout/timeout-0519.json", "checkout/a.json").Run();

        var diagnostic = Assert.Single(outcome.Diagnostics);
        Assert.Equal("TRG009", diagnostic.Id);
        Assert.Contains($"'{value}'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(ShardKey.Of("checkout/a.json", ShardKey.DefaultCount), ShardsByTest(outcome.AllSources())["checkout/a.json"]);
    }

    /// <summary>Relative path → shard, read from the traces' declarations in the generated sources.</summary>
    private static Dictionary<string, int> ShardsByTest(string sources) =>
        XunitTest().Matches(sources).ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["shard"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""\[assembly: global::TraceRegress\.Testing\.CorpusTrace\("[^"]+", "(?<name>[^"]+)", (?<shard>\d+)\)\]""")]
    private static partial Regex XunitTest();
}
