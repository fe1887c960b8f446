using System.Globalization;
using System.Net;
using System.Text;

namespace TraceRegress.Cli.Reports;

/// <summary>
/// The corpus report as one self-contained HTML page: inline CSS, no script, no external resource,
/// so it can be attached to a CI run and opened anywhere, offline.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Style = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; }
        h1 { font-size: 1.6rem; margin-bottom: .25rem; }
        h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
        .muted { color: var(--muted); }
        code { font: 13px ui-monospace, SFMono-Regular, Consolas, monospace; background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; }
        table { border-collapse: collapse; margin: .75rem 0; }
        th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .summary { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; min-width: 9rem; }
        .card b { display: block; font-size: 1.5rem; }
        .state-Approved { color: var(--ok); } .state-Changed, .state-Unreadable { color: var(--bad); } .state-Unapproved { color: var(--warn); }
        .bar { background: #cf222e; height: .7rem; border-radius: 2px; display: inline-block; vertical-align: middle; }
        table.heatmap th.category { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; }
        table.heatmap td { text-align: center; min-width: 2.4rem; }
        """;

    public static string Render(CorpusReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>TraceRegress report</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>TraceRegress report</h1>\n<p class=\"muted\">Corpus <code>").Append(E(report.Folder)).Append("</code></p>\n");

        html.Append("<div class=\"summary\" id=\"summary\">\n");
        Card(html, "traces", report.Entries.Count);
        Card(html, "approved", report.Count(TraceState.Approved));
        Card(html, "changed since approval", report.Count(TraceState.Changed));
        Card(html, "without approval", report.Count(TraceState.Unapproved));
        Card(html, "unreadable", report.Count(TraceState.Unreadable));
        html.Append("</div>\n");

        html.Append("<h2 id=\"changed\">Changed since approval</h2>\n");
        var changed = report.WithState(TraceState.Changed).ToArray();
        if (changed.Length == 0)
        {
            html.Append("<p>No trace's attribution differs from its approved one.</p>\n");
        }
        else
        {
            html.Append("<table><thead><tr><th>Trace</th><th>Approved</th><th>Now</th></tr></thead><tbody>\n");
            foreach (var entry in changed)
            {
                html.Append("<tr><td><code>").Append(E(entry.RelativePath)).Append("</code></td><td>")
                    .Append(E(entry.Approved!.Describe())).Append("</td><td>").Append(E(Now(entry.Actual))).Append("</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        var unreadable = report.WithState(TraceState.Unreadable).ToArray();
        if (unreadable.Length > 0)
        {
            html.Append("<h2 id=\"unreadable\">Unreadable</h2>\n<p>These files could not be used; every other trace is in the report.</p>\n");
            html.Append("<table><thead><tr><th>File</th><th>Position</th><th>Reason</th></tr></thead><tbody>\n");
            foreach (var entry in unreadable)
            {
                var problem = entry.Problem!;
                html.Append("<tr><td><code>").Append(E(problem.File)).Append("</code></td><td>").Append(E(problem.Position))
                    .Append("</td><td>").Append(E(problem.Reason)).Append("</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
        }

        if (report.ReceivedCount > 0)
        {
            html.Append("<p class=\"muted\">").Append(report.ReceivedCount.ToString(CultureInfo.InvariantCulture))
                .Append(" attribution(s) come from <code>.received.json</code> files collected from test runs.</p>\n");
        }

        html.Append("<h2 id=\"operations\">Most-cited operations</h2>\n");
        Ranking(html, "Operation", report.Operations);
        html.Append("<h2 id=\"categories\">Most-cited categories</h2>\n");
        Ranking(html, "Category", report.Categories, name => report.CategoryPaths[name].ToString());
        html.Append("<h2 id=\"heatmap\">Operation × category</h2>\n");
        Heatmap(html, report);

        html.Append("<h2 id=\"traces\">Traces</h2>\n<table><thead><tr><th>Trace</th><th>State</th><th>Cited span</th><th>Category</th></tr></thead><tbody>\n");
        foreach (var entry in report.Entries)
        {
            html.Append("<tr><td><code>").Append(E(entry.RelativePath)).Append("</code></td><td class=\"state-").Append(entry.State).Append("\">")
                .Append(E(StateLabel(entry.State))).Append("</td><td>");
            if (entry.Actual is { FailureFound: true } a)
            {
                html.Append("<code>").Append(E(a.Cited!.Path)).Append("</code></td><td>").Append(E(a.Category!.L4));
            }
            else
            {
                html.Append(E(entry.Error ?? "no failure found")).Append("</td><td>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string StateLabel(TraceState state) => state switch
    {
        TraceState.Approved => "approved",
        TraceState.Changed => "changed",
        TraceState.Unapproved => "no approval",
        _ => "unreadable",
    };

    public static string Now(Attribution? actual) =>
        actual is { FailureFound: true } ? $"{actual.Cited!.Path} ({actual.Category!.L4})" : "no failure";

    private static void Card(StringBuilder html, string label, int count) =>
        html.Append("<div class=\"card\"><b>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</b>").Append(E(label)).Append("</div>\n");

    private static void Ranking(StringBuilder html, string heading, IReadOnlyList<(string Name, int Count)> ranking, Func<string, string>? title = null)
    {
        if (ranking.Count == 0)
        {
            html.Append("<p>No trace cites a span yet.</p>\n");
            return;
        }

        var max = ranking[0].Count;
        html.Append("<table><thead><tr><th>").Append(E(heading)).Append("</th><th>Traces</th><th></th></tr></thead><tbody>\n");
        foreach (var (name, count) in ranking)
        {
            var width = (int)Math.Round(12.0 * count / max);
            html.Append("<tr><td").Append(title is null ? "" : $" title=\"{E(title(name))}\"").Append('>').Append(E(name))
                .Append("</td><td class=\"num\">").Append(count.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td><span class=\"bar\" style=\"width:").Append(width.ToString(CultureInfo.InvariantCulture)).Append("rem\"></span></td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Heatmap(StringBuilder html, CorpusReport report)
    {
        if (report.Operations.Count == 0)
        {
            html.Append("<p>No trace cites a span yet.</p>\n");
            return;
        }

        html.Append("<table class=\"heatmap\"><thead><tr><th>Operation</th>");
        foreach (var (category, _) in report.Categories) html.Append("<th class=\"category\">").Append(E(category)).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        var max = Math.Max(1, report.MaxHeat);
        foreach (var (operation, _) in report.Operations)
        {
            html.Append("<tr><th>").Append(E(operation)).Append("</th>");
            foreach (var (category, _) in report.Categories)
            {
                var count = report.HeatOf(operation, category);
                if (count == 0)
                {
                    html.Append("<td></td>");
                    continue;
                }

                // Opacity from 0.15 to 1 keeps a single citation visible beside the hottest cell.
                var alpha = (0.15 + 0.85 * count / max).ToString("0.00", CultureInfo.InvariantCulture);
                var ink = count * 2 > max ? "#fff" : "#1f2328";
                html.Append("<td style=\"background:rgba(207,34,46,").Append(alpha).Append(");color:").Append(ink)
                    .Append("\" title=\"").Append(E($"{operation} × {category}: {count}")).Append("\">")
                    .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
