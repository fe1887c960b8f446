using NUnit.Framework;

namespace TraceRegress.NUnit.Tests;

// After a fix: the run from before (the corpus trace) and the run after it (runs/), through the project's engine.
public class AssertDoesNotAttributeTests
{
    private static readonly AgentTrace Before = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "checkout", "inventory-timeout.json"));
    private static readonly AgentTrace After = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "runs", "checkout", "inventory-confirmed.json"));

    [Test]
    public void Passes_when_the_fixed_run_no_longer_cites_the_failure()
    {
        Assert.DoesNotAttribute(After, category: "Timeout Issues", before: Before);
        Assert.DoesNotAttribute(After, span: "execute_tool inventory.lookup");
        Assert.NoFailure(After, before: Before);
    }

    [Test]
    public void Fails_while_the_failure_is_still_cited_showing_both_attributions_side_by_side()
    {
        var failure = Assert.Throws<AssertionException>(() => Assert.DoesNotAttribute(Before, category: "Timeout Issues", before: Before))!;

        var lines = failure.Message.Split('\n');
        Assert.That(lines[0], Does.StartWith("Assert.DoesNotAttribute() failed for inventory-timeout.json: expected no failure of category \"Timeout Issues\" at any level, but the run is still attributed to Timeout Issues"));
        Assert.That(lines, Has.Some.Matches<string>(l => l.StartsWith("                before (inventory-timeout.json)") && l.TrimEnd().EndsWith("this run")));
        Assert.That(lines, Has.Some.Matches<string>(l => l.StartsWith("  cited span:   checkout-agent.run/execute_tool inventory.lookup") && l.TrimEnd().EndsWith("checkout-agent.run/execute_tool inventory.lookup")));
    }

    [Test]
    public void No_failure_fails_on_any_failure()
    {
        var failure = Assert.Throws<AssertionException>(() => Assert.NoFailure(Before))!;
        Assert.That(failure.Message, Does.StartWith("Assert.NoFailure() failed for inventory-timeout.json: expected no failure"));
    }
}
