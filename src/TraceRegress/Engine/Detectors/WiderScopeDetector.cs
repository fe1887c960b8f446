using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An action taken on more than the task asked for: the user asks to cancel, delete or move one occurrence ("cancel the
/// design review next Tuesday", "skip tomorrow's delivery") and a model call asks a tool to act on the whole series
/// (<c>"scope":"series"</c>, <c>"all_occurrences":true</c>, or the series id a listing gave beside the occurrence's
/// own id). The tool does what it was asked; the call misidentified what was to be acted on: Incorrect Problem
/// Identification, cited at the call that asked for it. A task that speaks of the series itself ("every", "all",
/// "recurring", "for good", "from now on") or names no single time is not read this way.
/// </summary>
internal sealed partial class WiderScopeDetector : IDetector
{
    // Tools whose call changes or removes what it names.
    [GeneratedRegex(@"cancel|delete|remove|decline|drop|clear|purge|archive|revoke|unsubscribe|deactivate|disable|erase|void|terminate|stop|pause|skip|reschedule|move|update|edit|modify|change", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Acting();

    // One time named in the task: a day, a date, "that day", "this one".
    [GeneratedRegex(@"\b(?:today|tonight|tomorrow|that day|this (?:morning|afternoon|evening)|(?:next|this|on|coming) (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day'?s|\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b|\d{4}-\d{2}-\d{2}|just (?:this|that|the) one|only (?:this|that|the next|next) (?:one|week|occurrence|session|meeting|delivery|order))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OneTime();

    // The task speaks of the series itself.
    [GeneratedRegex(@"\b(?:series|every|all (?:future|upcoming|remaining|the|of (?:them|the))|all occurrences|recurring|recurrence|whole|entire|for good|permanently|from now on|going forward|altogether|each (?:week|day|month))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeSeries();

    // A listing's series id beside an occurrence's own: "series_id": "ser_7731", "recurringEventId": "…".
    [GeneratedRegex(@"""(?<key>series_?id|seriesId|recurring_?event_?id|recurringEventId|series_?master_?id|seriesMasterId|recurrence_?master_?id)""\s*:\s*""(?<value>[^""]{2,80})""", RegexOptions.CultureInvariant)]
    private static partial Regex SeriesId();

    private static readonly HashSet<string> ScopeKeys = new(StringComparer.Ordinal)
    {
        "scope", "mode", "range", "applyto", "target", "recurrence", "occurrences", "which", "span", "cancelscope", "deletescope", "updatescope", "editscope",
    };

    private static readonly HashSet<string> WideValues = new(StringComparer.Ordinal)
    {
        "series", "all", "entire", "entireseries", "whole", "wholeseries", "recurring", "alloccurrences", "allinstances", "allevents", "thisandfollowing",
        "following", "future", "allfuture", "every", "master",
    };

    private static readonly HashSet<string> WideFlags = new(StringComparer.Ordinal)
    {
        "all", "series", "recurring", "applytoseries", "applytoall", "deleteall", "cancelall", "allinstances", "alloccurrences", "entireseries",
        "wholeseries", "includefuture", "allfuture", "thisandfollowing", "deleteseries", "cancelseries",
    };

    public const string DetectorId = "wider-scope";

    public string Id => DetectorId;

    public int Priority => 57;


    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || WholeSeries().IsMatch(task.Text) || OneTime().Match(task.Text) is not { Success: true } time) yield break;
        // The first call that asks a tool to change or remove something on the whole series.
        var acting = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var call in context.View.Spans)
        {
            if (!call.IsModelCall) continue;
            foreach (var part in call.OutputMessages.SelectMany(m => m.Parts))
            {
                if (part.Kind != PartKind.ToolCall || part.Name is not { } name || part.Arguments is not { Length: > 1 } arguments) continue;
                if (!acting.TryGetValue(name, out var changes)) acting[name] = changes = Acting().IsMatch(name);
                // Parsed only when the arguments hold a word of a wide scope, or the listing the call just read names a series.
                if (!changes || (arguments.AsSpan().IndexOfAny(WideWords) < 0 && !ReadsSeries(call))) continue;
                if (Wide(arguments, value => ListedAsSeries(call, value)) is not { } wide) continue;
                var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, time.Value), new(call.Span.SpanId, part.Source, wide.Quote) };
                if (wide.Listed is { } source) evidence.Add(new Evidence(source.Span.SpanId, source.Source, source.Quote));
                yield return context.CreateFinding(this, call.Span, "Incorrect Problem Identification",
                    $"The task asks about one occurrence (\"{time.Value}\") but {call.Span.Name} called {name} on the whole series ({wide.Quote}).",
                    evidence, 0.6) with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    // The listing the call just read (one of the last tool results in its input) names the value as a series id beside an
    // occurrence's own: "series_id": "ser_7731", "recurringEventId": "0k1f2".
    private static (Span Span, string Source, string Quote)? ListedAsSeries(GenAiSpan call, string value)
    {
        if (value.Length < 2) return null;
        foreach (var part in RecentResultsNamingSeries(call))
        {
            if (!part.Body.Contains(value, StringComparison.Ordinal)) continue;
            foreach (Match m in SeriesId().Matches(part.Body))
            {
                if (m.Groups["value"].Value == value) return (call.Span, part.Source, m.Value);
            }
        }

        return null;
    }

    private static bool ReadsSeries(GenAiSpan call) => RecentResultsNamingSeries(call).Any();

    // The parts of the last tool results in the call's input that hold a series key.
    private static IEnumerable<MessagePart> RecentResultsNamingSeries(GenAiSpan call) =>
        RecentToolResults.Of(call).Where(part => part.Body.AsSpan().IndexOfAny(SeriesKeys) >= 0);


    // Every wide scope value or flag holds one of these.
    private static readonly SearchValues<string> WideWords = SearchValues.Create(
        ["series", "all", "entire", "whole", "recurring", "every", "following", "future", "master"], StringComparison.OrdinalIgnoreCase);

    // Every key SeriesId reads holds one of these.
    private static readonly SearchValues<string> SeriesKeys = SearchValues.Create(["series", "recurring", "recurrence"], StringComparison.OrdinalIgnoreCase);

    // The arguments' wide scope, quoted as written: a scope word, a flag, or an id a listing gave as a series id.
    private static (string Quote, (Span Span, string Source, string Quote)? Listed)? Wide(string arguments, Func<string, (Span, string, string)?> listedAsSeries)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(arguments, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var key = JsonProperties.Key(p.Name);
                var wide = p.Value.ValueKind switch
                {
                    JsonValueKind.String when ScopeKeys.Contains(key) && WideValues.Contains(JsonProperties.Key(p.Value.GetString()!)) => true,
                    JsonValueKind.True when WideFlags.Contains(key) => true,
                    _ => false,
                };
                if (wide) return (JsonProperties.Written(arguments, p) ?? p.Value.GetRawText(), null);
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && listedAsSeries(p.Value.GetString()!) is { } listed) return (JsonProperties.Written(arguments, p) ?? p.Value.GetRawText(), listed);
            }
        }

        return null;
    }
}
