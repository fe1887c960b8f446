using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TraceRegress.Cli.Corpus;
using TraceRegress.Cli.Reports;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>report &lt;corpus&gt;... [--html out] [--md out] [--check]</c>: the most-cited operations and categories
/// across a corpus, their heatmap, the traces whose attribution moved since approval, and the files that could
/// not be read (file, position, reason; the report carries on, and exits 1). Several folders are merged by
/// relative path; <c>.received.json</c> files collected from test runs (CI shards) without their traces count
/// as what those runs attributed.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliHost host)
    {
        var corpus = new Argument<string[]>("corpus")
        {
            Description = "The corpus folder; or several, merged by relative path (a corpus and folders of .received.json files collected from CI shards).",
            Arity = ArgumentArity.OneOrMore,
        }.RejectUnknownOptions(host);
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page to this file." };
        var md = new Option<string?>("--md") { Description = "Also write a Markdown report to this file." };
        var check = new Option<bool>("--check") { Description = "Also exit with 1 when any trace's attribution differs from its approval or has none." };
        var command = new Command("report", "Summarise a corpus: most-cited operations and categories, and traces changed since approval.") { corpus, html, md, check };
        command.SetAction(parsed => Run(host, parsed.GetValue(corpus)!, parsed.GetValue(html), parsed.GetValue(md), parsed.GetValue(check)));
        return command;
    }

    private static int Run(CliHost host, string[] corpusArguments, string? htmlPath, string? mdPath, bool check)
    {
        var folders = corpusArguments.Select(a => CorpusFiles.Resolve(host, a)).Distinct(StringComparer.Ordinal).ToArray();

        // Output paths are checked before the (possibly long) run, not after it.
        var htmlTarget = htmlPath is null ? null : OutputFile.Check(host, htmlPath);
        var mdTarget = mdPath is null ? null : OutputFile.Check(host, mdPath);

        var report = CorpusReport.Build(host, folders);
        WriteTerminal(host.CreateOutputConsole(), report);
        if (htmlTarget is not null) OutputFile.Write(htmlTarget, HtmlReportWriter.Render(report));
        if (mdTarget is not null) OutputFile.Write(mdTarget, MarkdownReportWriter.Render(report));

        // Every readable trace is in the report; the unreadable ones are rows of their own, and fail the run.
        var unreadable = report.WithState(TraceState.Unreadable).ToArray();
        if (unreadable.Length > 0)
        {
            host.Error.WriteLine($"traceregress: {unreadable.Length.ToString(CultureInfo.InvariantCulture)} trace(s) could not be read; first: {unreadable[0].Error}");
            return Cli.CheckFailed;
        }

        if (check)
        {
            var changed = report.Count(TraceState.Changed);
            var unapproved = report.Count(TraceState.Unapproved);
            if (changed + unapproved > 0)
            {
                host.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"traceregress: check failed: {changed} trace(s) changed since approval, {unapproved} without approval"));
                return Cli.CheckFailed;
            }
        }

        return Cli.Success;
    }

    private static void WriteTerminal(IAnsiConsole console, CorpusReport report)
    {
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{report.Entries.Count} traces[/] in {Markup.Escape(report.Folder)}: [green]{report.Count(TraceState.Approved)} approved[/], " +
            $"[red]{report.Count(TraceState.Changed)} changed[/], [yellow]{report.Count(TraceState.Unapproved)} without approval[/], " +
            $"[red]{report.Count(TraceState.Unreadable)} unreadable[/]") +
            (report.ReceivedCount > 0 ? string.Create(CultureInfo.InvariantCulture, $", {report.ReceivedCount} attributed by test runs (received files)") : ""));

        if (report.Operations.Count > 0)
        {
            console.WriteLine();
            var heat = new Table().Title("Operation × category (traces citing)").AddColumn("Operation");
            foreach (var (category, count) in report.Categories)
            {
                heat.AddColumn(new TableColumn(Markup.Escape($"{category} ({count})")).RightAligned());
            }

            var max = Math.Max(1, report.MaxHeat);
            foreach (var (operation, count) in report.Operations)
            {
                var cells = new List<string> { Markup.Escape($"{operation} ({count})") };
                foreach (var (category, _) in report.Categories)
                {
                    var n = report.HeatOf(operation, category);
                    var text = n.ToString(CultureInfo.InvariantCulture);
                    cells.Add(n == 0 ? "[grey]·[/]" : n * 2 > max ? $"[bold red]{text}[/]" : $"[red]{text}[/]");
                }

                heat.AddRow(cells.ToArray());
            }

            console.Write(heat);
        }

        foreach (var (state, label, colour) in (ReadOnlySpan<(TraceState, string, string)>)
                 [(TraceState.Changed, "Changed since approval", "red"), (TraceState.Unapproved, "Without approval", "yellow"), (TraceState.Unreadable, "Unreadable", "red")])
        {
            var entries = report.WithState(state).ToArray();
            if (entries.Length == 0) continue;
            console.WriteLine();
            console.MarkupLine($"[bold {colour}]{label}[/]");
            foreach (var entry in entries)
            {
                if (state == TraceState.Unreadable)
                {
                    // The file at fault (the trace, its approval or a received file), where in it, and why.
                    var problem = entry.Problem!;
                    var at = problem.Position.Length > 0 ? $" (line {problem.Line.ToString(CultureInfo.InvariantCulture)}, column {problem.Column.ToString(CultureInfo.InvariantCulture)})" : "";
                    console.MarkupLine($"  {Markup.Escape(problem.File)}{Markup.Escape(at)}: {Markup.Escape(problem.Reason)}");
                    continue;
                }

                var detail = state == TraceState.Changed
                    ? $"{entry.Approved!.Describe()} → {HtmlReportWriter.Now(entry.Actual)}"
                    : HtmlReportWriter.Now(entry.Actual);
                console.MarkupLine($"  {Markup.Escape(entry.RelativePath)}: {Markup.Escape(detail)}");
            }
        }
    }
}
