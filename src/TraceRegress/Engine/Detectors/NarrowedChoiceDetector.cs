using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's declaration lists the values a parameter takes (<c>"plot_size": {"enum": ["half", "full"]}</c>), a tool
/// result the team read lists one more of the same kind beside them (<c>"plot_sizes": [{"size": "quarter"}, {"size":
/// "half"}, {"size": "full"}]</c>), the user asked for that one ("a quarter plot would be ideal"), and the tool was called
/// with a value the declaration allows instead: the model could not send what the service offers and the user wanted,
/// because the declaration leaves it out. Tool Definition Issues at the first model call given the tool, quoting the
/// user's sentence, the value the result lists and the argument sent. A value the declaration lists, a value no result
/// offers, or one the user never asked for, is no finding.
/// </summary>
internal sealed class NarrowedChoiceDetector : IDetector
{
    public const string DetectorId = "narrowed-choice";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        if (!view.Spans.Any(g => g.ToolDefinitionsKnown && g.ToolDefinitions.Any(t => t.ParameterChoices.Count > 0))) yield break;
        var calls = context.CallsInOrder;
        // What a result offers beside a parameter's declared values, read once per result and parameter.
        var offeredIn = new Dictionary<(SourcedText, string), (string Value, string Quote)?>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } args } arguments) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            foreach (var p in args.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { } sent) continue;
                if (!definition.ParameterChoices.TryGetValue(p.Name, out var choices) || choices.Count < 2 || !Listed(choices, sent)) continue;
                // An earlier result offers a value of the same kind the declaration leaves out, and the user asked for it.
                for (var j = Math.Max(0, i - DetectionContext.CallLookBack); j < i; j++)
                {
                    // Indexed, not enumerated: this runs for every pair of calls.
                    var results = calls[j].Results;
                    for (var r = 0; r < results.Count; r++)
                    {
                        var result = results[r];
                        if (!offeredIn.TryGetValue((result, p.Name), out var found)) offeredIn[(result, p.Name)] = found = Offered(result, p.Name, choices);
                        if (found is not { } offered) continue;
                        foreach (var (_, part) in UserMessages.Parts(chooser))
                        {
                            var at = WholeWords.Find(part.Content!, offered.Value, StringComparison.OrdinalIgnoreCase);
                            if (at < 0) continue;
                            var sentence = Requests.Sentence(part.Content!, at).Trim();
                            var first = MisdeclaredFormatDetector.FirstGiven(view, call.Name) ?? declaring;
                            yield return context.CreateFinding(this, first.Span, "Tool Definition Issues",
                                $"{call.Name} declares {p.Name} as one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}; {calls[j].Name} offers \"{offered.Value}\" beside them and the user asked for it (\"{sentence}\"), so the model sent \"{sent}\": the declaration leaves out a value the service takes.",
                                [ToolDeclarations.Offering(declaring, call.Name), new Evidence(chooser.Span.SpanId, part.Source, sentence),
                                 new Evidence(result.Span.SpanId, result.Source, offered.Quote), new Evidence(arguments.Span.SpanId, arguments.Source, JsonProperties.Quote(arguments.Text, p))], 0.7)
                                with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(first.Span).Select(g => g.Span.SpanId).ToArray() };
                            yield break;
                        }
                    }
                }
            }
        }
    }

    private static bool Listed(IReadOnlyList<string> choices, string value) => choices.Any(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A value a result gives under a name of the parameter's kind (<c>size</c> for <c>plot_size</c>) beside at least one
    /// the declaration lists, that the declaration does not list; with the property as the result wrote it.
    /// </summary>
    private static (string Value, string Quote)? Offered(SourcedText result, string parameter, IReadOnlyList<string> choices)
    {
        // A result that writes none of the declared values as a string lists none of them (and need not be parsed).
        if (!choices.Any(c => Quoted(result.Text, c))) return null;
        if (result.Json is not { } root || root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return null;
        var kind = Last(parameter);
        if (kind.Length < 3) return null;
        var values = new List<(string Value, JsonProperty Property)>();
        foreach (var o in JsonProperties.Objects(root))
        {
            foreach (var q in o.EnumerateObject())
            {
                if (q.Value.ValueKind == JsonValueKind.String && q.Value.GetString() is { Length: > 0 } v && Last(q.Name) == kind) values.Add((v, q));
            }
        }

        if (!values.Any(v => Listed(choices, v.Value))) return null;
        foreach (var (value, property) in values)
        {
            if (!Listed(choices, value)) return (value, JsonProperties.Quote(result.Text, property));
        }

        return null;
    }

    // The value written as a JSON string in the text: "half".
    private static bool Quoted(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at > 0 && text[at - 1] == '"' && at + value.Length < text.Length && text[at + value.Length] is '"' or '\\') return true;
        }

        return false;
    }

    // The last word of a name, lower-cased and without a plural "s": "plot_size" and "sizes" both give "size".
    private static string Last(string name)
    {
        var words = NameWords.Word().Matches(name);
        if (words.Count == 0) return "";
        var last = words[^1].Value.ToLowerInvariant();
        return last.Length > 3 && last.EndsWith('s') && !last.EndsWith("ss", StringComparison.Ordinal) ? last[..^1] : last;
    }
}
