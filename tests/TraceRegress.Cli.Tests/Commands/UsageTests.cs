namespace TraceRegress.Cli.Tests.Commands;

public class UsageTests
{
    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var run = CliRun.Of("frobnicate", "x.json");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("'frobnicate'");
    }

    [Fact]
    public void Help_lists_every_command_and_succeeds()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in (string[])["attribute", "accept", "import", "redact", "report"])
        {
            Assert.Contains(command, run.Out);
        }
    }
}
