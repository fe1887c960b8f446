using System.Text.RegularExpressions;
using Spectre.Console;
using TraceRegress.Rendering;
using TraceRegress.Model;

namespace TraceRegress.Cli.Terminal;

/// <summary>
/// The span tree of <see cref="SpanTreeRenderer"/> (names, ids, durations, status; large traces folded
/// around the marked spans) with the cited span and the causal chain marked, coloured as Spectre markup.
/// </summary>
internal static partial class SpanTreeView
{
    public const string CitedLabel = "cited";
    public const string ChainLabel = "chain";

    public static IEnumerable<string> MarkupLines(AgentTrace trace, Attribution attribution)
    {
        var marks = new List<SpanMark>();
        if (attribution.Cited is { } cited)
        {
            marks.Add(new SpanMark(Find(trace, cited.SpanId, cited.Path), CitedLabel));
        }

        foreach (var id in attribution.Chain)
        {
            var span = trace.FindById(id);
            if (span is not null && !string.Equals(id, attribution.Cited?.SpanId, StringComparison.OrdinalIgnoreCase))
            {
                marks.Add(new SpanMark(span, ChainLabel));
            }
        }

        var text = SpanTreeRenderer.Render(trace, marks);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) yield return Colour(line);
    }

    private static Span? Find(AgentTrace trace, string spanId, string path)
    {
        var byId = trace.FindById(spanId);
        return byId is not null && byId.Path == path ? byId : trace.Spans.FirstOrDefault(s => s.Path == path) ?? byId;
    }

    // A rendered line is: tree guides, name, [id], duration, status, and optional "◀ labels".
    private static string Colour(string line)
    {
        var match = SpanLine().Match(line);
        if (!match.Success) return $"[grey]{Markup.Escape(line)}[/]";
        var labels = match.Groups["labels"].Value;
        var cited = labels.Contains(CitedLabel, StringComparison.Ordinal);
        var chain = !cited && labels.Contains(ChainLabel, StringComparison.Ordinal);
        var name = Markup.Escape(match.Groups["name"].Value);
        var status = match.Groups["status"].Value;
        var statusMarkup = status.StartsWith("ERROR", StringComparison.Ordinal) ? $"[red]{Markup.Escape(status)}[/]"
            : status.StartsWith("OK", StringComparison.Ordinal) ? $"[green]{Markup.Escape(status)}[/]"
            : $"[grey]{Markup.Escape(status)}[/]";
        return $"[grey]{Markup.Escape(match.Groups["guides"].Value)}[/]"
               + (cited ? $"[bold red]{name}[/]" : chain ? $"[yellow]{name}[/]" : $"[bold]{name}[/]")
               + $" [grey]{Markup.Escape(match.Groups["id"].Value)}  {Markup.Escape(match.Groups["duration"].Value)}[/]  {statusMarkup}"
               + (labels.Length == 0 ? "" : cited ? $"  [bold red]{Markup.Escape(labels)}[/]" : $"  [yellow]{Markup.Escape(labels)}[/]");
    }

    [GeneratedRegex(@"^(?<guides>[│├└─ ]*)(?<name>.*?) (?<id>\[[^\]]*\])  (?<duration>\S+ \S+)  (?<status>(?:OK|ERROR|UNSET)(?: "".*"")?)(?:  (?<labels>◀ .*))?$")]
    private static partial Regex SpanLine();
}
