using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceRegress.EndToEnd.Tests;

/// <summary>What one <c>dotnet</c> command did: its exit code and its output, stdout and stderr interleaved.</summary>
public sealed record DotnetResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command, where it ran, how it ended and everything it printed: the message of a failed assertion.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"$ {CommandLine}\n  (in {WorkingDirectory}, exit {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Output}");

    /// <summary>
    /// The test counts from the VSTest summary line (<c>Failed: 1, Passed: 0, Skipped: 0, Total: 1</c>) or from
    /// Microsoft.Testing.Platform's run summary (<c>total: 1</c>, <c>failed: 1</c>, <c>succeeded: 0</c>, <c>skipped: 0</c>).
    /// </summary>
    public TestCounts Counts()
    {
        var vstest = Regex.Match(Output, @"Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+),\s+Total:\s+(\d+)");
        if (vstest.Success) return new TestCounts(Group(vstest, 1), Group(vstest, 2), Group(vstest, 3), Group(vstest, 4));
        var mtp = Regex.Match(Output, @"Test run summary:.*?total:\s+(\d+)\s+failed:\s+(\d+)\s+succeeded:\s+(\d+)\s+skipped:\s+(\d+)", RegexOptions.Singleline);
        Assert.True(mtp.Success, "no test summary in the output of\n" + Describe());
        return new TestCounts(Group(mtp, 2), Group(mtp, 3), Group(mtp, 4), Group(mtp, 1));
    }

    private static int Group(Match match, int i) => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
}

/// <summary>The counts of one test run.</summary>
public sealed record TestCounts(int Failed, int Passed, int Skipped, int Total);

/// <summary>
/// Runs the <c>dotnet</c> command line the way a user does, with a chosen environment, and gives back its output.
/// </summary>
internal static class DotnetProcess
{
    /// <summary>
    /// Variables of the process running these tests that must not reach a nested build: MSBuild's own (they pin
    /// the SDK and nodes of the outer build), the test platform's, and the approval switches, which would accept
    /// the very attributions the workflow is meant to show failing first.
    /// </summary>
    private static readonly string[] InheritedPrefixesToDrop = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "TRACEREGRESS_"];

    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (InheritedPrefixesToDrop.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))) start.Environment.Remove(name);
        }

        // Build nodes left running would hold the output pipes open after the command ends.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var output = new StringBuilder();
        var outputClosed = new TaskCompletionSource();
        var errorClosed = new TaskCompletionSource();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data, outputClosed);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data, errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var commandLine = "dotnet " + string.Join(' ', arguments);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
            Assert.Fail($"timed out after {timeout.TotalMinutes} min: {commandLine}\n{Snapshot(output)}");
        }

        // A server process the command started (the compiler's) may inherit the pipes; do not wait on it for long.
        Task.WaitAll([outputClosed.Task, errorClosed.Task], TimeSpan.FromSeconds(20));
        return new DotnetResult(commandLine, workingDirectory, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    private static void Append(StringBuilder output, string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (output) output.AppendLine(line);
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
