using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A replacement done in the wrong order: the task asks to move, reschedule or replace something (a pickup, a booking, a
/// reservation), a model call cancels the existing one first, and the call that was to create its replacement then
/// fails (no capacity, a cutoff passed). The user is left with neither. The failure the tool reports is real, but the run
/// went wrong where the existing booking was given up before the new one was secured: Task Orchestration at the call
/// that cancelled, quoting the cancellation and the failed replacement. A replacement secured before the cancellation, or
/// a cancellation the task asked for alone, is not read this way.
/// </summary>
internal sealed partial class CancelBeforeReplacementDetector : IDetector
{
    public const string DetectorId = "cancel-before-replacement";

    [GeneratedRegex(@"cancel|delete|remove|release|void|revoke|drop", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cancels();

    [GeneratedRegex(@"book|create|reserve|schedule|add|place|make|new|order|rebook", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Creates();

    [GeneratedRegex(@"\b(?:move|moved|moving|reschedul\w*|rebook\w*|re-book\w*|change (?:it|the|my|our)\b|switch\w*|swap\w*|replac\w*|push (?:it|the)\b|bring (?:it|the)\b.{0,20}\bforward)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Replacing();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || Replacing().Match(task.Text) is not { Success: true } asked) yield break;
        var view = context.View;
        var calls = view.ToolCalls.Calls.Where(c => c.RequestedBy is not null).OrderBy(c => view.Rank(c.RequestedBy!.Span)).ThenBy(c => c.Ordinal).ToList();
        for (var i = 0; i < calls.Count; i++)
        {
            var cancel = calls[i];
            if (!Cancels().IsMatch(cancel.Name) || Creates().IsMatch(cancel.Name) || ToolNames.Reads(cancel.Name) || Failed(cancel)) continue;
            // A replacement already secured before the cancellation: the order was right.
            if (calls.Take(i).Any(c => Makes(c) && !Failed(c))) yield break;
            var replacement = calls.Skip(i + 1).FirstOrDefault(Makes);
            if (replacement is null || !Failed(replacement)) yield break;
            var explains = calls.Skip(i + 1).Where(Failed).Select(c => c.ExecutionSpan?.SpanId).OfType<string>().ToList();
            var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, asked.Value) };
            if (cancel.Arguments is { } args) evidence.Add(new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)));
            if (replacement.Error is { } error) evidence.Add(new Evidence(error.Result.Span.SpanId, error.Error.Source, error.Error.Quote));
            else if (replacement.ExecutionSpan is { } failed && failed.Status.Message is { Length: > 0 } message) evidence.Add(new Evidence(failed.SpanId, "status.message", Quote.Cut(message)));
            yield return context.CreateFinding(this, cancel.RequestedBy!.Span, "Task Orchestration",
                $"{cancel.RequestedBy!.Span.Name} called {cancel.Name} before the replacement was secured, and {replacement.Name} then failed: the existing one was given up for nothing.",
                evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = explains };
            yield break;
        }
    }

    private static bool Makes(GenAi.ToolCall call) => Creates().IsMatch(call.Name) && !Cancels().IsMatch(call.Name) && !ToolNames.Reads(call.Name);

    private static bool Failed(GenAi.ToolCall call) => call.Error is not null || call.ExecutionSpan?.Status.Code == SpanStatusCode.Error;
}
