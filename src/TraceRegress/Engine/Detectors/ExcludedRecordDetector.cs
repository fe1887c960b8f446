using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The instructions exclude records by one of their fields from an action ("Controlled substances (any prescription
/// with a dea_schedule value) cannot be refilled through this assistant. Do not submit them"), and a model call asked
/// the action's tool (<c>submit_refill_request</c>) for a record a tool had returned with that field set
/// (<c>"dea_schedule": "C-IV"</c>): Instruction Non-compliance at that call, quoting the rule, the record's field and the
/// call. A rule is read from one sentence of the system or developer instructions that says what may not be done (cannot,
/// do not, never, must not), names the field as the data write it (<c>dea_schedule</c>, <c>isFinalSale</c>) with no
/// comparison after it (a threshold is another kind of rule), and holds a word of the tool's name (refilled, submit).
/// A field read as not set (null, false, empty, zero) does not exclude.
/// </summary>
internal sealed partial class ExcludedRecordDetector : IDetector
{
    public const string DetectorId = "excluded-record";

    // "never" forbids where it tells someone what not to do ("Never promise", "you must never", "3. Never submit"), not in a
    // statement of what happened ("water lost underground never reached the sewer").
    [GeneratedRegex(@"\b(?:cannot|can't|can not|do not|don't|must not|mustn't|may not|should not|not allowed|not permitted)\b|(?<=(?:^|[.;:!?(\u2013\u2014-]|\b(?:must|should|will|shall|can|may|and|but|or|please|to|you|we))\s*(?:\d{1,2}[.)]\s*)?)\bnever\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex Forbids();

    // A field as data write it: snake_case or camelCase, not followed by a comparison or a figure.
    [GeneratedRegex(@"(?<![\w.])(?<field>[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)\b(?!\s*(?:[<>=!]|is\s+(?:[<>]|\d|less|more|greater|under|over|at)|\d))", RegexOptions.CultureInvariant)]
    private static partial Regex Field();

    // Words that turn a rule on the field's absence or on another value ("without a dea_schedule", "is false").
    [GeneratedRegex(@"\b(?:without|missing|empty|null|none|false|no|not set|unset)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Absence();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = view.ToolCalls.Calls;
        var rulesOf = new Dictionary<string, List<(string Field, string Sentence, string Source)>>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (ToolDeclarations.Chooser(view, call) is not { } g || call.Arguments is not { } args || call.Name.Length == 0 || ToolNames.Reads(call.Name)) continue;
            var instructions = g.InputMessages.Where(m => m.Role is "system" or "developer").SelectMany(m => m.Parts).Where(p => p.Content is { Length: > 0 }).ToList();
            if (instructions.Count == 0) continue;
            var key = instructions[0].Content!;
            if (!rulesOf.TryGetValue(key, out var rules)) rulesOf[key] = rules = Rules(instructions);
            if (rules.Count == 0) continue;
            var nameWords = Words(call.Name);
            var rank = view.Rank(g.Span);
            foreach (var (field, sentence, source) in rules)
            {
                if (!nameWords.Exists(w => sentence.Contains(w, StringComparison.OrdinalIgnoreCase))) continue;
                foreach (var earlier in calls)
                {
                    if (ReferenceEquals(earlier, call) || earlier.OriginSpan is not { } origin || view.Rank(origin) > rank) continue;
                    foreach (var result in earlier.Results)
                    {
                        if (result.Json is not { } root || Excluded(root, field, args.Text) is not { } record) continue;
                        var written = JsonProperties.Quote(result.Text, record.Field);
                        yield return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions exclude such records (\"{Quote.Cut(sentence, 160)}\"), and {g.Span.Name} asked {call.Name} for {record.Id}, whose record has {written}.",
                            [new Evidence(g.Span.SpanId, source, sentence), new Evidence(result.Span.SpanId, result.Source, written), new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>The rules of the instructions: a sentence that forbids, and the field it names.</summary>
    private static List<(string Field, string Sentence, string Source)> Rules(List<MessagePart> instructions)
    {
        var rules = new List<(string, string, string)>();
        foreach (var part in instructions)
        {
            var text = part.Content!;
            if (!Forbids().IsMatch(text)) continue;
            foreach (var line in text.Split('\n'))
            {
                // A rule and its reason may take two sentences ("... cannot be refilled through this assistant. Do not
                // submit them"): a line is read whole when it forbids.
                if (!Forbids().IsMatch(line) || Absence().IsMatch(line)) continue;
                foreach (Match f in Field().Matches(line)) rules.Add((f.Groups["field"].Value, line.Trim(), part.Source));
            }
        }

        return rules;
    }

    /// <summary>
    /// The record (an object of the result) that has the field set and an identifying value the call's arguments hold;
    /// null when none has.
    /// </summary>
    private static (JsonProperty Field, string Id)? Excluded(JsonElement root, string field, string arguments)
    {
        var stack = new Stack<(JsonElement, int)>([(root, 0)]);
        var visited = 0;
        while (stack.Count > 0 && visited++ < 2048)
        {
            var (e, depth) = stack.Pop();
            if (e.ValueKind == JsonValueKind.Array && depth < 8)
            {
                foreach (var item in e.EnumerateArray()) stack.Push((item, depth + 1));
                continue;
            }

            if (e.ValueKind != JsonValueKind.Object) continue;
            JsonProperty? set = null;
            foreach (var p in e.EnumerateObject())
            {
                if (p.NameEquals(field) && IsSet(p.Value)) set = p;
                if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && depth < 8) stack.Push((p.Value, depth + 1));
            }

            if (set is not { } flagged) continue;
            foreach (var p in e.EnumerateObject())
            {
                if (p.NameEquals(field)) continue;
                var id = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    _ => "",
                };
                // An identifying value: four characters or more, quoted in the arguments as a value.
                if (id.Length >= 4 && (arguments.Contains($"\"{id}\"", StringComparison.Ordinal) || arguments.Contains($": {id}", StringComparison.Ordinal) || arguments.Contains($":{id}", StringComparison.Ordinal)))
                {
                    return (flagged, id);
                }
            }
        }

        return null;
    }

    private static bool IsSet(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim().Length > 0,
        JsonValueKind.True => true,
        JsonValueKind.Number => value.TryGetDecimal(out var d) && d != 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => false,
    };

    // The words of a tool's name, four letters or more, cut to their first five letters (submit_refill_request → submi, refil, reque).
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        foreach (var w in Regex.Split(Regex.Replace(name, "([a-z])([A-Z])", "$1 $2", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), "[^A-Za-z]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            if (w.Length >= 4) words.Add(w.Length > 5 ? w[..5] : w);
        }

        return words;
    }
}
