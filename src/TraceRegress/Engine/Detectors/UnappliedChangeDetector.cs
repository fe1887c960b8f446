using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asked for a record's field to take a new value ("they take size 312 now instead of the size 13s"), a tool had
/// read the record with the old one (<c>"battery_size": "13"</c>), and the call that updates the record leaves the field
/// out though the tool declares it (<c>update_subscription</c> with only <c>next_dispatch_date</c>): the change the user
/// asked for was never made, and what the update returns still holds the old value, if it says. The new value is tied to
/// the field: the tool declares it among the field's values, another call sent it under the field's name, or the user's
/// sentence names the field beside it ("size 312"); the sentence wants it from now on ("now", "instead", "switch"). Cited at the model call that wrote the update: Context Handling
/// Failures when the change was asked for before the user's latest message (the conversation lost it), Instruction
/// Non-compliance when the latest message asked for it, quoting the user's sentence, the record's old value and the
/// arguments sent.
/// </summary>
internal sealed partial class UnappliedChangeDetector : IDetector
{
    public const string DetectorId = "unapplied-change";

    // Words that make a value the one wanted from now on: "now", "instead of", "switch to", "change it to", "the new".
    [GeneratedRegex(@"\b(?:now|instead|rather|switch\w*|chang\w*|updat\w*|new|moved?|going forward)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wanted();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        for (var c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args) continue;
            if (ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not ("update" or "change" or "modify" or "amend" or "edit")) continue;
            if (ToolDeclarations.DeclaringSpan(context.View, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { Parameters.Count: > 1 } definition) continue;
            foreach (var field in definition.Parameters)
            {
                if (sent.TryGetProperty(field, out _)) continue;
                if (OldValue(calls, c, field, Keys(sent)) is not var (old, read) || Asked(context, chooser, calls, c, definition, field, old) is not var (value, said, latest)) continue;
                // What the update returns holding the new value after all: it was made.
                if (call.Results.Any(r => ValueUnder(r, field) is { } now && now.Value == value)) continue;
                var quote = Quote.Cut(args.Text);
                var evidence = new List<Evidence> { said, new(read.Text.Span.SpanId, read.Text.Source, read.Quote), new(args.Span.SpanId, args.Source, quote) };
                yield return context.CreateFinding(this, chooser.Span, latest ? "Instruction Non-compliance" : "Context Handling Failures",
                    $"The user asked for {field} {value} (\"{said.Quote}\"), the record held {read.Quote}, and {chooser.Span.Name} sent {call.Name} {quote} without {field}: the change was not made.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    // The value an earlier tool result gave the record's field (the latest one), with the result and its quote: a result
    // of the same record, one that holds a reference the update names (the account it updates), not a price list.
    private static (string Value, (SourcedText Text, string Quote) Read)? OldValue(List<ToolCall> calls, int at, string field, List<string> keys)
    {
        if (keys.Count == 0) return null;
        for (var j = at - 1; j >= Math.Max(0, at - DetectionContext.CallLookBack); j--)
        {
            foreach (var r in calls[j].Results)
            {
                if (!keys.Exists(k => r.Text.Contains(k, StringComparison.Ordinal))) continue;
                if (ValueUnder(r, field) is { } found) return (found.Value, (r, found.Quote));
            }
        }

        return null;
    }

    // The references an update names its record by: string values of letters and digits ("CT-118406").
    private static List<string> Keys(JsonElement sent)
    {
        var keys = new List<string>();
        foreach (var p in sent.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 4 } s && s.Any(char.IsAsciiDigit) && s.Any(char.IsAsciiLetter) && !s.Contains(' ', StringComparison.Ordinal)) keys.Add(s);
        }

        return keys;
    }

    // A field's scalar value in a tool result (any object of it), with the property as written.
    private static (string Value, string Quote)? ValueUnder(SourcedText result, string field) =>
        JsonProperties.FirstUnder(result, field, v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number);

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// The new value the user asked the field to take: a value other than the old one, tied to the field, that a user
    /// message before the update names as a whole word; with the user's sentence and whether it came in the latest
    /// message.
    /// </summary>
    private static (string Value, Evidence Said, bool Latest)? Asked(DetectionContext context, GenAiSpan chooser, List<ToolCall> calls, int at, ToolDefinition definition, string field, string old)
    {
        // The values other calls sent under the field's name, and those the declaration lists.
        var sentUnder = new HashSet<string>(StringComparer.Ordinal);
        for (var j = Math.Max(0, at - DetectionContext.CallLookBack); j < at; j++)
        {
            if (calls[j].Arguments is { Json: { ValueKind: JsonValueKind.Object } given } && given.TryGetProperty(field, out var v) && Scalar(v) is { } s) sentUnder.Add(s);
        }

        var values = new HashSet<string>(sentUnder, StringComparer.Ordinal);
        if (definition.ParameterChoices.TryGetValue(field, out var choices)) values.UnionWith(choices);
        values.Remove(old);
        if (values.Count == 0) return null;
        var fieldWords = NameWords.Word().Matches(field).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3).ToList();
        var users = UserMessages.Count(chooser);
        foreach (var (message, part) in UserMessages.Parts(chooser))
        {
            var text = part.Content!;
            foreach (var value in values)
            {
                var found = WholeWords.Find(text, value);
                if (found < 0) continue;
                var sentence = Requests.Sentence(text, found).Trim();
                if (!Wanted().IsMatch(sentence)) continue;
                // The value is tied to the field by another call's argument under it, or by the user's naming the field
                // beside it (a value the declaration lists needs one of them too).
                var named = fieldWords.Exists(w => WholeWords.Find(sentence.ToLowerInvariant(), w) >= 0);
                if (!named && !sentUnder.Contains(value)) continue;
                return (value, new Evidence(chooser.Span.SpanId, part.Source, sentence), message == users - 1);
            }
        }

        return null;
    }
}
