using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A charge waived by a policy nobody gave. A tool priced the job (<c>"price_gbp": 65.00</c>), and a model call tells the
/// user it costs them nothing ("your first resize is complimentary, so there'll be nothing to pay") while nothing the
/// run was given (the instructions, the user, any tool's result) speaks of anything free, complimentary, waived or at no
/// charge. The waiver is a fact of the model's own making: Language-only hallucination at the first model call that
/// states it, quoting the price and the sentence. A run whose instructions or records give any such terms ("delivery
/// is free over £40") is no finding: which terms apply is then a question of reading them.
/// </summary>
internal sealed partial class InventedWaiverDetector : IDetector
{
    public const string DetectorId = "invented-waiver";

    // What the user is told they will not pay. "Free" alone is left out: a boat or a slot "is free" for dates when it is
    // available.
    [GeneratedRegex(@"\b(?:complimentary|free of charge|for free\b|free to you\b|at no (?:extra |additional )?(?:cost|charge)|no charge|nothing to pay|(?:won't|will not|don't|do not) (?:be charged|need to pay|have to pay)|waived|on the house)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Waiver();

    // Any terms of the kind upstream: then the waiver may be read from them.
    [GeneratedRegex(@"\b(?:complimentary|free|no charge|no cost|waive\w*|nothing to pay|on the house|no extra|at no)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Terms();

    [GeneratedRegex(@"price|cost|fee|charge|quote|amount|total", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PriceKey();

    public string Id => DetectorId;

    public int Priority => 50;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context) => Waived(context).Concat(Benefit(context)).Take(1);

    // A sum the user is told they will also get, by a name of its own: a rebate, cashback, a bonus, a goodwill payment,
    // a discount ("a Loyal Commuter rebate of 5% of the price paid (£291.00)", "incl. 10% wedding-party discount").
    [GeneratedRegex(@"\b(?<word>rebate|cashback|cash-back|cash back|bonus|goodwill|loyalty|compensation|discount|concession)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BenefitWord();

    [GeneratedRegex(@"[£$€]\s?\d|\d\s?(?:GBP|USD|EUR)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    /// <summary>
    /// A benefit nobody gave: a model call tells the user (in its answer, or in a message it sends through a tool) they get
    /// a sum under a name (a rebate, cashback, a bonus, a goodwill payment, a discount) that nothing the run was given
    /// before it (its input, any tool's result or declaration, the task) uses. The scheme is of the model's own making, however well its arithmetic checks: Language-only
    /// hallucination at the first call that states it, quoting the sentence.
    /// </summary>
    private IEnumerable<Finding> Benefit(DetectionContext context)
    {
        var view = context.View;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var message in g.OutputMessages)
            {
                foreach (var part in message.Parts)
                {
                    // What it tells the user in its answer, or in a message it sends through a tool (a text's body, read as
                    // the string it is, escapes and all resolved).
                    var raw = part.Kind == PartKind.Text ? part.Content : part.Kind == PartKind.ToolCall ? part.Arguments : null;
                    if (raw is null || !BenefitWord().IsMatch(raw)) continue;
                    var texts = part.Kind == PartKind.Text ? [raw] : StringValues(raw);
                    foreach (var text in texts)
                    foreach (Match named in BenefitWord().Matches(text))
                    {
                        var sentence = Requests.Sentence(text, named.Index).Trim();
                        // A sum beside it: in its sentence, or just before ("Total £39.60 incl. 10% wedding-party discount").
                        var from = Math.Max(0, named.Index - 80);
                        if (!Money().IsMatch(sentence) && !Money().IsMatch(text.AsSpan(from, Math.Min(text.Length, named.Index + 80) - from))) continue;
                        var word = named.Groups["word"].Value.ToLowerInvariant();
                        var stem = word.Length > 6 ? word[..6] : word;
                        bool Says(string t) => t.Contains(stem, StringComparison.OrdinalIgnoreCase);
                        // Terms of the kind were given: which apply is a question of reading them. A benefit named for whom it
                        // is ("pensioner concession", "student discount") was given only where that name was: a user who asks
                        // whether there is one ("is there any discount for pensioners?") grants nothing.
                        var rank = view.Rank(g.Span);
                        bool Given(Func<string, bool> says, bool asked = false)
                        {
                            if (context.Turns.Task is { } task && Said(task.Text)) return true;
                            if (g.InputMessages.Any(m => m.Parts.Any(p => p.Content is { } c && Said(c)))) return true;
                            if (context.CallsInOrder.Any(c => c.Results.Any(r => view.Rank(r.Span) <= rank && says(r.Text)))) return true;
                            // Documents a retrieval brought back before it (a policy's own words) were given too.
                            if (view.Spans.Any(s => view.Rank(s.Span) < rank && context.Facts.TextsOf(s.Span).Any(t => t.Source.Contains("document", StringComparison.Ordinal) && says(t.Text)))) return true;
                            return ToolDeclarations.Offered(view, g).Any(says) || g.ToolDefinitions.Any(d => d.Description is { } dd && says(dd));

                            // A question about it is no grant of it, when the name is what is asked about.
                            bool Said(string t) => asked ? Requests.Sentences(t).Any(x => says(x) && !x.TrimEnd().EndsWith('?')) : says(t);
                        }

                        var given = Given(Says);
                        var what = named.Value;
                        if (given && Qualifier(text, named.Index) is { } whom)
                        {
                            what = $"{whom} {named.Value}";
                            var whomStem = whom.Length > 7 ? whom[..7] : whom;
                            given = Given(t => t.Contains(whomStem, StringComparison.OrdinalIgnoreCase), asked: true);
                        }

                        if (given) continue;
                        // Quoted as the part writes it: the sentence, or as much of it up to the word as the raw text holds.
                        var quote = raw.Contains(sentence, StringComparison.Ordinal) ? sentence : AsWritten(raw, text[..(named.Index + named.Length)]);
                        yield return context.CreateFinding(this, g.Span, "Language-only hallucination",
                            $"{g.Span.Name} tells the user of a {what} (\"{sentence}\") that nothing the run was given speaks of: no instruction, message or tool result names any {what}.",
                            [new Evidence(g.Span.SpanId, part.Source, quote)], 0.6) with { Basis = AttributionBasis.UngroundedContent };
                        yield break;
                    }
                }
            }
        }
    }

    // Those a benefit may be for, named as a group of people: "pensioner", "student", "senior", "veteran", "member".
    [GeneratedRegex(@"^(?:senior|student|military|family|youth|child|children|disabled|nhs|staff|veteran|resident|carer|key-worker|[a-z-]{2,}(?:ers?|ors?|ents?|ists?|ians?|ees?))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Group();

    // Words of those endings that name no people.
    private static readonly HashSet<string> NotPeople = new(StringComparer.OrdinalIgnoreCase)
    {
        "summer", "winter", "order", "orders", "number", "other", "under", "over", "after", "later", "paper", "percent", "current", "recent",
        "agreement", "payment", "settlement", "adjustment", "amount", "statement", "permanent", "consistent", "transfer", "cover",
    };

    /// <summary>The word in front of a benefit that names whom it is for ("pensioner" in "50% pensioner concession"); null when there is none.</summary>
    private static string? Qualifier(string text, int at)
    {
        var end = at;
        while (end > 0 && text[end - 1] == ' ') end--;
        var start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '-')) start--;
        var word = text[start..end];
        return word.Length >= 4 && Group().IsMatch(word) && !NotPeople.Contains(word) ? word : null;
    }

    // The string values of a tool call's arguments.
    private static List<string> StringValues(string arguments)
    {
        var values = new List<string>();
        if (!JsonContent.TryParseStructured(arguments, out var root)) return values;
        foreach (var record in JsonProperties.Objects(root))
        {
            foreach (var p in record.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } v) values.Add(v);
            }
        }

        return values;
    }

    // The longest ending of the text that the raw part holds as written ("10% wedding-party discount" where the raw text
    // escapes the pound sign before it).
    private static string AsWritten(string raw, string text)
    {
        for (var start = Math.Max(0, text.Length - 120); start < text.Length; start++)
        {
            var tail = text[start..];
            if (raw.Contains(tail, StringComparison.Ordinal)) return tail.Trim();
        }

        return text;
    }

    private IEnumerable<Finding> Waived(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.Task is { } task && Terms().IsMatch(task.Text)) yield break;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var message in g.OutputMessages)
            {
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { } text || Waiver().Match(text) is not { Success: true } waived) continue;
                    // Nothing the call was given speaks of such terms, and a tool priced something.
                    if (g.InputMessages.Any(m => m.Parts.Any(p => p.Content is { } c && Terms().IsMatch(c)))) yield break;
                    var rank = view.Rank(g.Span);
                    var sentence = Requests.Sentence(text, waived.Index).Trim();
                    var stated = context.Facts.FactsOf(sentence).Where(f => f.Kind == FactKind.Number).Select(f => f.Value).ToHashSet();
                    // The price the sentence itself gives ("would normally be £65"), else the last one the run was given.
                    SourcedText? priced = null;
                    JsonProperty price = default;
                    foreach (var call in context.CallsInOrder)
                    {
                        foreach (var r in call.Results)
                        {
                            if (view.Rank(r.Span) > rank) continue;
                            if (Terms().IsMatch(r.Text)) yield break;
                            foreach (var p in Prices(r))
                            {
                                if (priced is not null && stated.Contains(price.Value.GetDecimal()) && !stated.Contains(p.Value.GetDecimal())) continue;
                                (priced, price) = (r, p);
                            }
                        }
                    }

                    if (priced is null) yield break;
                    var quoted = JsonProperties.Quote(priced.Text, price);
                    yield return context.CreateFinding(this, g.Span, "Language-only hallucination",
                        $"{g.Span.Name} tells the user they will not pay (\"{sentence}\"), but the run priced it ({quoted}) and nothing it was given speaks of anything free, complimentary or waived.",
                        [new Evidence(priced.Span.SpanId, priced.Source, quoted), new Evidence(g.Span.SpanId, part.Source, sentence)], 0.6)
                        with { Basis = AttributionBasis.UngroundedContent };
                    yield break;
                }
            }
        }
    }

    // The prices above zero in a tool's record: numbers named for a price, cost, fee, charge or amount.
    private static IEnumerable<JsonProperty> Prices(SourcedText result)
    {
        if (result.Json is not { } root) yield break;
        foreach (var record in JsonProperties.Objects(root))
        {
            foreach (var p in record.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var v) && v > 0 && PriceKey().IsMatch(p.Name)) yield return p;
            }
        }
    }
}
