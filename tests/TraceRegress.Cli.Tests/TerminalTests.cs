using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TraceRegress.Cli.Tests;

/// <summary>
/// The command as users run it: the built tool in its own process, and on a terminal (a pseudo-terminal
/// from util-linux's <c>script</c>), where it draws colour and progress.
/// </summary>
public partial class TerminalTests
{
    private static readonly string ToolNotFound = Fixture.Path("corpus", "search", "tool-not-found.json");

    [Fact]
    public void In_colour_the_cited_span_is_bold_red_the_chain_yellow_and_errors_red()
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var host = new CliHost(stdout, stderr, AttributionEngine.Default, Environment.CurrentDirectory) { ColorOutput = true, TerminalWidth = 200 };

        var code = Cli.Run(["attribute", ToolNotFound], host);

        Assert.Equal(0, code);
        var lines = stdout.ToString().Split('\n');
        var cited = Assert.Single(lines, l => l.Contains("execute_tool lookup_order", StringComparison.Ordinal) && l.Contains("cited", StringComparison.Ordinal));
        Assert.Matches(BoldRed("execute_tool lookup_order"), cited);
        Assert.Matches(Red("ERROR \"404 Not Found\""), cited);
        var chain = Assert.Single(lines, l => l.Contains("[b100000000000001]", StringComparison.Ordinal));
        Assert.Matches(Yellow("support-agent"), chain);
        Assert.Matches(Green("OK"), Assert.Single(lines, l => l.Contains("gen_ai.chat[1]", StringComparison.Ordinal)));
        Assert.Equal(PlainAttribute(), Ansi().Replace(stdout.ToString(), ""));
    }

    [Fact]
    public void The_built_tool_prints_json_on_stdout_and_one_line_errors_with_exit_codes()
    {
        var json = Tool.Run(null, "attribute", ToolNotFound, "--json");
        Assert.Equal((0, AttributionEngine.Default.Attribute(AgentTrace.Load(ToolNotFound)).ToJson(), ""), json);

        var missing = Tool.Run(null, "attribute", "missing.json");
        Assert.Equal((2, "", "traceregress: missing.json: file not found\n"), missing);

        using var corpus = Commands.ReportCommandTests.ApprovedCorpus();
        File.Delete(corpus.Path("checkout", "healthy.verified.json"));
        var check = Tool.Run(null, "report", corpus.Root, "--check");
        Assert.Equal(1, check.Code);
        Assert.Equal("traceregress: check failed: 0 trace(s) changed since approval, 1 without approval\n", check.Error);
        Assert.DoesNotContain('\u001b', check.Out);
    }

    [PseudoTerminalFact]
    public void On_a_terminal_the_tree_is_coloured_unless_no_color_is_set()
    {
        var coloured = Tool.OnTerminal([], "attribute", ToolNotFound);
        var plain = Tool.OnTerminal([("NO_COLOR", "1")], "attribute", ToolNotFound);

        Assert.Equal(0, coloured.Code);
        Assert.Matches(BoldRed("execute_tool lookup_order"), coloured.Output);
        Assert.Equal(0, plain.Code);
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*m", plain.Output);
        Assert.Contains("execute_tool lookup_order [b100000000000003]  212 ms  ERROR \"404 Not Found\"  ◀ cited", plain.Output);
    }

    [PseudoTerminalFact]
    public void On_a_terminal_a_long_report_shows_progress_then_the_report()
    {
        using var corpus = LargeCorpus(24);

        var run = Tool.OnTerminal([("NO_COLOR", "1")], "report", corpus.Root);

        Assert.Equal(0, run.Code);
        var progress = run.Output.IndexOf("Attributing traces", StringComparison.Ordinal);
        Assert.True(progress >= 0, "no progress drawn:\n" + run.Output);
        Assert.True(progress < run.Output.IndexOf("24 traces", StringComparison.Ordinal), "progress came after the report:\n" + run.Output);
    }

    [Fact]
    public void Redirected_a_long_report_draws_no_progress()
    {
        using var corpus = LargeCorpus(24);

        var run = Tool.Run(null, "report", corpus.Root);

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Error);
        Assert.DoesNotContain("Attributing", run.Out);
        Assert.StartsWith("24 traces in ", run.Out);
    }

    [Fact]
    public void Progress_goes_to_standard_error_and_the_report_to_standard_output()
    {
        using var corpus = LargeCorpus(24);
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var host = new CliHost(stdout, stderr, AttributionEngine.Default, Environment.CurrentDirectory) { ShowProgress = true };

        var code = Cli.Run(["report", corpus.Root], host);

        Assert.Equal(0, code);
        Assert.Contains("Attributing traces", stderr.ToString());
        Assert.DoesNotContain("Attributing", stdout.ToString());
        Assert.StartsWith("24 traces in ", stdout.ToString());
    }

    /// <summary>A corpus of many copies of the fixture traces (generated: only the count matters).</summary>
    private static TempFolder LargeCorpus(int count)
    {
        var corpus = new TempFolder();
        var sources = Directory.GetFiles(Fixture.Path("corpus"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < count; i++)
        {
            File.Copy(sources[i % sources.Length], corpus.Path($"trace-{i:D3}.json"));
        }

        return corpus;
    }

    private static string PlainAttribute()
    {
        var stdout = new StringWriter { NewLine = "\n" };
        Cli.Run(["attribute", ToolNotFound], stdout, new StringWriter());
        return stdout.ToString();
    }

    private static string BoldRed(string text) => $@"\u001b\[1;(?:38;5;9|91|31)m{Regex.Escape(text)}\u001b\[0m";

    private static string Red(string text) => $@"\u001b\[(?:38;5;9|91|31)m{Regex.Escape(text)}\u001b\[0m";

    private static string Yellow(string text) => $@"\u001b\[(?:38;5;11|93|33)m{Regex.Escape(text)}\u001b\[0m";

    private static string Green(string text) => $@"\u001b\[(?:38;5;2|32)m{Regex.Escape(text)}\u001b\[0m";

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Ansi();
}

