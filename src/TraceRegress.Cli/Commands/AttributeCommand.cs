using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TraceRegress.Cli.Judging;
using TraceRegress.Cli.Terminal;
using TraceRegress.Judge;
using TraceRegress.Rendering;
using TraceRegress.Model;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>attribute &lt;trace&gt; [--json] [--expected-answer TEXT] [--passing-run]</c>: the span tree with the cited span and
/// chain marked, the category, the agent, what the citation rests on, the evidence. The expected answer comes from the
/// option or from <c>&lt;trace&gt;.expected.json</c> beside the trace; a verified file beside it that approves
/// <c>cited: null</c> marks the run as passing, as <c>--passing-run</c> does.
/// </summary>
internal static class AttributeCommand
{
    public static Command Create(CliHost host)
    {
        var trace = new Argument<string>("trace") { Description = "The trace file (any supported format)." }.RejectUnknownOptions(host);
        var json = new Option<bool>("--json") { Description = "Print only the attribution as JSON (the .verified.json shape)." };
        var expected = new Option<string?>("--expected-answer") { Description = "The answer the run should have given; the engine cites where the wrong value entered or the right one was lost. Default: <trace>.expected.json beside the trace." };
        var passing = new Option<bool>("--passing-run") { Description = "The run is known to have passed: print \"no failure found\" when no detector finds anything, instead of the most probable origin." };
        var judge = new Option<bool>("--judge") { Description = "Rules first, then the LLM judge where they have no explicit error signal (its verdict replayed from <trace>.judge.json unless --judge-mode says otherwise)." };
        var setup = new JudgeSetup();
        var command = new Command("attribute", "Cite the span that caused a trace's failure, its category and the evidence.") { trace, json, expected, passing, judge };
        setup.AddTo(command);
        command.SetAction(parsed => Run(host, parsed.GetValue(trace)!, parsed.GetValue(json),
            parsed.GetResult(expected) is null ? null : parsed.GetValue(expected) ?? "", parsed.GetValue(passing),
            parsed.GetValue(judge) || setup.Requested(parsed) ? () => setup.Create(host, parsed).Engine : null));
        return command;
    }

    private static int Run(CliHost host, string path, bool json, string? expectedAnswer, bool passingRun, Func<LlmJudgeEngine>? judge)
    {
        if (expectedAnswer is not null && string.IsNullOrWhiteSpace(expectedAnswer))
        {
            throw new CliUsageException("--expected-answer: the expected answer is empty; give the answer the run should have given");
        }

        var loaded = TraceFiles.Load(host, path);
        var full = host.FullPath(path);
        expectedAnswer ??= Approval.ExpectedAnswerFile.ReadBeside(full);
        var verified = Approval.ApprovalFiles.For(full).VerifiedPath;
        if (!passingRun && File.Exists(verified))
        {
            try
            {
                passingRun = Approval.VerifiedAttribution.Load(verified).Expectation.ExpectsNoFailure;
            }
            catch (TraceFormatException)
            {
                // An unreadable verified file marks nothing; accept and report say what is wrong with it.
            }
        }

        JudgeResult? judged = judge is null ? null : judge().Judge(loaded);
        var attribution = judged?.Attribution ?? host.Engine.Attribute(loaded, new AttributionRequest { ExpectedAnswer = expectedAnswer, PassingRun = passingRun });
        if (json)
        {
            host.Out.Write(attribution.ToJson());
            return Cli.Success;
        }

        var console = host.CreateOutputConsole();
        console.MarkupLine($"[bold]Trace[/] {Markup.Escape(loaded.TraceId)}  [grey]{Markup.Escape(loaded.Format.ToString())}, {loaded.Spans.Count.ToString(CultureInfo.InvariantCulture)} spans, {Markup.Escape(path)}[/]");
        console.WriteLine();
        foreach (var line in SpanTreeView.MarkupLines(loaded, attribution)) console.MarkupLine(line);
        console.WriteLine();
        WriteAttribution(console, attribution);
        if (judged is not null)
        {
            var source = judged.Source switch
            {
                VerdictSource.Replayed => $", replayed from {judged.RecordingPath}",
                VerdictSource.Recorded => $", recorded in {judged.RecordingPath}",
                VerdictSource.Live => ", live (not recorded)",
                _ => "",
            };
            console.MarkupLine($"[bold]Answered by[/] {(judged.Path == JudgePath.Judge ? "the judge" : "the rules")}: {Markup.Escape(judged.Reason + source)}");
        }

        foreach (var warning in loaded.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning.ToString())}");
        }

        return Cli.Success;
    }

    internal static void WriteAttribution(IAnsiConsole console, Attribution attribution)
    {
        if (!attribution.FailureFound)
        {
            var detail = string.Equals(attribution.Summary, "no failure found", StringComparison.OrdinalIgnoreCase) ? "" : " " + Markup.Escape(attribution.Summary);
            console.MarkupLine($"[green]No failure found.[/]{detail}");
            return;
        }

        var category = attribution.Category!;
        console.MarkupLine($"[bold]Cited[/]      [bold red]{Markup.Escape(attribution.Cited!.Path)}[/] [grey]({Markup.Escape(attribution.Cited.SpanId)})[/]");
        console.MarkupLine($"[bold]Agent[/]      {Markup.Escape(attribution.Cited.Agent ?? "none")}");
        console.MarkupLine($"[bold]Category[/]   {Markup.Escape(category.L1)} › {Markup.Escape(category.L2)} › {Markup.Escape(category.L3)} › [bold]{Markup.Escape(category.L4)}[/]");
        console.MarkupLine($"[bold]Summary[/]    {Markup.Escape(attribution.Summary)}");
        console.MarkupLine($"[bold]Confidence[/] {attribution.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}" +
                           (attribution.Detector is null ? "" : $"  [grey]detector {Markup.Escape(attribution.Detector)}[/]"));
        if (attribution.Basis is { } basis) console.MarkupLine($"[bold]Basis[/]      {Markup.Escape(basis.ToJsonName())}");
        if (attribution.Chain.Count > 0)
        {
            console.MarkupLine($"[bold]Chain[/]      {Markup.Escape(string.Join(" → ", attribution.Chain))}");
        }

        if (attribution.Evidence.Count > 0)
        {
            console.MarkupLine("[bold]Evidence[/]");
            foreach (var evidence in attribution.Evidence)
            {
                console.MarkupLine($"  [grey]{Markup.Escape(evidence.SpanId)} {Markup.Escape(evidence.Source)}[/]");
                console.MarkupLine($"    \"{Markup.Escape(SpanTreeRenderer.OneLine(evidence.Quote, 300))}\"");
            }
        }

        if (attribution.OtherFindings.Count > 0)
        {
            console.MarkupLine("[bold]Other findings[/]");
            foreach (var finding in attribution.OtherFindings)
            {
                console.MarkupLine($"  [grey]{Markup.Escape(finding.Span.Path)}[/]: {Markup.Escape(finding.Category.L4)} — {Markup.Escape(finding.Summary)}");
            }
        }
    }
}
