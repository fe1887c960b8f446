namespace TraceRegress.AttributionTests;

public class CleanTraceTests
{
    private static readonly AttributionRequest Passing = new() { PassingRun = true };

    [Theory]
    [InlineData("clean", "clean-agent.json")]
    [InlineData("detectors", "latency-budget.json")]
    [InlineData("seed", "seed-api-search.json")]
    [InlineData("conventions", "old-semconv-events.json")]
    [InlineData("conventions", "openllmetry-indexed.json")]
    public void A_passing_run_without_findings_gives_no_failure(string folder, string file)
    {
        var a = AttributionEngine.Default.Attribute(Fixture.Load(folder, file), Passing);
        Assert.False(a.FailureFound, a.ToJson());
        Assert.Equal(Attribution.NoFailure(a.TraceId).WithWarnings(a.Warnings).ToJson(), a.ToJson());
    }

    [Theory]
    [InlineData("clean", "clean-agent.json")]
    [InlineData("detectors", "latency-budget.json")]
    [InlineData("seed", "seed-api-search.json")]
    [InlineData("conventions", "old-semconv-events.json")]
    [InlineData("conventions", "openllmetry-indexed.json")]
    public void A_corpus_trace_without_error_signal_still_cites_its_most_probable_origin_with_low_confidence(string folder, string file)
    {
        var trace = Fixture.Load(folder, file);
        var a = AttributionEngine.Default.Attribute(trace);

        Assert.True(a.FailureFound, a.ToJson());
        Assert.Equal(AttributionBasis.Inference, a.Basis);
        Assert.InRange(a.Confidence, 0.05, 0.35);
        Assert.StartsWith("No error signal was found", a.Summary, StringComparison.Ordinal);
        Assert.Contains("\"basis\": \"inference\"", a.ToJson(), StringComparison.Ordinal);
        Fixture.AssertEvidenceIsInSpans(trace, a);
    }
}
