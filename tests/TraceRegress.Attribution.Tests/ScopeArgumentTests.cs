namespace TraceRegress.AttributionTests;

/// <summary>
/// A tool call aimed at another scope than the run's: metrics read in us-east-1 for a question about eu-west-1, logs
/// read in staging after a tool reported the deploy went to prod-us, pod logs read from the default namespace for pods
/// crash-looping in payments. Seven runs in <c>Fixtures/scope-args</c> (Microsoft.Extensions.AI over OTLP, a LangSmith
/// LangGraph tree, OpenInference spans), labelled before the rule ran on them: three positives and four negatives (two
/// regions compared, "prod" for "production", no scope named before the call, a file fetched at the branch the build
/// reported). With the blind runs of an SRE assistant that checked staging for prod-eu and a build file fetched from
/// main for a feature branch, five positives.
/// </summary>
public class ScopeArgumentTests
{
    private const string Folder = "scope-args";

    public static TheoryData<string> Positives() => Fixture.Positives(Folder);

    public static TheoryData<string> Negatives() => Fixture.Negatives(Folder);

    [Theory]
    [MemberData(nameof(Positives))]
    public void The_labelled_span_and_category_are_cited(string file) => Fixture.AssertLabelCited(Folder, file, "scope-argument");

    [Theory]
    [MemberData(nameof(Negatives))]
    public void A_comparison_a_narrower_name_no_scope_named_or_the_reported_scope_is_no_finding(string file) =>
        Assert.DoesNotContain(AttributionEngine.Default.Detect(Fixture.Load(Folder, file)), f => f.Detector == "scope-argument");

    [Fact]
    public void Every_run_is_labelled_and_without_an_error_status() => Fixture.AssertLabelledRuns(Folder, 7, 3);

    [Fact]
    public void Both_scopes_are_quoted_and_the_users_scope_is_problem_identification()
    {
        var region = Fixture.Attribute(Folder, "otlp-dotnet-meai-metrics-queried-in-us-east-1-for-eu-west-1.json");
        Assert.Equal("Incorrect Problem Identification", region.Category?.L4);
        Assert.Contains(region.Evidence, e => e.Quote == "eu-west-1");
        Assert.Contains(region.Evidence, e => e.Quote.Contains("us-east-1", StringComparison.Ordinal));

        // The namespace the user named, first read from the listing call's arguments, is still the user's.
        var pods = Fixture.Attribute(Folder, "openinference-openai-pod-logs-read-from-default-for-payments-namespace.json");
        Assert.Equal("Incorrect Problem Identification", pods.Category?.L4);

        // A tool reported the environment: leaving it misread the tool's output.
        var deploy = Fixture.Attribute(Folder, "langsmith-langgraph-billing-logs-read-in-staging-for-prod-us-deploy.json");
        Assert.Equal("Tool Output Misinterpretation", deploy.Category?.L4);
        Assert.Contains(deploy.Evidence, e => e.Quote.Contains("prod-us", StringComparison.Ordinal));

        var sre = Fixture.Attribute("blind3", "jaeger-sre-assistant-checks-staging-latency-for-prod-rollback.json");
        Assert.Equal(("scope-argument", "Incorrect Problem Identification"), (sre.Detector, sre.Category?.L4));
    }
}
