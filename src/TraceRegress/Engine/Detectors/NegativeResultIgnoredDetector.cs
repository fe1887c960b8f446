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

    /// <summary>Keys whose true value says the thing asked for did not happen (<c>"waitlisted": true</c>, <c>"cancelled": true</c>); false says nothing.</summary>
    private static readonly HashSet<string> NegativeFlagKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "cancelled", "canceled", "is_cancelled", "isCancelled", "declined", "is_declined", "rejected", "denied", "waitlisted", "is_waitlisted",
        "isWaitlisted", "on_waitlist", "onWaitlist", "expired", "is_expired", "blocked", "sold_out", "soldOut", "fully_booked", "fullyBooked",
    };

    /// <summary>Values of a status or reason that say the same in words.</summary>
    // Underscores join words in codes ("card_declined", "SOLD_OUT"): the words are bounded by anything but a letter.
    [GeneratedRegex(@"(?<![A-Za-z])(?:fully[ _-]?booked|sold[ _-]?out|out[ _-]of[ _-]stock|no[ _-]availability|not[ _-]available|unavailable|no (?:rooms?|seats?|tables?|slots?) (?:left|available)|declined|rejected|denied|closed|cancell?ed|waitlist(?:ed)?|not[ _-]eligible|ineligible|insufficient[ _-](?:funds|balance)|not[ _-]enough[ _-](?:funds|balance)|(?:payment|card|charge|transaction|transfer)[ _-](?:failed|refused)|no (?:matching )?(?:results|matches|items|records|products|flights|hotels|rooms|offers)(?: (?:were |was )?(?:found|returned|available))?|(?:0|zero) (?:results|matches|items|records)(?: found| returned)?|nothing (?:was )?found|not[ _-]found|not (?:processed|executed|completed)|expired|on[ _-]hold)(?![A-Za-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativeOutcomePattern();

    /// <summary>An answer that says the action was carried out.</summary>
    [GeneratedRegex(@"\b(?:I(?:'ve| have)? (?:just |now |successfully )?(?:booked|reserved|ordered|purchased|bought|placed|scheduled|confirmed|secured|registered|enrolled|transferred|paid|sent|submitted|renewed|upgraded)|(?:is|are|has been|have been|was|were) (?:now |successfully )?(?:booked|reserved|confirmed|ordered|placed|scheduled|secured|enrolled|registered|paid|transferred|processed|submitted|charged)|(?:booking|reservation|order|purchase|registration|enrol?lment|payment|transfer|subscription) (?:is |has been |was )?(?:confirmed|complete|completed|placed|successful|processed|through)|payment (?:went through|succeeded)|you(?:'re| are) (?:all set|booked|confirmed|enrolled|registered|in))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
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
                case JsonValueKind.True when NegativeFlagKeys.Contains(property.Name):
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

    /// <summary>
    /// A key that names an outcome: <c>status</c>, <c>state</c>, <c>result</c>, <c>outcome</c>, <c>reason</c>,
    /// <c>decision</c>, <c>availability</c>, <c>message</c>, alone or as the last word of a longer key
    /// (<c>payment_status</c>, <c>bookingState</c>, <c>decline_reason</c>). A title, a name or a description is none:
    /// a product called "Declined Offers" says nothing about the call.
    /// </summary>
    private static bool IsStatusKey(string key)
    {
        foreach (var word in (string[])["status", "state", "result", "outcome", "reason", "decision", "availability", "message"])
        {
            if (key.Equals(word, StringComparison.OrdinalIgnoreCase)) return true;
            if (key.Length > word.Length + 1 && key.EndsWith(word, StringComparison.OrdinalIgnoreCase)
                && (key[^(word.Length + 1)] is '_' or '-' or '.' || (char.IsUpper(key[^word.Length]) && char.IsLower(key[^(word.Length + 1)])))) return true;
        }

        return false;
    }
}
