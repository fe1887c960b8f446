using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The user asked for one value of something a tool takes ("a continuo organ tuned to A=415 please"), and the call that
/// acts left that parameter out though the tool declares it (<c>create_hire_booking</c> without <c>tuning_pitch</c>), so
/// the tool used its own: what it returned holds another value of the same kind (<c>"tuning_pitch": "A440"</c>). The value
/// asked for is one the parameter takes: its declaration lists it (an enum, or its description beside the value
/// returned: "A392, A415, A440 or A465"), or an earlier result lists it beside the value returned (<c>"pitches": ["A392",
/// "A415", "A440"]</c>). A value written with letters and digits is found in the user's words however it is spaced ("A=415"
/// for A415); a plain word needs the user's sentence to name the parameter too. Cited at the model call that wrote the
/// call: Context Handling Failures when it was asked for before the user's latest message (the conversation lost it),
/// Instruction Non-compliance when in it; quoting the user's sentence, the arguments and the value returned. A call that
/// sends the parameter, or a result that holds the value asked for, is no finding; nor is an update, which keeps the
/// record's value (see <see cref="UnappliedChangeDetector"/>).
/// </summary>
internal sealed partial class DefaultedFieldDetector : IDetector
{
    public const string DetectorId = "defaulted-field";

    [GeneratedRegex(@"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var calls = context.CallsInOrder;
        for (var c = 0; c < calls.Count; c++)
        {
            var call = calls[c];
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } args || call.Results.Count == 0) continue;
            // An update that leaves a field out keeps the record's own value, not the tool's: unapplied-change reads those.
            if (ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is null or "update" or "change" or "modify" or "amend" or "edit") continue;
            if (ToolDeclarations.DeclaringSpan(context.View, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { Parameters.Count: > 1 } definition) continue;
            foreach (var field in definition.Parameters)
            {
                if (sent.TryGetProperty(field, out _)) continue;
                foreach (var result in call.Results)
                {
                    if (JsonProperties.FirstUnder(result, field, v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0) is not var (used, quote)) continue;
                    var kinds = Kinds(definition, field, used, calls, c);
                    if (kinds.Count == 0) continue;
                    // Read only for a field left out whose result holds another value of its kind: most have none.
                    var fieldWords = NameWords.Word().Matches(field).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 3).ToList();
                    var users = UserMessages.Count(chooser);
                    foreach (var (message, part) in UserMessages.Parts(chooser))
                    {
                        var text = part.Content!;
                        foreach (var value in kinds)
                        {
                            var found = Written(text, value);
                            if (found < 0) continue;
                            var sentence = Requests.Sentence(text, found).Trim();
                            if (!value.Any(char.IsAsciiDigit) && !fieldWords.Exists(w => WholeWords.Find(sentence.ToLowerInvariant(), w) >= 0)) continue;
                            var latest = message == users - 1;
                            yield return context.CreateFinding(this, chooser.Span, latest ? "Instruction Non-compliance" : "Context Handling Failures",
                                $"The user asked for {value} (\"{sentence}\"), {chooser.Span.Name} sent {call.Name} without {field}, and the tool used its own: {quote}.",
                                [new Evidence(chooser.Span.SpanId, part.Source, sentence), new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text)), new Evidence(result.Span.SpanId, result.Source, quote)], 0.7)
                                with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The other values the parameter takes: its enum; the values written like <paramref name="used"/> on a line of the
    /// declaration that holds it; the strings of an earlier result's list that holds it.
    /// </summary>
    private static List<string> Kinds(ToolDefinition definition, string field, string used, List<ToolCall> calls, int at)
    {
        var kinds = new List<string>();
        if (definition.ParameterChoices.TryGetValue(field, out var choices)) kinds.AddRange(choices);
        var shape = Shape(used);
        if (used.Any(char.IsAsciiDigit) && used.Any(char.IsAsciiLetter))
        {
            foreach (var line in (definition.Description ?? "").Split('\n'))
            {
                if (WholeWords.Find(line, used) < 0) continue;
                kinds.AddRange(Token().Matches(line).Select(m => m.Value).Where(t => Shape(t) == shape));
            }

            for (var j = Math.Max(0, at - DetectionContext.CallLookBack); j < at; j++)
            {
                foreach (var r in calls[j].Results)
                {
                    if (!r.Text.Contains('"' + used + '"', StringComparison.Ordinal) || r.Json is not { } root) continue;
                    foreach (var o in JsonProperties.Objects(root))
                    {
                        foreach (var p in o.EnumerateObject())
                        {
                            if (p.Value.ValueKind != JsonValueKind.Array) continue;
                            var items = p.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
                            if (items.Contains(used, StringComparer.Ordinal)) kinds.AddRange(items.Where(i => Shape(i) == shape));
                        }
                    }
                }
            }
        }

        return kinds.Where(k => !string.Equals(k, used, StringComparison.OrdinalIgnoreCase) && k.Length >= 3).Distinct(StringComparer.Ordinal).ToList();
    }

    // A value's form: letters as "a", digits as "9" ("A415" is "a999").
    private static string Shape(string value)
    {
        var b = new StringBuilder(value.Length);
        foreach (var ch in value) b.Append(char.IsAsciiDigit(ch) ? '9' : char.IsLetter(ch) ? 'a' : ch);
        return b.ToString();
    }

    /// <summary>
    /// Where the text writes the value as a whole: a plain word as itself, a value of letters and digits with anything of
    /// "=", ":", "-" or a space between its letters and its digits ("A=415", "A 415" for A415); -1 when it does not.
    /// </summary>
    private static int Written(string text, string value)
    {
        if (!value.Any(char.IsAsciiDigit)) return WholeWords.Find(text, value, StringComparison.OrdinalIgnoreCase);
        var pattern = new StringBuilder(@"(?<![A-Za-z0-9])");
        for (var i = 0; i < value.Length; i++)
        {
            if (i > 0 && char.IsAsciiDigit(value[i]) != char.IsAsciiDigit(value[i - 1])) pattern.Append(@"[\s=:-]{0,2}");
            pattern.Append(Regex.Escape(value[i].ToString()));
        }

        pattern.Append(@"(?![A-Za-z0-9])");
        var m = Regex.Match(text, pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? m.Index : -1;
    }
}
