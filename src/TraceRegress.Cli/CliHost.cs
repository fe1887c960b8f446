using Microsoft.Extensions.AI;
using Spectre.Console;
using TraceRegress.Cli.Judging;
using TraceRegress.Judge;

namespace TraceRegress.Cli;

/// <summary>
/// Where a run of the command reads and writes: its output and error writers, whether they are a
/// terminal (colour and progress only then), the folder relative paths start from, and the engine.
/// </summary>
internal sealed class CliHost
{
    public CliHost(TextWriter stdout, TextWriter stderr, IAttributionEngine engine, string workingDirectory)
    {
        Out = stdout;
        Error = stderr;
        Engine = engine;
        WorkingDirectory = workingDirectory;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAttributionEngine Engine { get; }

    public string WorkingDirectory { get; }

    /// <summary>Standard output is a terminal that accepts colour.</summary>
    public bool ColorOutput { get; init; }

    /// <summary>Standard error is a terminal, so progress can be drawn there.</summary>
    public bool ShowProgress { get; init; }

    /// <summary>Terminal width, when standard output is a terminal.</summary>
    public int? TerminalWidth { get; init; }

    /// <summary>Environment variables (judge settings, build-server detection): the process's unless replaced.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Creates the judge's chat client from its settings; null when none can be made (replay needs none). An
    /// OpenAI-compatible client unless replaced: the hook through which another provider is plugged in.
    /// </summary>
    public Func<JudgeSettings, IChatClient?> JudgeClientFactory { get; init; } = JudgeClients.OpenAiCompatible;

    /// <summary>The real console: colour when it is a terminal and NO_COLOR is not set; progress when standard error is a terminal.</summary>
    public static CliHost ForProcess()
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var noColor = !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR"))
                      || string.Equals(System.Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        var outIsTerminal = !Console.IsOutputRedirected;
        int? width = null;
        if (outIsTerminal)
        {
            try
            {
                width = Console.WindowWidth > 0 ? Console.WindowWidth : null;
            }
            catch (IOException)
            {
                width = null;
            }
        }

        return new CliHost(Console.Out, Console.Error, AttributionEngine.Default, System.Environment.CurrentDirectory)
        {
            ColorOutput = outIsTerminal && !noColor,
            ShowProgress = !Console.IsErrorRedirected,
            TerminalWidth = width,
        };
    }

    /// <summary>A console over <see cref="Out"/>: ANSI colour only when <see cref="ColorOutput"/>; never wraps redirected text.</summary>
    public IAnsiConsole CreateOutputConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ColorOutput ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorOutput ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        console.Profile.Width = TerminalWidth ?? 4096;
        return console;
    }

    /// <summary>Resolves a path given on the command line against the working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>Runs <paramref name="work"/> once per item, with a progress bar on a terminal for long runs.</summary>
    public void ForEachWithProgress<T>(string description, IReadOnlyList<T> items, Action<T> work)
    {
        // A handful of traces is done before a bar would be readable.
        if (!ShowProgress || items.Count < 20)
        {
            foreach (var item in items) work(item);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(Error),
        });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: items.Count);
                foreach (var item in items)
                {
                    work(item);
                    task.Increment(1);
                }
            });
    }
}
