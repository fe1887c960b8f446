namespace TraceRegress.AttributionTests;

/// <summary>
/// A blind single-agent set: runs labelled (span, TRAIL leaf, why) before the engine ran on them. Each set declares its
/// folder and a static <c>Runs()</c> of (file, known miss "path | leaf: why" or null); this base checks every run against
/// its label or its pinned miss, and that the set is what it says it is.
/// </summary>
public abstract class BlindSingleAgentSet
{
    /// <summary>The set's folder under <c>Fixtures</c>.</summary>
    protected abstract string Folder { get; }

    /// <summary>The most spans a run of the set has.</summary>
    protected virtual int MaxSpans => 20;

    // Each set declares its own static Runs(); xUnit reads it from the class the test runs in.
#pragma warning disable xUnit1015
    [Theory]
    [MemberData("Runs")]
    public void The_labelled_span_and_category_are_cited(string file, string? knownMiss) => Fixture.AssertBlindRun(Folder, file, knownMiss);
#pragma warning restore xUnit1015

    [Fact]
    public void Every_run_is_labelled_and_of_realistic_length()
    {
        var runs = (IEnumerable<object?[]>)GetType().GetMethod("Runs")!.Invoke(null, null)!;
        Fixture.AssertBlindRuns(Folder, runs.Select(r => (string)r[0]!).ToList(), 12, MaxSpans, errorStatusAllowed: true);
    }
}
