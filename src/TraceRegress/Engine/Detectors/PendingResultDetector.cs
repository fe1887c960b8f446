using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool started a job and said it had not finished (<c>"recount_task_id": "RC-55817", "status": "QUEUED"</c>, a place
/// in a queue, an eta), and a later model call gives the job's outcome ("Recount RC-55817 confirmed 46 boxes") though no
/// result after it says the job finished: the outcome came from no tool. Tool-related hallucination at the first call
/// that gives it, quoting the status and the claim.
/// </summary>
internal sealed partial class PendingResultDetector : IDetector
{
    public const string DetectorId = "pending-result";

    private static readonly string[] PendingStatuses = ["queued", "pending", "in_progress", "inprogress", "in progress", "processing", "scheduled", "submitted", "running", "accepted", "waiting"];

    private static readonly HashSet<string> Pending = new(PendingStatuses, StringComparer.OrdinalIgnoreCase);

    // The same words, looked for in a result before it is read field by field.
    private static readonly System.Buffers.SearchValues<string> PendingWords = System.Buffers.SearchValues.Create(PendingStatuses, StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> Finished = new(StringComparer.OrdinalIgnoreCase)
    {
        "completed", "complete", "done", "finished", "succeeded", "success", "closed", "resolved", "failed",
    };

    // Words that give a job's outcome: "RC-55817 confirmed 46 boxes", "the check came back clear", "the scan showed".
    [GeneratedRegex(@"\b(?:confirmed|confirms|showed|shows|found|finds|returned|came back|completed|verified|counted|reported|concluded)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Outcome();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        foreach (var call in calls)
        {
            foreach (var result in call.Results)
            {
                if (PendingJob(result) is not { } job) continue;
                var rank = view.Rank(result.Span);
                // A later result about the job that says it finished: its outcome came from there.
                var finished = calls.Any(c => c.Results.Any(r => view.Rank(r.Span) > rank && r.Text.Contains(job.Id, StringComparison.Ordinal) && FinishedStatus(r.Text)));
                if (finished) continue;
                foreach (var g in view.Spans)
                {
                    if (!g.IsModelCall || view.Rank(g.Span) <= rank || g.OutputText is not { Length: > 0 } said) continue;
                    var at = said.IndexOf(job.Id, StringComparison.Ordinal);
                    if (at < 0) continue;
                    var sentence = Requests.Sentence(said, at);
                    if (Outcome().Match(sentence) is not { Success: true }) continue;
                    var part = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(sentence, StringComparison.Ordinal));
                    if (part is null) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool-related hallucination",
                        $"{call.Name} said {job.Id} had not finished ({job.Status}), and {g.Span.Name} gave its outcome (\"{sentence.Trim()}\") with no result saying it finished.",
                        [new Evidence(result.Span.SpanId, result.Source, job.Status), new Evidence(g.Span.SpanId, part.Source, sentence.Trim())], 0.75)
                        with { Basis = AttributionBasis.UngroundedContent };
                    yield break;
                }
            }
        }
    }

    /// <summary>The job a result says it started and has not finished: its id and its status as written; null for any other result.</summary>
    private static (string Id, string Status)? PendingJob(SourcedText result)
    {
        if (result.Text.AsSpan().IndexOfAny(PendingWords) < 0 || result.Json is not { ValueKind: JsonValueKind.Object } root) return null;
        string? id = null;
        string? status = null;
        foreach (var p in root.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 } value) continue;
            if (key is "status" or "state" && Pending.Contains(value)) status = JsonProperties.Quote(result.Text, p);
            // The job's own id: a field named for an id that is not a parent's or an owner's.
            else if (id is null && key.EndsWith("id", StringComparison.Ordinal) && key.Length > 2 && !key.StartsWith("parent", StringComparison.Ordinal)
                     && value.Length >= 5 && value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter)) id = value;
        }

        return id is not null && status is not null ? (id, status) : null;
    }

    private static bool FinishedStatus(string text)
    {
        foreach (var word in Finished)
        {
            if (text.Contains($"\"{word}\"", StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
