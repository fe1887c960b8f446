using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The instructions a model call was given cap a count ("a payment plan of at most 6 monthly instalments", "no more
/// than 3 guests", "a maximum of 2 refunds"), and the call asks a tool for more: an argument named for the thing counted
/// (<c>"instalments": 12</c>, <c>"guest_count": 5</c>) above the cap. The tool did what it was asked; the call broke its
/// instructions: Instruction Non-compliance, quoting the cap and the argument.
/// </summary>
internal sealed partial class InstructionLimitDetector : IDetector
{
    public const string DetectorId = "instruction-limit";

    [GeneratedRegex(@"\b(?:at most|no more than|not more than|a maximum of|maximum of|never more than|limited to|cannot exceed|can ?not exceed|may not exceed|must not exceed|up to)\s+(?<n>\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+(?<phrase>[a-z-]+(?:\s+[a-z-]+){0,2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Cap();

    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A ceiling on an amount worked out from a record: "the asking price per ticket must not exceed that ticket's face
    // value plus the booking fee originally paid for it".
    [GeneratedRegex(@"(?<subject>\b[a-z][a-z' ]{2,50}?)\s+(?:must not|may not|should not|cannot|can not|can't|shall not|must never|may never)\s+(?:exceed|be (?:more|higher|greater) than|go above)\s+(?<limit>[^.;\n(]{3,120})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountCap();

    // The condition a rule opens with: If event.resale_rules.price_cap is "FACE_VALUE", ...
    [GeneratedRegex(@"\bif\s+[\w.\[\]]+\s+(?:is|==|equals)\s+[""'](?<value>[^""'\n]{1,40})[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Condition();


    private static readonly HashSet<string> UnitWords = new(StringComparer.Ordinal) { "eur", "usd", "gbp", "chf", "cad", "aud", "amount", "value" };

    // A cap on a percentage: "at most 10% of the pre-tax subtotal using apply_discount".
    [GeneratedRegex(@"\b(?:at most|no more than|not more than|a maximum of|maximum of|up to|cannot exceed|can ?not exceed|may not exceed|must not exceed|never more than)\s+(?<n>\d{1,3}(?:\.\d+)?)\s?%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentCap();

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if ((ComputedCap(context) ?? PercentAbove(context) ?? AmountAbove(context) ?? OptionOutOfRange(context) ?? RelativeAbove(context)) is { } computed)
        {
            yield return computed;
            yield break;
        }

        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { } g || call.Arguments is not { } args || !args.Text.TrimStart().StartsWith('{')) continue;
            var caps = Caps(g);
            if (caps.Count == 0) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(args.Text);
            }
            catch (JsonException)
            {
                continue;
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value)) continue;
                    var key = Stem(JsonProperties.Key(p.Name));
                    foreach (var (limit, noun, quote, source) in caps)
                    {
                        // The argument counts the thing capped: its name is the noun ("instalments"), or the noun with a
                        // count word ("guest_count", "num_refunds"); an amount per thing ("instalment_amount") is not a count.
                        if (value <= limit || !CountsIt(key, noun)) continue;
                        var written = JsonProperties.Quote(args.Text, p);
                        yield return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions cap it (\"{quote}\"), and {g.Span.Name} asked {call.Name} for {written}.",
                            [new Evidence(g.Span.SpanId, source, quote), new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The instructions cap an amount by a sum of a record's fields ("must not exceed that ticket's face value plus the
    /// booking fee"), a record a tool returned before the call names both (<c>"faceValueEur": 79.9</c>,
    /// <c>"bookingFeeEur": 6.85</c>), and the call asks for more in the argument named for the capped amount
    /// (<c>"pricePerTicketEur": 129</c>). A rule that opens with a condition on a value ("If price_cap is "FACE_VALUE"")
    /// holds only where a result carries that value.
    /// </summary>
    private Finding? ComputedCap(DetectionContext context)
    {
        var view = context.View;
        // Each instruction is read for rules once (a run repeats its system prompt in every call).
        var rulesOf = new Dictionary<string, Match[]>(StringComparer.Ordinal);
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } args || !args.Text.AsSpan().TrimStart().StartsWith("{")) continue;
            foreach (var (part, text) in InstructionTexts(g))
            {
                if (!rulesOf.TryGetValue(text, out var rules))
                {
                    rulesOf[text] = rules = text.Contains("exceed", StringComparison.OrdinalIgnoreCase) || text.Contains(" than ", StringComparison.Ordinal) || text.Contains("go above", StringComparison.OrdinalIgnoreCase)
                        ? AmountCap().Matches(text).Where(r => Regex.IsMatch(r.Groups["limit"].Value, @"\s(?:plus|\+|and)\s", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToArray()
                        : [];
                }

                foreach (var rule in rules)
                {
                    var terms = Regex.Split(rule.Groups["limit"].Value, @"\s+(?:plus|\+|and)\s+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                    if (terms.Length < 2) continue;
                    var sentenceStart = Math.Max(text.LastIndexOf('\n', rule.Index) + 1, 0);
                    if (Condition().Match(text, sentenceStart, rule.Index - sentenceStart) is { Success: true } condition
                        && !EarlierResults(view, g).Any(r => r.Text.Contains($"\"{condition.Groups["value"].Value}\"", StringComparison.Ordinal))) continue;
                    if (Fields(view, g, terms) is not { } fields) continue;
                    var subject = Words(rule.Groups["subject"].Value);
                    if (CappedArgument(args.Text, subject) is not { } asked || asked.Value <= fields.Sum + 0.005m) continue;
                    var evidence = new List<Evidence> { new(g.Span.SpanId, part.Source, rule.Value.Trim()), new(args.Span.SpanId, args.Source, asked.Written) };
                    evidence.AddRange(fields.Quotes);
                    return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                        string.Create(CultureInfo.InvariantCulture, $"The instructions cap it (\"{rule.Value.Trim()}\"), {fields.Sum} by the record, and {g.Span.Name} asked {call.Name} for {asked.Written}."),
                        evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The instructions cap a percentage for a tool ("apply at most 10% ... using apply_discount") and a call asked that
    /// tool for more (<c>"percent": 25</c>): the argument is a percentage by its name, and the sentence that caps it
    /// names the tool.
    /// </summary>
    private Finding? PercentAbove(DetectionContext context)
    {
        var capsOf = new Dictionary<string, Match[]>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } args || call.Name.Length == 0 || !args.Text.AsSpan().TrimStart().StartsWith("{")) continue;
            foreach (var (part, text) in InstructionTexts(g))
            {
                if (!capsOf.TryGetValue(text, out var caps)) capsOf[text] = caps = text.Contains('%', StringComparison.Ordinal) ? PercentCap().Matches(text).ToArray() : [];
                foreach (var cap in caps)
                {
                    if (!Requests.Sentence(text, cap.Index).Contains(call.Name, StringComparison.Ordinal) || Number(cap.Groups["n"].Value) is not { } limit) continue;
                    if (PercentArgument(args.Text) is not { } asked || asked.Value <= limit) continue;
                    return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                        $"The instructions cap it (\"{cap.Value}\"), and {g.Span.Name} asked {call.Name} for {asked.Written}.",
                        [new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, cap.Index)), new Evidence(args.Span.SpanId, args.Source, asked.Written)], 0.7)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                }
            }
        }

        return null;
    }

    // An amount the instructions keep a tool from: "Any credit over £50.00 must NOT be applied by you", "refunds above
    // $200 need a manager's approval".
    [GeneratedRegex(@"\b(?:over|above|more than|greater than|exceeding|in excess of)\s+(?<cur>[£$€])\s?(?<n>\d[\d,]*(?:\.\d+)?)(?<rule>[^.;\n]{0,80}?\b(?:must not|must NOT|may not|should not|cannot|can ?not|do not|don't|never|needs?|requires?)\b[^.;\n]{0,60})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountThreshold();

    /// <summary>
    /// The instructions keep an amount above a threshold from a tool ("Credits of £50.00 or less may be applied straight
    /// away with applyAccountCredit. Any credit over £50.00 must NOT be applied by you: submit it with
    /// requestSupervisorApproval"), and a call asked that tool for more (<c>"amount": 62.5</c>): the tool is named in the
    /// rule's sentence or in the one that allows the amounts up to the threshold, and the argument is an amount by its
    /// name (amount, credit, refund, total, value).
    /// </summary>
    private Finding? AmountAbove(DetectionContext context)
    {
        // Each instruction text's thresholds, read once however many calls it was given to: the rule, its sentence, the
        // sentence that allows the amounts up to it, and the threshold.
        var capsOf = new Dictionary<string, (Match Cap, string Sentence, string Allowed, decimal Limit)[]>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } args || call.Name.Length < 4 || !args.Text.AsSpan().TrimStart().StartsWith("{")) continue;
            foreach (var (part, text) in InstructionTexts(g))
            {
                if (!capsOf.TryGetValue(text, out var caps)) capsOf[text] = caps = Thresholds(text);
                foreach (var (cap, sentence, allowed, limit) in caps)
                {
                    // The tool the rule keeps the amount from: named beside the rule, or where the amounts up to it are allowed.
                    if (!sentence.Contains(call.Name, StringComparison.Ordinal) && !allowed.Contains(call.Name, StringComparison.Ordinal)) continue;
                    if (AmountArgument(args.Text, cap.Groups["cur"].Value) is not { } asked || asked.Value <= limit) continue;
                    return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                        $"The instructions keep amounts over {cap.Groups["cur"].Value}{cap.Groups["n"].Value} from {call.Name} (\"{sentence.Trim()}\"), and {g.Span.Name} asked {call.Name} for {asked.Written}.",
                        [new Evidence(g.Span.SpanId, part.Source, sentence.Trim()), new Evidence(args.Span.SpanId, args.Source, asked.Written)], 0.8)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                }
            }
        }

        return null;
    }

    private static (Match Cap, string Sentence, string Allowed, decimal Limit)[] Thresholds(string text)
    {
        if (text.AsSpan().IndexOfAny("£$€") < 0) return [];
        var found = new List<(Match, string, string, decimal)>();
        foreach (Match cap in AmountThreshold().Matches(text))
        {
            if (Number(cap.Groups["n"].Value) is not { } limit) continue;
            var allowed = text.IndexOf(cap.Groups["cur"].Value + cap.Groups["n"].Value + " or less", StringComparison.Ordinal) is >= 0 and var at ? Requests.Sentence(text, at) : "";
            found.Add((cap, Requests.Sentence(text, cap.Index), allowed, limit));
        }

        return [.. found];
    }

    // An option the instructions keep to a range of amounts: "Home delivery by Royal Mail ... is ONLY available for orders
    // worth £100 to £2,500".
    [GeneratedRegex(@"\b(?:is|are) only (?:available|allowed|offered|possible|permitted) (?:for|on|with) [^.;\n]{0,30}?(?<cur>[£$€])(?<lo>\d[\d,]*(?:\.\d+)?) (?:to|and|-|–) [£$€]?(?<hi>\d[\d,]*(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OptionRange();

    /// <summary>
    /// The instructions keep an option to a range of amounts ("Home delivery ... is ONLY available for orders worth £100
    /// to £2,500"), and a call chose that option (<c>"fulfilment": "home_delivery"</c>) for an amount outside it
    /// (<c>"sterling_total": 2747.25</c>): the option is the first two words of the rule's sentence, sent as one value.
    /// </summary>
    private Finding? OptionOutOfRange(DetectionContext context)
    {
        // Each instruction text's rules, read once however many calls it was given to: the rule, its sentence, the option
        // (its first word, and its words joined) and the range.
        var rulesOf = new Dictionary<string, (Match Rule, string Sentence, string First, string Option, decimal Lo, decimal Hi)[]>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } g || call.Arguments is not { } args || !args.Text.AsSpan().TrimStart().StartsWith("{")) continue;
            foreach (var (part, text) in InstructionTexts(g))
            {
                if (!rulesOf.TryGetValue(text, out var rules)) rulesOf[text] = rules = OptionRules(text);
                foreach (var (rule, sentence, first, option, lo, hi) in rules)
                {
                    if (!args.Text.Contains(first, StringComparison.OrdinalIgnoreCase) || !ChoosesOption(args.Text, option)
                        || AmountArgument(args.Text, rule.Groups["cur"].Value) is not { } asked || (asked.Value >= lo && asked.Value <= hi)) continue;
                    return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                        $"The instructions keep it to amounts of {rule.Groups["cur"].Value}{rule.Groups["lo"].Value} to {rule.Groups["cur"].Value}{rule.Groups["hi"].Value} (\"{sentence.Trim()}\"), and {g.Span.Name} chose it for {asked.Written}.",
                        [new Evidence(g.Span.SpanId, part.Source, sentence.Trim()), new Evidence(args.Span.SpanId, args.Source, asked.Written)], 0.8)
                        with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                }
            }
        }

        return null;
    }

    private static (Match Rule, string Sentence, string First, string Option, decimal Lo, decimal Hi)[] OptionRules(string text)
    {
        if (text.AsSpan().IndexOfAny("£$€") < 0) return [];
        var found = new List<(Match, string, string, string, decimal, decimal)>();
        foreach (Match rule in OptionRange().Matches(text))
        {
            if (Number(rule.Groups["lo"].Value) is not { } lo || Number(rule.Groups["hi"].Value) is not { } hi) continue;
            var sentence = Requests.Sentence(text, rule.Index);
            var words = Qualifiers.Tokenize(sentence).Take(2).Select(t => t.Word).ToList();
            var option = string.Concat(words);
            if (words.Count == 0 || option.Length < 6) continue;
            found.Add((rule, sentence, words[0], option, lo, hi));
        }

        return [.. found];
    }

    // A string argument that names the option as one value ("home_delivery", "Home Delivery", "homeDelivery").
    private static bool ChoosesOption(string json, string option)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && JsonProperties.Key(p.Value.GetString()!) == option) return true;
            }
        }
        catch (JsonException)
        {
            // Arguments that are no JSON object choose no option.
        }

        return false;
    }

    /// <summary>
    /// The numeric argument named as an amount of money (amount, credit, refund, total, value), as written; one named for
    /// the rule's currency (sterling_total for a rule in pounds) before a total, before any other; null when there is none.
    /// </summary>
    private static (decimal Value, string Written)? AmountArgument(string json, string currency = "")
    {
        string[] named = currency switch { "£" => ["gbp", "sterling", "pound"], "$" => ["usd", "dollar"], "€" => ["eur"], _ => [] };
        (decimal Value, string Written)? best = null;
        var bestScore = 0;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var key = JsonProperties.Key(p.Name);
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value)) continue;
                var score = Array.Exists(named, key.Contains) ? 3 : key.Contains("total", StringComparison.Ordinal) ? 2
                    : key.Contains("amount", StringComparison.Ordinal) || key.Contains("credit", StringComparison.Ordinal) || key.Contains("refund", StringComparison.Ordinal) || key is "value" ? 1 : 0;
                if (score <= bestScore) continue;
                (best, bestScore) = ((value, JsonProperties.Quote(json, p)), score);
            }
        }
        catch (JsonException)
        {
            // Arguments that are no JSON object name no amount.
        }

        return best;
    }

    // A ceiling relative to another value of the same kind: "The substitute's shelf price must not exceed the original
    // item's shelf price by more than 10%".
    [GeneratedRegex(@"(?<subject>\b[a-z][a-z' ]{2,50}?)\s+(?:must not|may not|should not|cannot|can not|can't|shall not)\s+(?:exceed|be (?:more|higher|greater) than)\s+(?<ref>[^.;\n(]{3,80}?)\s+by more than\s+(?<n>\d{1,3}(?:\.\d+)?)\s?%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativeCap();

    /// <summary>
    /// The instructions cap a value by another of its kind plus a share ("The substitute's shelf price must not exceed the
    /// original item's shelf price by more than 10%"), and a call picked an option out of a tool's list whose field named
    /// for the capped value (<c>"shelfPrice": 3.85</c>) is above the reference's (the list's <c>"original"</c> record,
    /// <c>"shelfPrice": 3.2</c>) by more than the share. The rule's reference is the one record of the result, outside
    /// the list, whose words include the reference's.
    /// </summary>
    private Finding? RelativeAbove(DetectionContext context)
    {
        var rulesOf = new Dictionary<string, Match[]>(StringComparer.Ordinal);
        // Most runs state no relative ceiling: the picks are read only when some instruction does.
        var any = false;
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("system" or "developer")) continue;
                foreach (var part in message.Parts)
                {
                    // Only a text with a percentage can state a share; the rest are not remembered.
                    if (part.Kind != PartKind.Text || part.Content is not { } text || !text.Contains('%', StringComparison.Ordinal) || rulesOf.ContainsKey(text)) continue;
                    var rules = RelativeCap().Matches(text).ToArray();
                    rulesOf[text] = rules;
                    any |= rules.Length > 0;
                }
            }
        }

        if (!any) return null;
        foreach (var g in context.Picks.Readers)
        {
            if (!g.IsModelCall) continue;
            IReadOnlyList<PickedOption>? picks = null;
            foreach (var (part, text) in InstructionTexts(g))
            {
                if (!rulesOf.TryGetValue(text, out var rules)) continue;
                foreach (var rule in rules)
                {
                    picks ??= context.Picks.By(g);
                    if (picks.Count == 0 || Number(rule.Groups["n"].Value) is not { } share) continue;
                    var subject = Words(rule.Groups["subject"].Value);
                    var reference = Words(rule.Groups["ref"].Value);
                    foreach (var pick in picks)
                    {
                        if (pick.Picked.ValueKind != JsonValueKind.Object || pick.Result.Json is not { } root) continue;
                        var field = pick.Picked.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Number && Words(p.Name) is { Count: >= 1 } k && k.All(subject.Contains) && k.All(reference.Contains));
                        if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var value)) continue;
                        if (Reference(root, field.Name, reference, pick.Options) is not { } against || against.Value <= 0) continue;
                        if (value <= against.Value * (1 + share / 100m) + 0.005m) continue;
                        var evidence = new List<Evidence>
                        {
                            new(g.Span.SpanId, part.Source, rule.Value.Trim()),
                            new(pick.Result.Span.SpanId, pick.Result.Source, JsonProperties.Quote(pick.Result.Text, field)),
                            new(pick.Result.Span.SpanId, pick.Result.Source, JsonProperties.Quote(pick.Result.Text, against.Property)),
                        };
                        return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            string.Create(CultureInfo.InvariantCulture, $"The instructions cap it (\"{rule.Value.Trim()}\"), at most {against.Value * (1 + share / 100m):0.##} against {against.Value}, and {g.Span.Name} picked {pick.Name} at {value}."),
                            evidence, 0.7) with { Basis = AttributionBasis.Inference };
                    }
                }
            }
        }

        return null;
    }

    // The one value of the field, in a record of the result outside the list, whose record's key shares a word with the reference ("original").
    private static (decimal Value, JsonProperty Property)? Reference(JsonElement root, string name, HashSet<string> reference, IReadOnlyList<JsonElement> options)
    {
        (decimal, JsonProperty)? found = null;
        foreach (var holder in root.ValueKind == JsonValueKind.Object ? root.EnumerateObject() : default)
        {
            if (holder.Value.ValueKind != JsonValueKind.Object || !Words(holder.Name).Overlaps(reference)) continue;
            foreach (var p in holder.Value.EnumerateObject())
            {
                if (p.Name != name || p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var v)) continue;
                if (found is not null) return null;
                found = (v, p);
            }
        }

        return found;
    }

    /// <summary>The texts of the system and developer instructions a model call was given, each with its part.</summary>
    private static IEnumerable<(MessagePart Part, string Text)> InstructionTexts(GenAiSpan g)
    {
        foreach (var message in g.InputMessages)
        {
            if (message.Role is not ("system" or "developer")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind == PartKind.Text && part.Content is { } text) yield return (part, text);
            }
        }
    }

    private static decimal? Number(string written) => decimal.TryParse(written, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The numeric argument named as a percentage ("percent", "discount_pct", "percentage"), as a percentage; null when there is none.</summary>
    private static (decimal Value, string Written)? PercentArgument(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var key = JsonProperties.Key(p.Name);
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value) || !(key.Contains("percent", StringComparison.Ordinal) || key.EndsWith("pct", StringComparison.Ordinal))) continue;
                return (value, JsonProperties.Quote(json, p));
            }
        }
        catch (JsonException)
        {
            // Arguments that are no JSON object name no percentage.
        }

        return null;
    }

    private static IEnumerable<SourcedText> EarlierResults(TraceView view, GenAiSpan g)
    {
        var rank = view.Rank(g.Span);
        foreach (var c in view.ToolCalls.Calls)
        {
            if (c.OriginSpan is not { } o || view.Rank(o) >= rank) continue;
            foreach (var r in c.Results) yield return r;
        }
    }

    // The lower-case words of a phrase or a key ("faceValueEur", "booking_fee"), without function words.
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in NameWords.Word().Matches(text))
        {
            var w = m.Value.ToLowerInvariant();
            if (w.Length >= 3 && !Qualifiers.IsFunctionWord(w)) words.Add(Stem(w));
        }

        return words;
    }

    /// <summary>
    /// One record of an earlier result that holds a number for every term of the ceiling (a field whose words, units
    /// aside, are all in the term), with their sum and quotes; null when no record holds them all.
    /// </summary>
    private static (decimal Sum, List<Evidence> Quotes)? Fields(TraceView view, GenAiSpan g, string[] terms)
    {
        var wanted = terms.Select(Words).ToArray();
        foreach (var result in EarlierResults(view, g))
        {
            if (result.Json is not { } root) continue;
            foreach (var e in JsonProperties.Objects(root))
            {
                var sum = 0m;
                var quotes = new List<Evidence>();
                foreach (var term in wanted)
                {
                    var found = e.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Number && Words(p.Name) is var k
                        && k.Count(w => !UnitWords.Contains(w)) >= 1 && k.Where(w => !UnitWords.Contains(w)).All(term.Contains) && k.Count(term.Contains) >= 2);
                    if (found.Value.ValueKind != JsonValueKind.Number || !found.Value.TryGetDecimal(out var v)) break;
                    sum += v;
                    quotes.Add(new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, found)));
                }

                if (quotes.Count == wanted.Length) return (sum, quotes);
            }
        }

        return null;
    }

    /// <summary>The numeric argument named for the capped amount (two of the subject's words: "pricePerTicketEur" for "the asking price per ticket").</summary>
    private static (decimal Value, string Written)? CappedArgument(string json, HashSet<string> subject)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value)) continue;
                if (Words(p.Name).Count(subject.Contains) >= 2) return (value, JsonProperties.Quote(json, p));
            }
        }
        catch (JsonException)
        {
            // Arguments that are no JSON object name no amount.
        }

        return null;
    }

    private static bool CountsIt(string key, string noun) =>
        key == noun || (key.Contains(noun, StringComparison.Ordinal) && (key.StartsWith("num", StringComparison.Ordinal) || key.StartsWith("number", StringComparison.Ordinal)
                                                                           || key.EndsWith("count", StringComparison.Ordinal) || key.StartsWith("count", StringComparison.Ordinal)));

    // Lower case letters only, one 'l' for a doubled one and no plural s: "installments" and "instalment" are one word.
    private static string Stem(string word)
    {
        var w = word.ToLowerInvariant().Replace("ll", "l", StringComparison.Ordinal);
        return w.Length > 4 && w[^1] == 's' && w[^2] != 's' ? w[..^1] : w;
    }

    // The caps the call's system or developer instructions state, with the noun counted.
    private static List<(decimal Limit, string Noun, string Quote, string Source)> Caps(GenAiSpan g)
    {
        var caps = new List<(decimal, string, string, string)>();
        foreach (var (part, text) in InstructionTexts(g))
        {
            foreach (Match m in Cap().Matches(text))
            {
                var n = m.Groups["n"].Value.ToLowerInvariant();
                decimal limit;
                if (decimal.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) limit = parsed;
                else if (Array.IndexOf(Numbers, n) is >= 0 and var i) limit = i;
                else if (n is "fifteen" or "twenty" or "thirty") limit = n == "fifteen" ? 15 : n == "twenty" ? 20 : 30;
                else continue;
                // Any word of the phrase after the number may name the thing counted ("6 monthly instalments to").
                var phrase = m.Groups["phrase"];
                foreach (Match word in Regex.Matches(phrase.Value, "[a-z]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    caps.Add((limit, Stem(word.Value), text[m.Index..(phrase.Index + word.Index + word.Length)], part.Source));
                }
            }
        }

        return caps;
    }
}
