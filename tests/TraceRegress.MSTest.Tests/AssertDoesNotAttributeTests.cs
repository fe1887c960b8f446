namespace TraceRegress.MSTest.Tests;

// After a fix: the run from before (the corpus trace) and the run after it (runs/), through the project's engine.
[TestClass]
public sealed class AssertDoesNotAttributeTests
{
    private static readonly AgentTrace Before = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "traces", "checkout", "inventory-timeout.json"));
    private static readonly AgentTrace After = AgentTrace.Load(Path.Combine(AppContext.BaseDirectory, "runs", "checkout", "inventory-confirmed.json"));

    [TestMethod]
    public void Passes_when_the_fixed_run_no_longer_cites_the_failure()
    {
        Assert.DoesNotAttribute(After, category: "Timeout Issues", before: Before);
        Assert.DoesNotAttribute(After, span: "execute_tool inventory.lookup");
        Assert.NoFailure(After, before: Before);
    }

    [TestMethod]
    public void Fails_while_the_failure_is_still_cited_showing_both_attributions_side_by_side()
    {
        var failure = Assert.ThrowsExactly<AttributionException>(() => Assert.DoesNotAttribute(Before, category: "Timeout Issues", before: Before));

        var lines = failure.Message.Split('\n');
        Assert.StartsWith("Assert.DoesNotAttribute() failed for inventory-timeout.json: expected no failure of category \"Timeout Issues\" at any level, but the run is still attributed to Timeout Issues", lines[0]);
        Assert.IsTrue(lines.Any(l => l.StartsWith("                before (inventory-timeout.json)", StringComparison.Ordinal) && l.TrimEnd().EndsWith("this run", StringComparison.Ordinal)), failure.Message);
    }

    [TestMethod]
    public void No_failure_fails_on_any_failure() =>
        Assert.StartsWith("Assert.NoFailure() failed for inventory-timeout.json: expected no failure",
            Assert.ThrowsExactly<AttributionException>(() => Assert.NoFailure(Before)).Message);
}
