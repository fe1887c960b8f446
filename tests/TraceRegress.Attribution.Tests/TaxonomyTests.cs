namespace TraceRegress.AttributionTests;

/// <summary>TRAIL as data: four levels, loadable, extendable and remappable.</summary>
public class TaxonomyTests
{
    [Fact]
    public void The_default_is_TRAIL_with_twenty_leaves_in_nine_families_three_groups_and_two_owners()
    {
        var t = Taxonomy.Default;
        Assert.Equal("TRAIL", t.Name);
        Assert.Equal(20, t.Categories.Count);
        Assert.Equal(20, t.Categories.Select(c => c.L4).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            ["Hallucinations", "Information Processing", "Decision Making", "Output Generation", "Configuration", "API Issues", "Resource Management", "Context Management", "Task Management"],
            t.Categories.Select(c => c.L3).Distinct());
        Assert.Equal(["Reasoning Errors", "System Execution Errors", "Planning and Coordination Errors"], t.Categories.Select(c => c.L2).Distinct());
        Assert.Equal(["agent", "environment"], t.Categories.Select(c => c.L1).Distinct().Order(StringComparer.Ordinal));
        Assert.All(t.Categories, c => Assert.False(string.IsNullOrWhiteSpace(t.Describe(c.L4))));
    }

    [Theory]
    [InlineData("Language-only hallucination", "agent", "Reasoning Errors", "Hallucinations")]
    [InlineData("Tool-related hallucination", "agent", "Reasoning Errors", "Hallucinations")]
    [InlineData("Poor Information Retrieval", "agent", "Reasoning Errors", "Information Processing")]
    [InlineData("Tool Output Misinterpretation", "agent", "Reasoning Errors", "Information Processing")]
    [InlineData("Incorrect Problem Identification", "agent", "Reasoning Errors", "Decision Making")]
    [InlineData("Tool Selection Errors", "agent", "Reasoning Errors", "Decision Making")]
    [InlineData("Formatting Errors", "agent", "Reasoning Errors", "Output Generation")]
    [InlineData("Instruction Non-compliance", "agent", "Reasoning Errors", "Output Generation")]
    [InlineData("Tool Definition Issues", "environment", "System Execution Errors", "Configuration")]
    [InlineData("Environment Setup Errors", "environment", "System Execution Errors", "Configuration")]
    [InlineData("Rate Limiting", "environment", "System Execution Errors", "API Issues")]
    [InlineData("Authentication Errors", "environment", "System Execution Errors", "API Issues")]
    [InlineData("Service Errors", "environment", "System Execution Errors", "API Issues")]
    [InlineData("Resource Not Found", "environment", "System Execution Errors", "API Issues")]
    [InlineData("Resource Exhaustion", "environment", "System Execution Errors", "Resource Management")]
    [InlineData("Timeout Issues", "environment", "System Execution Errors", "Resource Management")]
    [InlineData("Context Handling Failures", "agent", "Planning and Coordination Errors", "Context Management")]
    [InlineData("Resource Abuse", "agent", "Planning and Coordination Errors", "Context Management")]
    [InlineData("Goal Deviation", "agent", "Planning and Coordination Errors", "Task Management")]
    [InlineData("Task Orchestration", "agent", "Planning and Coordination Errors", "Task Management")]
    public void Every_TRAIL_leaf_has_its_family_group_and_owner(string l4, string l1, string l2, string l3)
    {
        Assert.Equal(new FailureCategory(l1, l2, l3, l4), Taxonomy.Default.Find(l4));
        Assert.Equal(Taxonomy.Default.Find(l4), Taxonomy.Default.Find(l4.ToUpperInvariant()));
    }

    [Fact]
    public void A_team_file_extends_TRAIL_with_a_leaf_and_remaps_two()
    {
        var t = Taxonomy.Load(Fixture.Path("taxonomy", "payments-team.json"));
        Assert.Equal("payments-team", t.Name);
        Assert.Equal(21, t.Categories.Count);
        Assert.Equal(new FailureCategory("environment", "System Execution Errors", "API Issues", "Payment Provider Declined"), t.Find("Payment Provider Declined"));
        Assert.StartsWith("The payment provider refused", t.Describe("Payment Provider Declined"), StringComparison.Ordinal);
        Assert.Equal("Service Errors", t.Find("Rate Limiting")!.L4);
        Assert.Equal("Incorrect Problem Identification", t.Find("Language-only hallucination")!.L4);
        Assert.Equal(2, t.Remapped.Count);
        // The default stays as it was: taxonomies are immutable.
        Assert.Equal("Rate Limiting", Taxonomy.Default.Find("Rate Limiting")!.L4);
        Assert.Empty(Taxonomy.Default.Remapped);
    }

