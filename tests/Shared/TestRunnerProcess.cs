using System.Diagnostics;
using System.Xml.Linq;

namespace TraceRegress.TestSupport;

/// <summary>One test case as the runner reported it in its TRX log: its display name, outcome and failure message.</summary>
internal sealed record RunnerResult(string Name, string Outcome, string Message)
{
    public bool Passed => Outcome == "Passed";
}

/// <summary>A child test run: its exit code, its console output and the test cases of its TRX log.</summary>
internal sealed record RunnerRun(int ExitCode, string Output, IReadOnlyList<RunnerResult> Results)
{
    public string Describe() => $"exit code {ExitCode}\n{Output}";
}

/// <summary>
/// Runs an already built test project the way a developer or a CI shard does (<c>dotnet test</c> under VSTest, or an
/// xUnit v3 test executable under Microsoft.Testing.Platform) and reads back which test cases ran, by name.
/// </summary>
internal static class TestRunnerProcess
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary><c>dotnet test --no-build</c> on the project in <paramref name="projectDirectory"/>, with a TRX log.</summary>
    public static RunnerRun DotnetTest(string projectDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var results = Directory.CreateTempSubdirectory("traceregress-run-");
        try
        {
            var all = new List<string>
            {
                "test", "--no-build",
                "--configuration", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name,
                "--logger", "trx;LogFileName=run.trx",
                "--results-directory", results.FullName,
            };
            all.AddRange(arguments);
            var (exitCode, output) = Run(projectDirectory, all, environment);
            var trx = Path.Combine(results.FullName, "run.trx");
            return new RunnerRun(exitCode, output, File.Exists(trx) ? ReadTrx(trx) : []);
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    /// <summary>Runs a Microsoft.Testing.Platform test executable (<c>dotnet exec</c> on its assembly); no TRX log.</summary>
    public static RunnerRun Exec(string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var all = new List<string> { "exec", assembly };
        all.AddRange(arguments);
        all.Add("--no-ansi");
        all.Add("--no-progress");
        var (exitCode, output) = Run(AppContext.BaseDirectory, all, environment);
        return new RunnerRun(exitCode, output, []);
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // The child is a plain run, not one steered by this run's test host or build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within three minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static List<RunnerResult> ReadTrx(string path) =>
        XDocument.Load(path).Descendants(Trx + "UnitTestResult")
            .Select(r => new RunnerResult(
                (string?)r.Attribute("testName") ?? "",
                (string?)r.Attribute("outcome") ?? "",
                (string?)r.Element(Trx + "Output")?.Element(Trx + "ErrorInfo")?.Element(Trx + "Message") ?? ""))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
}
