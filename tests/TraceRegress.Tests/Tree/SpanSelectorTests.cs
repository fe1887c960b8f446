namespace TraceRegress.Tests.Tree;

public class SpanSelectorTests
{
    private static readonly AgentTrace Broken = Fixture.Load("otlp", "broken-tree.json");

    [Theory]
    [InlineData("orchestrator/search[2]/http.get", "0000000000000004")]
    [InlineData("search[2]/http.get", "0000000000000004")]
    [InlineData("http.get", "0000000000000004")]
    [InlineData("orchestrator/search[1]", "0000000000000002")]
    [InlineData("search[2]", "0000000000000003")]
    [InlineData(@"search/GET \/v1\/search", "000000000000000a")]
    [InlineData(@"GET \/v1\/search", "000000000000000a")]
    [InlineData("loop.a/loop.b", "0000000000000007")]
    [InlineData("orchestrator", "0000000000000001")]
    public void Selects_by_path_suffix_and_unique_bare_name(string selector, string spanId)
    {
        Assert.Equal(spanId, Broken.Select(selector).SpanId);
        Assert.True(Broken.TrySelect(selector, out var span));
        Assert.Equal(spanId, span!.SpanId);
    }

    [Theory]
    [InlineData("id:0000000000000004")]
    [InlineData("id:0000000000000004 ")]
    [InlineData("id:000000000000000A")]
    public void Selects_by_id_case_insensitively(string selector)
    {
        Assert.Equal(selector.Contains('A') ? @"GET /v1/search" : "http.get", Broken.Select(selector).Name);
    }

    [Fact]
    public void An_unknown_id_selects_nothing()
    {
        Assert.False(Broken.TrySelect("id:ffffffffffffffff", out var span));
        Assert.Null(span);
        Assert.Throws<SpanSelectionException>(() => Broken.Select("id:ffffffffffffffff"));
    }

    [Fact]
    public void A_bare_name_used_twice_is_ambiguous_and_lists_the_candidates()
    {
        var e = Assert.Throws<SpanSelectionException>(() => Broken.Select("search"));

        Assert.Equal("search", e.Selector);
        Assert.Equal(["orchestrator/search[1] (id:0000000000000002)", "orchestrator/search[2] (id:0000000000000003)"], e.Candidates);
        Assert.Contains("ambiguous", e.Message);
        Assert.Contains("orchestrator/search[2] (id:0000000000000003)", e.Message);
        Assert.False(Broken.TrySelect("search", out var none));
        Assert.Null(none);
        Assert.Equal(2, Broken.SelectAll("search").Count);
    }

    [Fact]
    public void A_duplicated_id_selects_both_spans_and_is_ambiguous()
    {
        Assert.Equal(["dup", "dup.copy"], Broken.SelectAll("id:0000000000000008").Select(s => s.Name));
        Assert.Throws<SpanSelectionException>(() => Broken.Select("id:0000000000000008"));
        // FindById resolves a duplicate to the span that owns the children.
        Assert.Equal("dup", Broken.FindById("0000000000000008")!.Name);
    }

    [Fact]
    public void A_selector_matching_nothing_names_similar_spans()
    {
        var e = Assert.Throws<SpanSelectionException>(() => Broken.Select("search[3]"));

        Assert.Contains("matches no span", e.Message);
        Assert.Contains("orchestrator/search[1]", e.Candidates);
        Assert.Empty(Broken.SelectAll("search[3]"));
    }

    [Theory]
    [InlineData("search[0]")]
    [InlineData("search[")]
    [InlineData("")]
    public void An_invalid_selector_is_reported_as_such(string selector)
    {
        var e = Assert.Throws<SpanSelectionException>(() => Broken.Select(selector));

        Assert.Contains("not a valid span selector", e.Message);
        Assert.Empty(Broken.SelectAll(selector));
    }

    [Fact]
    public void Selects_the_seed_five_hop_span_by_full_path_suffix_and_name()
    {
        var flat = Fixture.Load("flat", "five-hop.json");

        Assert.Equal("0000000000000005", flat.Select("orchestrator.plan/synthesize.results/llm.completion").SpanId);
        Assert.Equal("0000000000000005", flat.Select("synthesize.results/llm.completion").SpanId);
        Assert.Equal("0000000000000005", flat.Select("llm.completion").SpanId);
    }
}
