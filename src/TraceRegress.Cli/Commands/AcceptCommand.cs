using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TraceRegress.Approval;
using TraceRegress.Cli.Corpus;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>accept [&lt;corpus&gt;]</c>: promotes every <c>.received.json</c> to <c>.verified.json</c> and says
/// what changed for each (old → new span and category). An approved file is only ever replaced by its
/// received one, in one rename; a received file that is not an attribution is left and reported.
/// </summary>
internal static class AcceptCommand
{
    public static Command Create(CliHost host)
    {
        var corpus = new Argument<string?>("corpus")
        {
            Description = "The corpus folder (default: ./traces when it exists, else the current folder).",
            Arity = ArgumentArity.ZeroOrOne,
        }.RejectUnknownOptions(host);
        var command = new Command("accept", "Promote received attributions to verified, listing each change.") { corpus };
        command.SetAction(parsed => Run(host, parsed.GetValue(corpus)));
        return command;
    }

    private static int Run(CliHost host, string? corpusArgument)
    {
        var folder = CorpusFiles.Resolve(host, corpusArgument);
        var console = host.CreateOutputConsole();
        var received = CorpusFiles.Received(folder);
        if (received.Count == 0)
        {
            console.MarkupLine($"Nothing to accept in {Markup.Escape(folder)}.");
            return Cli.Success;
        }

        var accepted = 0;
        var failures = new List<string>();
        host.ForEachWithProgress("Accepting", received, file =>
        {
            var name = CorpusFiles.Relative(folder, file[..^ApprovalFiles.ReceivedSuffix.Length]);
            try
            {
                var change = Acceptance.Accept(file);
                accepted++;
                console.MarkupLine(Describe(name, change));
            }
            catch (TraceFormatException e)
            {
                failures.Add(e.Message);
                console.MarkupLine($"[red]skipped[/]  {Markup.Escape(name)}: {Markup.Escape(e.Reason)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{file}: {e.Message}");
                console.MarkupLine($"[red]failed[/]   {Markup.Escape(name)}: {Markup.Escape(e.Message)}");
            }
        });

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Accepted {accepted} of {received.Count}."));
        if (failures.Count == 0) return Cli.Success;
        host.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"traceregress: {failures.Count} received file(s) not accepted; first: {failures[0]}"));
        return Cli.BadInput;
    }

    private static string Describe(string name, AcceptedChange change)
    {
        var label = Markup.Escape(name);
        var next = Markup.Escape(change.New.Describe());
        var warning = change.TracePath is null ? " [yellow](no trace beside it)[/]" : "";
        if (change.OldProblem is not null) return $"[yellow]replaced[/] {label}: unreadable approval ({Markup.Escape(change.OldProblem)}) → {next}{warning}";
        if (change.Old is null) return $"[green]new[/]      {label}: {next}{warning}";
        var previous = change.Old.Describe();
        return previous == change.New.Describe()
            ? $"[grey]same[/]     {label}: {next}{warning}"
            : $"[yellow]changed[/]  {label}: {Markup.Escape(previous)} → {next}{warning}";
    }
}
