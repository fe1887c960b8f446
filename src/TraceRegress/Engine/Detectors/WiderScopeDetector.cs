using System.Text.Json;
using System.Text.RegularExpressions;
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

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.Task is not { } task || WholeSeries().IsMatch(task.Text) || OneTime().Match(task.Text) is not { Success: true } time) yield break;
        var view = context.View;
        var seriesIds = new Dictionary<string, (Span Span, string Source, string Quote)>(StringComparer.Ordinal);
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall)
            {
                // What listings said before the call: a series id beside an occurrence's.
                if (g.ToolCallResult is { } result) Learn(result.Span, result.Source, result.Text, seriesIds);
                continue;
            }

            foreach (var message in g.InputMessages)
            {
                if (message.Role != "tool") continue;
                foreach (var part in message.Parts) Learn(g.Span, part.Source, part.Body, seriesIds);
            }

            foreach (var message in g.OutputMessages)
            {
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.ToolCall || part.Name is not { } name || !Acting().IsMatch(name) || part.Arguments is not { Length: > 1 } arguments) continue;
                    if (Wide(arguments, seriesIds) is not { } wide) continue;
                    var evidence = new List<Evidence> { new(task.Span.SpanId, task.Source, time.Value), new(g.Span.SpanId, part.Source, wide.Quote) };
                    if (wide.Listed is { } listed) evidence.Add(new Evidence(listed.Span.SpanId, listed.Source, listed.Quote));
                    yield return context.CreateFinding(this, g.Span, "Incorrect Problem Identification",
                        $"The task asks about one occurrence (\"{time.Value}\") but {g.Span.Name} called {name} on the whole series ({wide.Quote}).",
                        evidence, 0.6) with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    private static void Learn(Span span, string source, string text, Dictionary<string, (Span, string, string)> seriesIds)
    {
        if (text.Length < 8 || !text.Contains("eries", StringComparison.OrdinalIgnoreCase) && !text.Contains("ecurring", StringComparison.OrdinalIgnoreCase)) return;
        foreach (Match m in SeriesId().Matches(text)) seriesIds.TryAdd(m.Groups["value"].Value, (span, source, m.Value));
    }

    // The arguments' wide scope, quoted as written: a scope word, a flag, or an id a listing gave as a series id.
    private static (string Quote, (Span Span, string Source, string Quote)? Listed)? Wide(string arguments, Dictionary<string, (Span, string, string)> seriesIds)
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
                var key = Letters(p.Name);
                var wide = p.Value.ValueKind switch
                {
                    JsonValueKind.String when ScopeKeys.Contains(key) && WideValues.Contains(Letters(p.Value.GetString()!)) => true,
                    JsonValueKind.True when WideFlags.Contains(key) => true,
                    _ => false,
                };
                if (wide) return (Written(arguments, p), null);
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && seriesIds.TryGetValue(p.Value.GetString()!, out var listed)) return (Written(arguments, p), listed);
            }
        }

        return null;
    }

    // The property as the arguments write it ("scope":"series" or "scope": "series").
    private static string Written(string arguments, JsonProperty p)
    {
        var value = p.Value.GetRawText();
        var at = arguments.IndexOf("\"" + p.Name + "\"", StringComparison.Ordinal);
        if (at < 0) return value;
        var end = arguments.IndexOf(value, at + p.Name.Length + 2, StringComparison.Ordinal);
        return end < 0 || end - at > p.Name.Length + 8 ? value : arguments[at..(end + value.Length)];
    }

    private static string Letters(string s)
    {
        Span<char> buffer = s.Length <= 64 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiLetter(c)) buffer[n++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..n]);
    }
}