    [Fact]
    public void A_remapped_taxonomy_changes_the_cited_category_but_not_the_span()
    {
        var trace = Fixture.Load("chains", "rate-limit-no-data.json");
        var plain = AttributionEngine.Default.Attribute(trace);
        var remapped = new AttributionEngine(new AttributionOptions { Taxonomy = Taxonomy.Default.Remap("Rate Limiting", "Service Errors") }).Attribute(trace);

        Assert.Equal(plain.Cited, remapped.Cited);
        Assert.Equal("Rate Limiting", plain.Category!.L4);
        Assert.Equal(Taxonomy.Default.Find("Service Errors"), remapped.Category);
        Assert.DoesNotContain(remapped.OtherFindings, f => f.Category.L4 == "Rate Limiting");
    }

    [Fact]
    public void The_seed_label_for_the_five_hop_tree_is_one_remap_away()
    {
        // The seed calls the invented figures Incorrect Problem Identification; a team that wants that label remaps.
        var options = new AttributionOptions { Taxonomy = Taxonomy.Load(Fixture.Path("taxonomy", "payments-team.json")) };
        var a = new AttributionEngine(options).Attribute(Fixture.Load("seed", "five-hop.json"));
        Assert.Equal("orchestrator.plan/synthesize.results/llm.completion", a.Cited!.Path);
        Assert.Equal("Incorrect Problem Identification", a.Category!.L4);
    }

    [Fact]
    public void A_taxonomy_without_extends_stands_alone()
    {
        var t = Taxonomy.Parse("""{"name": "tiny", "categories": [{"l1": "agent", "l2": "Reasoning", "l3": "Facts", "l4": "Made up"}]}""");
        Assert.Equal(["Made up"], t.Categories.Select(c => c.L4));
        Assert.Null(t.Find("Rate Limiting"));
    }

    [Fact]
    public void A_detector_cannot_cite_a_leaf_the_taxonomy_lacks_and_the_engine_says_which()
    {
        var tiny = Taxonomy.Parse("""{"name": "tiny", "categories": [{"l1": "agent", "l2": "Reasoning", "l3": "Facts", "l4": "Made up"}]}""");
        var engine = new AttributionEngine(new AttributionOptions { Taxonomy = tiny });
        var e = Assert.Throws<InvalidOperationException>(() => engine.Attribute(Fixture.Load("seed", "seed-gen-ai-chat.json")));
        Assert.Contains("tiny", e.Message, StringComparison.Ordinal);
        Assert.Contains("Service Errors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_file_names_its_line_and_column()
    {
        var e = Assert.Throws<TaxonomyFormatException>(() => Taxonomy.Load(Fixture.Path("taxonomy", "broken.json")));
        Assert.EndsWith("broken.json", e.SourceName, StringComparison.Ordinal);
        Assert.Equal(5, e.Line);
        Assert.True(e.Column > 1);
    }

    [Fact]
    public void Remapping_a_leaf_that_does_not_exist_is_an_error_naming_it()
    {
        var e = Assert.Throws<TaxonomyFormatException>(() => Taxonomy.Load(Fixture.Path("taxonomy", "remap-unknown-leaf.json")));
        Assert.Contains("Rate Limitting", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Taxonomy.Default.Remap("Rate Limiting", "No Such Leaf"));
    }

    [Fact]
    public void With_adds_a_leaf_that_a_custom_detector_can_cite()
    {
        var leaf = new FailureCategory("environment", "System Execution Errors", "API Issues", "Payment Provider Declined");
        var t = Taxonomy.Default.With(leaf, "The provider declined.");
        Assert.Equal(leaf, t.Find("payment provider declined"));
        Assert.Equal(21, t.Categories.Count);
        Assert.Equal(20, Taxonomy.Default.Categories.Count);
    }
}
