namespace TraceRegress.Xunit.Tests;

// After a fix: the run from before (the corpus trace) and the run after it (runs/), through the project's engine.
public class AssertDoesNotAttributeTests
{
    private static readonly AgentTrace Before = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "checkout", "inventory-timeout.json"));
    private static readonly AgentTrace After = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "runs", "checkout", "inventory-confirmed.json"));

    [Fact]
    public void Passes_when_the_fixed_run_no_longer_cites_the_failure()
    {
        Assert.DoesNotAttribute(After, category: "Timeout Issues", before: Before);
        Assert.DoesNotAttribute(After, span: "execute_tool inventory.lookup");
        Assert.NoFailure(After, before: Before);
    }

    [Fact]
    public void Another_failure_than_the_one_named_passes()
    {
        Assert.DoesNotAttribute(Before, category: "Rate Limiting");
        Assert.DoesNotAttribute(Before, category: "Timeout Issues", span: "checkout-agent.run/gen_ai.chat[2]");
    }

    [Fact]
    public void Fails_while_the_failure_is_still_cited_showing_both_attributions_side_by_side()
    {
        var failure = Assert.Throws<AttributionException>(() => Assert.DoesNotAttribute(Before, category: "Resource Management", before: Before));

        var lines = failure.Message.Split('\n');
        Assert.StartsWith("Assert.DoesNotAttribute() failed for inventory-timeout.json: expected no failure of category \"Resource Management\" at any level, but the run is still attributed to Timeout Issues at checkout-agent.run/execute_tool inventory.lookup.", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("                before (inventory-timeout.json)") && l.TrimEnd().EndsWith("this run"));
        Assert.Contains(lines, l => l.StartsWith("  cited span:   checkout-agent.run/execute_tool inventory.lookup") && l.TrimEnd().EndsWith("checkout-agent.run/execute_tool inventory.lookup"));
        Assert.Contains(lines, l => l.StartsWith("  category:     environment › System Execution Errors › Resource Management › Timeout Issues"));
        Assert.Contains("◀ cited", failure.Message);
    }

    [Fact]
    public void No_failure_fails_on_any_failure_and_shows_the_run_alone_without_a_before()
    {
        var failure = Assert.Throws<AttributionException>(() => Assert.NoFailure(Before));

        Assert.StartsWith("Assert.NoFailure() failed for inventory-timeout.json: expected no failure, but the run is still attributed to Timeout Issues", failure.Message);
        Assert.Contains("  cited span:   checkout-agent.run/execute_tool inventory.lookup\n", failure.Message);
        Assert.Contains("pass the trace from before the change as `before:`", failure.Message);
    }

    [Fact]
    public void Works_on_xunits_own_assert_too() =>
        global::Xunit.Assert.DoesNotAttribute(After, category: "Timeout Issues");
}
