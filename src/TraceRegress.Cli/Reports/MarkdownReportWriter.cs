using System.Globalization;
using System.Text;

namespace TraceRegress.Cli.Reports;

/// <summary>The corpus report as GitHub-flavoured Markdown, for pull-request comments and job summaries.</summary>
internal static class MarkdownReportWriter
{
    public static string Render(CorpusReport report)
    {
        var md = new StringBuilder();
        md.Append("# TraceRegress report\n\n");
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"{report.Entries.Count} traces: {report.Count(TraceState.Approved)} approved, {report.Count(TraceState.Changed)} changed since approval, " +
            $"{report.Count(TraceState.Unapproved)} without approval, {report.Count(TraceState.Unreadable)} unreadable.\n\n"));

        md.Append("## Changed since approval\n\n");
        var changed = report.WithState(TraceState.Changed).ToArray();
        if (changed.Length == 0)
        {
            md.Append("No trace's attribution differs from its approved one.\n\n");
        }
        else
        {
            md.Append("| Trace | Approved | Now |\n|---|---|---|\n");
            foreach (var entry in changed)
            {
                md.Append("| `").Append(Cell(entry.RelativePath)).Append("` | ").Append(Cell(entry.Approved!.Describe()))
                    .Append(" | ").Append(Cell(HtmlReportWriter.Now(entry.Actual))).Append(" |\n");
            }

            md.Append('\n');
        }

        var unreadable = report.WithState(TraceState.Unreadable).ToArray();
        if (unreadable.Length > 0)
        {
            md.Append("## Unreadable\n\nThese files could not be used; every other trace is in the report.\n\n| File | Position | Reason |\n|---|---|---|\n");
            foreach (var entry in unreadable)
            {
                var problem = entry.Problem!;
                md.Append("| `").Append(Cell(problem.File)).Append("` | ").Append(problem.Position).Append(" | ").Append(Cell(problem.Reason)).Append(" |\n");
            }

            md.Append('\n');
        }

        if (report.ReceivedCount > 0)
        {
            md.Append(report.ReceivedCount.ToString(CultureInfo.InvariantCulture)).Append(" attribution(s) come from `.received.json` files collected from test runs.\n\n");
        }

        md.Append("## Most-cited operations\n\n");
        Ranking(md, "Operation", report.Operations);
        md.Append("## Most-cited categories\n\n");
        Ranking(md, "Category", report.Categories);

        md.Append("## Operation × category\n\n");
        if (report.Operations.Count > 0)
        {
            md.Append("| Operation |");
            foreach (var (category, _) in report.Categories) md.Append(' ').Append(Cell(category)).Append(" |");
            md.Append("\n|---|");
            foreach (var _ in report.Categories) md.Append("---:|");
            md.Append('\n');
            foreach (var (operation, _) in report.Operations)
            {
                md.Append("| ").Append(Cell(operation)).Append(" |");
                foreach (var (category, _) in report.Categories)
                {
                    var count = report.HeatOf(operation, category);
                    md.Append(' ').Append(count == 0 ? "" : count.ToString(CultureInfo.InvariantCulture)).Append(" |");
                }

                md.Append('\n');
            }

            md.Append('\n');
        }
        else
        {
            md.Append("No trace cites a span yet.\n\n");
        }

        md.Append("## Traces\n\n| Trace | State | Cited span | Category |\n|---|---|---|---|\n");
        foreach (var entry in report.Entries)
        {
            var a = entry.Actual;
            md.Append("| `").Append(Cell(entry.RelativePath)).Append("` | ").Append(HtmlReportWriter.StateLabel(entry.State)).Append(" | ")
                .Append(a is { FailureFound: true } ? "`" + Cell(a.Cited!.Path) + "`" : Cell(entry.Error ?? "no failure found")).Append(" | ")
                .Append(a is { FailureFound: true } ? Cell(a.Category!.L4) : "").Append(" |\n");
        }

        return md.ToString();
    }

    private static void Ranking(StringBuilder md, string heading, IReadOnlyList<(string Name, int Count)> ranking)
    {
        if (ranking.Count == 0)
        {
            md.Append("No trace cites a span yet.\n\n");
            return;
        }

        md.Append("| ").Append(heading).Append(" | Traces |\n|---|---:|\n");
        foreach (var (name, count) in ranking) md.Append("| ").Append(Cell(name)).Append(" | ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        md.Append('\n');
    }

    // A pipe or a line break inside a cell would end it.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
