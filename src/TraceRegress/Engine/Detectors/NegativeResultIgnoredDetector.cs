using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call that reports an action as done when the tool result it was handed says it could not be: the tool
/// answered without an error but with a negative outcome (<c>"available": false</c>, <c>"success": false</c>,
/// <c>"status": "sold_out"</c>, "fully booked"), and the next model call, calling no tool again and acknowledging
/// nothing, tells the user it booked, reserved, ordered or confirmed it. Tool Output Misinterpretation.
/// </summary>
internal sealed partial class NegativeResultIgnoredDetector : IDetector
{
    /// <summary>Keys whose false value says the thing asked for cannot or did not happen.</summary>
    private static readonly HashSet<string> OutcomeKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "available", "is_available", "isAvailable", "availability", "success", "succeeded", "successful", "ok",
        "confirmed", "booked", "reserved", "in_stock", "inStock", "bookable", "approved", "accepted", "completed",
        "placed", "created", "eligible",
    };

    /// <summary>Values of a status or reason that say the same in words.</summary>
    [GeneratedRegex(@"\b(?:fully[ _-]?booked|sold[ _-]?out|out[ _-]of[ _-]stock|no[ _-]availability|not[ _-]available|unavailable|no (?:rooms?|seats?|tables?|slots?) (?:left|available)|declined|rejected|denied|closed|cancell?ed|waitlist(?:ed)?|not[ _-]eligible|ineligible)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeOutcomePattern();

    /// <summary>An answer that says the action was carried out.</summary>
    [GeneratedRegex(@"\b(?:I(?:'ve| have)? (?:just |now |successfully )?(?:booked|reserved|ordered|purchased|bought|placed|scheduled|confirmed|secured|registered|enrolled)|(?:is|are|has been|have been|was|were) (?:now |successfully )?(?:booked|reserved|confirmed|ordered|placed|scheduled|secured)|(?:booking|reservation|order|purchase|registration) (?:is |has been )?(?:confirmed|complete|completed|placed|successful)|you(?:'re| are) (?:all set|booked|confirmed))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoneClaimPattern();

    public string Id => "negative-result-ignored";

    public int Priority => 62;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var reported = new HashSet<Model.Span>(ReferenceEqualityComparer.Instance);
        foreach (var call in view.ToolCalls.Calls)
        {
            // An error result is the error-ignored rule's; this one is about answers that are not errors.
            if (call.Error is not null || call.Result is not { } result) continue;
            if (NegativeOutcome(result.Text, result.Json) is not { } outcome) continue;
            var next = view.ModelCallReading(call);
            if (next is null || reported.Contains(next.Span)) continue;
            if (next.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) continue;
            var answer = next.OutputText;
            if (answer.Trim().Length == 0 || ErrorText.Acknowledges(answer) || NegativeOutcomePattern().IsMatch(answer)) continue;
            var claim = DoneClaimPattern().Match(answer);
            if (!claim.Success) continue;

            var part = next.OutputParts.First(p => p.Kind == PartKind.Text && !string.IsNullOrWhiteSpace(p.Content));
            var tool = call.Name.Length > 0 ? $"the {call.Name} tool" : "the tool";
            reported.Add(next.Span);
            yield return context.CreateFinding(this, next.Span, "Tool Output Misinterpretation",
                $"The model says \"{claim.Value}\", though {tool} answered {outcome}.",
                [new Evidence(next.Span.SpanId, part.Source, ErrorText.LineAround(part.Content!, part.Content!.IndexOf(claim.Value, StringComparison.Ordinal))),
                 new Evidence(result.Span.SpanId, result.Source, outcome)], 0.65)
                with { Basis = AttributionBasis.UngroundedContent };
        }
    }

    /// <summary>The negative outcome a result states, quoted as written: a false outcome flag, or a status in words.</summary>
    internal static string? NegativeOutcome(string result) =>
        NegativeOutcome(result, JsonContent.TryParseStructured(result, out var root) ? root : null);

    /// <summary>The same, with the result's JSON already parsed (the content view parses each result once).</summary>
    private static string? NegativeOutcome(string result, JsonElement? json)
    {
        if (json is { ValueKind: JsonValueKind.Object } root)
        {
            return NegativeOutcome(root, 0) is { } key ? Verbatim(result, key) : null;
        }

        var match = NegativeOutcomePattern().Match(result);
        return json is null && match.Success && result.Length <= 400 ? match.Value : null;
    }

    private static string? NegativeOutcome(JsonElement element, int depth)
    {
        if (depth > 3) return null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.False when OutcomeKeys.Contains(property.Name):
                case JsonValueKind.String when IsStatusKey(property.Name) && NegativeOutcomePattern().IsMatch(property.Value.GetString()!):
                    return property.Name;
                case JsonValueKind.Object when NegativeOutcome(property.Value, depth + 1) is { } inner:
                    return inner;
            }
        }

        return null;
    }

    /// <summary>The property as the result wrote it, from its key to the end of its value (any spacing, escapes kept).</summary>
    private static string Verbatim(string result, string key)
    {
        var at = result.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (at < 0) return key;
        var end = at + key.Length + 2;
        var inString = false;
        for (var colon = false; end < result.Length; end++)
        {
            var c = result[end];
            if (c == ':' && !colon) { colon = true; continue; }
            if (c == '"' && result[end - 1] != '\\') inString = !inString;
            if (!inString && colon && c is ',' or '}' or '\n') break;
        }

        return Quote.Cut(result[at..end].TrimEnd(), 120);
    }

    private static bool IsStatusKey(string key) =>
        key.Equals("status", StringComparison.OrdinalIgnoreCase) || key.Equals("state", StringComparison.OrdinalIgnoreCase)
        || key.Equals("reason", StringComparison.OrdinalIgnoreCase) || key.Equals("result", StringComparison.OrdinalIgnoreCase)
        || key.Equals("availability", StringComparison.OrdinalIgnoreCase) || key.Equals("message", StringComparison.OrdinalIgnoreCase);
}
