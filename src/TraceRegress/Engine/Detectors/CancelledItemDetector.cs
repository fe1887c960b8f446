using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An item the listing marks as off, presented as on: a tool result lists records (meetings, flights, classes, offers)
/// and one says it is cancelled, postponed or discontinued (<c>"status": "cancelled"</c>, <c>"cancelled": true</c>), and
/// the model call that read it names that record in its answer ("your first meeting is the design review at 9:00", "take
/// UA 512") without a word of its state. The record was read but its state was not: Tool Output Misinterpretation, cited
/// at the answering call, quoting the state as the listing gives it and the name as the answer does. An answer that says
/// the item is cancelled, or names only other items, is not read this way; nor is a call that only asks for more tools.
/// </summary>
internal sealed partial class CancelledItemDetector : IDetector
{
    public const string DetectorId = "cancelled-item";

    // A record's state that says it will not take place, or is no longer offered.
    [GeneratedRegex(@"^\s*(?:cancell?ed|postponed|called[ _-]off|discontinued|withdrawn|suspended|deleted|removed|permanently[ _-]closed|closed[ _-]permanently|no[ _-]longer[ _-](?:available|offered|running)|scrapped)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffState();

    // The answer's own word for such a state, in the sentence that names the item.
    [GeneratedRegex(@"cancel|postpon|called off|discontinu|withdrawn|suspended|no longer|not (?:take place|happening|running|going ahead)|won't (?:take place|happen|run)|removed|deleted|closed", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StateWord();

    private static readonly HashSet<string> StateKeys = new(StringComparer.Ordinal)
    {
        "status", "state", "eventstatus", "flightstatus", "bookingstatus", "availability", "lifecycle", "lifecyclestate",
    };

    private static readonly HashSet<string> OffFlags = new(StringComparer.Ordinal)
    {
        "cancelled", "canceled", "iscancelled", "iscanceled", "postponed", "ispostponed", "discontinued", "isdiscontinued", "deleted", "isdeleted",
        "withdrawn", "suspended",
    };

    // Keys that name a record (what an answer calls it by).
    private static readonly HashSet<string> NameKeys = new(StringComparer.Ordinal)
    {
        "title", "name", "summary", "subject", "event", "eventname", "flight", "flightnumber", "flightno", "product", "productname", "course",
        "coursename", "class", "classname", "session", "sessionname", "offer", "offername", "plan", "planname", "show", "film", "movie", "tour",
    };

    // A result is read only when it holds one of these.
    private static readonly SearchValues<string> Cues = SearchValues.Create(
        ["cancel", "postpon", "called off", "called_off", "discontinu", "withdrawn", "suspended", "deleted", "removed", "closed", "no longer", "no_longer", "scrapped"],
        StringComparison.OrdinalIgnoreCase);

    public string Id => DetectorId;

    public int Priority => 63;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // A result's records, read once: a history repeats each tool result in every later call's input.
        var read = new Dictionary<string, List<(string Name, string State)>>(StringComparer.Ordinal);
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 } answer) continue;
            if (g.OutputMessages.Any(m => m.Parts.Any(p => p.Kind == PartKind.ToolCall))) continue;
            foreach (var part in RecentToolResults.Of(g))
            {
                var text = part.Body;
                if (text.Length < 16 || text.AsSpan().IndexOfAny(Cues) < 0) continue;
                if (!read.TryGetValue(text, out var records)) read[text] = records = OffRecords(text);
                foreach (var (name, state) in records)
                {
                    var at = WholeWords.Find(answer, name, StringComparison.OrdinalIgnoreCase);
                    if (at < 0 || StateWord().IsMatch(Sentence(answer, at))) continue;
                    var source = g.OutputMessages.SelectMany(m => m.Parts).FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(name, StringComparison.OrdinalIgnoreCase))?.Source ?? "output";
                    var written = answer.Substring(at, name.Length);
                    yield return context.CreateFinding(this, g.Span, "Tool Output Misinterpretation",
                        $"{g.Span.Name} presents \"{written}\" as going ahead, but the result it read says {state}.",
                        [new Evidence(g.Span.SpanId, part.Source, state), new Evidence(g.Span.SpanId, source, written)], 0.6) with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    // The records of a result whose state is off, each with its name and its state as written ("status":"cancelled").
    private static List<(string Name, string State)> OffRecords(string text)
    {
        var found = new List<(string, string)>();
        var t = text.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] is not ('{' or '[')) return found;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            Walk(doc.RootElement, text, found, 0);
        }
        catch (JsonException)
        {
            // Not a record.
        }

        return found;
    }

    private static void Walk(JsonElement e, string raw, List<(string, string)> found, int depth)
    {
        if (depth > 32) return;
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray()) Walk(item, raw, found, depth + 1);
            return;
        }

        if (e.ValueKind != JsonValueKind.Object) return;
        string? name = null;
        string? state = null;
        foreach (var p in e.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (p.Value.ValueKind == JsonValueKind.String)
            {
                var value = p.Value.GetString()!;
                if (name is null && NameKeys.Contains(key) && value.Trim().Length >= 3) name = value.Trim();
                if (state is null && StateKeys.Contains(key) && OffState().IsMatch(value)) state = JsonProperties.Written(raw, p) ?? value;
            }
            else if (p.Value.ValueKind == JsonValueKind.True && OffFlags.Contains(key))
            {
                state ??= JsonProperties.Written(raw, p) ?? p.Name;
            }
            else if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
            {
                Walk(p.Value, raw, found, depth + 1);
            }
        }

        if (name is not null && state is not null) found.Add((name, state));
    }

    // The sentence of the answer that holds the position.
    private static string Sentence(string text, int at)
    {
        var start = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, at - 1)) + 1;
        var end = text.IndexOfAny(['.', '!', '?', '\n'], at);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