/// <summary>A fact that needs a pseudo-terminal (util-linux's <c>script</c>); skipped, saying so, where there is none.</summary>
public sealed class PseudoTerminalFactAttribute : FactAttribute
{
    public PseudoTerminalFactAttribute()
    {
        if (!File.Exists(Tool.Script)) Skip = $"no pseudo-terminal: {Tool.Script} (util-linux) is not installed";
    }
}

/// <summary>Runs the built <c>traceregress</c> (TraceRegress.Cli.dll beside the tests) in a process of its own.</summary>
internal static class Tool
{
    public const string Script = "/usr/bin/script";

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "TraceRegress.Cli.dll");

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static (int Code, string Out, string Error) Run(string? workingDirectory, params string[] args)
    {
        var start = Start(Dotnet, workingDirectory);
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "traceregress did not finish within 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the tool with standard output and error on a pseudo-terminal; returns what the terminal showed.</summary>
    public static (int Code, string Output) OnTerminal((string Name, string Value)[] environment, params string[] args)
    {
        var command = string.Join(' ', new[] { Dotnet, Dll }.Concat(args).Select(Quote));
        var start = Start(Script, null);
        foreach (var arg in (string[])["--quiet", "--return", "--command", command, "/dev/null"]) start.ArgumentList.Add(arg);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["TERM"] = "xterm-256color";
        start.Environment["COLUMNS"] = "160";
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "traceregress did not finish within 2 minutes");
        return (process.ExitCode, output.Result.Replace("\r\n", "\n", StringComparison.Ordinal) + error.Result);
    }

    private static ProcessStartInfo Start(string file, string? workingDirectory) => new(file)
    {
        UseShellExecute = false,
        WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        Environment = { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
    };

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
