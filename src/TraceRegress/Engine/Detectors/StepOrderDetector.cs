using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The task asks for two actions in order ("add 6 hours of overtime and then submit the week", "change the title, then
/// print 500 cards") and the run took the second first: the tool named for the second action ran (<c>submit_timesheet</c>,
/// <c>submit_print_job</c>) before another action (<c>add_time_entry</c>, <c>update_artwork_text</c>) and was not run
/// again after it. What the second action locked in (a submitted week, a queued print job) went without the first:
/// Task Orchestration, cited at the model call that asked for the second action first, quoting the task's order and
/// the two calls.
/// </summary>
internal sealed partial class StepOrderDetector : IDetector
{
    public const string DetectorId = "step-order";

    // "A and then B", "A, then B", "first A, then B", "A and after that B", "A and go ahead and B" (go ahead: once A is
    // done): B runs from there to the sentence's end.
    [GeneratedRegex(@"\b(?:and then|, then|then|and after that|after that|and (?:then )?go ahead and)\s+(?:please\s+|to\s+|you can\s+|can you\s+)?(?<verb>[a-z]+)\b[^.?!\n]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Then();

    // Verbs an action tool's name says it does, for the verb a task writes.
    private static string[] ToolWordsFor(string verb) => verb.ToLowerInvariant() switch
    {
        "submit" or "send" => ["submit", "send"],
        "print" => ["print"],
        "book" or "reserve" => ["book", "reserve"],
        "pay" or "charge" => ["pay", "charge"],
        "publish" or "post" => ["publish", "post"],
        "approve" => ["approve"],
        "close" or "cancel" or "deactivate" => ["close", "cancel", "deactivate", "terminate"],
        "delete" or "remove" => ["delete", "remove"],
        "ship" or "dispatch" => ["ship", "dispatch"],
        "email" or "notify" => ["email", "mail", "notify"],
        "confirm" => ["confirm"],
        "file" => ["file", "submit"],
        "sign" => ["sign"],
        "order" => ["order"],
        "merge" => ["merge"],
        "deploy" or "release" => ["deploy", "release"],
        _ => [],
    };

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task) yield break;
        var view = context.View;
        var ordered = context.CallsInOrder;
        if (ordered.Count < 2) yield break;
        foreach (Match then in Then().Matches(task.Text))
        {
            var words = ToolWordsFor(then.Groups["verb"].Value);
            if (words.Length == 0) continue;
            bool Does(ToolCall c) => Array.Exists(words, w => c.Name.Contains(w, StringComparison.OrdinalIgnoreCase));
            // The calls in the order they were made: by the span that asked for them, then by their place in its request.
            var second = ordered.FindIndex(Does);
            if (second < 0 || ordered[second].RequestedBy is not { } chooser) continue;
            // Another action after it, and the second action not taken again after that one.
            var first = ordered.FindIndex(second + 1, c => !Does(c) && !ToolNames.Reads(c.Name));
            if (first < 0 || ordered.FindIndex(first + 1, Does) >= 0) continue;
            var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, Requests.Sentence(task.Text, then.Index)) };
            if (ordered[second].Arguments is { } a) evidence.Add(new Evidence(a.Span.SpanId, a.Source, Quote.Cut(a.Text)));
            if (ordered[first].Arguments is { } b) evidence.Add(new Evidence(b.Span.SpanId, b.Source, Quote.Cut(b.Text)));
            yield return context.CreateFinding(this, chooser.Span, "Task Orchestration",
                $"The task asks for {ordered[second].Name}'s step last (\"{then.Value.Trim()}\"), and {chooser.Span.Name} ran {ordered[second].Name} before {ordered[first].Name}, which it did not run again after.",
                evidence, 0.65) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }
}
