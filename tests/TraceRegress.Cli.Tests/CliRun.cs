namespace TraceRegress.Cli.Tests;

/// <summary>Runs the command in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => In(Environment.CurrentDirectory, args);

    public static CliRun In(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = Cli.Run(args, stdout, stderr, workingDirectory: workingDirectory);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The error output is one line naming the reason, never a stack trace.</summary>
    public void AssertOneLineError(string expectedFragment)
    {
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{Error}");
        Assert.StartsWith("traceregress: ", lines[0]);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", Error);
    }
}
