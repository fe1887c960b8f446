using TraceRegress.Approval;

namespace TraceRegress.Tests.Approval;

public class BuildServerTests
{
    [Theory]
    [InlineData("CI", "true")]
    [InlineData("CI", "1")]
    [InlineData("GITHUB_ACTIONS", "true")]
    [InlineData("TF_BUILD", "True")]
    [InlineData("JENKINS_URL", "https://jenkins.example.com/")]
    [InlineData("TEAMCITY_VERSION", "2025.03")]
    [InlineData("GITLAB_CI", "true")]
    [InlineData("APPVEYOR", "True")]
    [InlineData("BUILDKITE", "true")]
    [InlineData("CODEBUILD_BUILD_ID", "proj:1234")]
    public void Detects_a_build_server_from_its_variable(string name, string value) =>
        Assert.Equal(name, BuildServer.Detect(Variables((name, value))));

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("")]
    public void CI_saying_no_is_not_a_build_server(string value) =>
        Assert.Null(BuildServer.Detect(Variables(("CI", value))));

    [Fact]
    public void A_developer_machine_is_not_a_build_server() =>
        Assert.Null(BuildServer.Detect(Variables(("PATH", "/usr/bin"), ("HOME", "/home/dev"))));

    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("1", null, null, true)]
    [InlineData("true", null, null, true)]
    [InlineData("0", null, null, false)]
    [InlineData("1", "true", null, false)]
    [InlineData("1", "true", "1", true)]
    [InlineData(null, "true", "1", false)]
    public void Accepts_only_when_asked_and_never_on_a_build_server_unless_allowed(string? accept, string? githubActions, string? acceptOnCi, bool mayAccept)
    {
        var environment = new ApprovalEnvironment(Variables(
            ("TRACEREGRESS_ACCEPT", accept), ("GITHUB_ACTIONS", githubActions), ("TRACEREGRESS_ACCEPT_ON_CI", acceptOnCi)));

        Assert.Equal(mayAccept, environment.MayAccept);
        Assert.Equal(accept is "1" or "true" && !mayAccept, environment.AcceptRefusal is not null);
    }

    private static Func<string, string?> Variables(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
