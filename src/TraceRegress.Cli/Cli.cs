using System.CommandLine;
using System.Text.RegularExpressions;
using TraceRegress.Cli.Commands;
using TraceRegress.Judge;

namespace TraceRegress.Cli;

/// <summary>
/// The <c>traceregress</c> command line, runnable in-process. Exit codes: 0 success, 1 a check
/// failed, 2 bad input or usage (with a one-line reason on standard error, never a stack trace).
/// </summary>
internal static class Cli
{
    public const int Success = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;

    /// <summary>Runs the command with plain (uncoloured, progress-free) output to the given writers.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IAttributionEngine? engine = null, string? workingDirectory = null) =>
        Run(args, new CliHost(stdout, stderr, engine ?? AttributionEngine.Default, workingDirectory ?? Environment.CurrentDirectory));

    public static int Run(string[] args, CliHost host)
    {
        var root = BuildCommand(host);
        if (args.Length == 0)
        {
            // Nothing asked: show what can be asked, and still fail, so a script that lost its arguments notices.
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = host.Out, Error = host.Error });
            return Fail(host, "no command given; expected one of: " + string.Join(", ", root.Subcommands.Select(c => c.Name)));
        }

        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A response file (@file) that cannot be read.
            return Fail(host, e.Message);
        }

        if (parsed.Errors.Count > 0)
        {
            // "Required command was not provided" comes first for a misspelt command; the unrecognised word says more,
            // and a misspelt option says most (the words after it are only unexpected because of it).
            var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("unknown option", StringComparison.Ordinal))
                        ?? parsed.Errors.FirstOrDefault(e => e.Message.Contains('\'', StringComparison.Ordinal))
                        ?? parsed.Errors[0];
            return Fail(host, $"{error.Message} (see 'traceregress --help')");
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = host.Out,
                Error = host.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (CliUsageException e)
        {
            return Fail(host, e.Message);
        }
        catch (TraceFormatException e)
        {
            return Fail(host, e.Message);
        }
        catch (SpanSelectionException e)
        {
            return Fail(host, e.Message);
        }
        catch (JudgeConfigurationException e)
        {
            return Fail(host, e.Message);
        }
        catch (JudgeRecordingException e)
        {
            return Fail(host, e.Message);
        }
        catch (JudgeAnswerException e)
        {
            host.Error.WriteLine($"traceregress: {e.Message}");
            return CheckFailed;
        }
        catch (RegexMatchTimeoutException e)
        {
            return Fail(host, $"the pattern '{e.Pattern}' took too long on this input; simplify it");
        }
        catch (FileNotFoundException e)
        {
            return Fail(host, $"{e.FileName ?? "file"}: file not found");
        }
        catch (DirectoryNotFoundException e)
        {
            return Fail(host, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(host, e.Message);
        }
        catch (IOException e)
        {
            return Fail(host, e.Message);
        }
    }

    private static int Fail(CliHost host, string reason)
    {
        // One line: a message that spans lines (a regex error, an OS message) is joined.
        var line = string.Join(' ', reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        host.Error.WriteLine($"traceregress: {line}");
        return BadInput;
    }

    private static RootCommand BuildCommand(CliHost host)
    {
        var root = new RootCommand("Turn failing LLM-agent traces into regression tests: attribute a trace, accept approvals, import, redact and report over a corpus, and record the LLM judge's verdicts.");
        root.Subcommands.Add(AttributeCommand.Create(host));
        root.Subcommands.Add(AcceptCommand.Create(host));
        root.Subcommands.Add(ImportCommand.Create(host));
        root.Subcommands.Add(RedactCommand.Create(host));
        root.Subcommands.Add(ReportCommand.Create(host));
        root.Subcommands.Add(JudgeCommand.Create(host));
        return root;
    }
}
