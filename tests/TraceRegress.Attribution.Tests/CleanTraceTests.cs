namespace TraceRegress.AttributionTests;

public class CleanTraceTests
{
    [Theory]
    [InlineData("clean", "clean-agent.json")]
    [InlineData("detectors", "latency-budget.json")]
    [InlineData("seed", "seed-api-search.json")]
    [InlineData("conventions", "old-semconv-events.json")]
    [InlineData("conventions", "openllmetry-indexed.json")]
    public void A_trace_without_failure_gives_no_failure(string folder, string file)
    {
        var a = Fixture.Attribute(folder, file);
        Assert.False(a.FailureFound, a.ToJson());
        Assert.Equal(Attribution.NoFailure(a.TraceId).ToJson(), a.ToJson());
    }
}
