using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An action the instructions forbid in a state a tool result then showed. The system or developer instructions say an
/// action must not be taken once something is closed, passed, expired, cancelled, suspended or full ("After a category's
/// deadline has passed, do NOT create an application in that category under any circumstances"), a tool result the model
/// was given before the action says the thing is in that state (<c>"status": "closed"</c>) and shares a value with the
/// action's arguments (<c>"category": "industry"</c>), and the model asked for the tool named for the action
/// (<c>create_application</c>) anyway: Instruction Non-compliance at that model call, quoting the rule, the state and the
/// call. A rule whose state no result shows, or a result about another thing, is no finding. The same for a rule on what
/// the user says ("If the customer mentions cats, dogs or other pets ..., do NOT book RODENT-STD or any other treatment
/// yourself: book a SURVEY visit instead"), when a user message the call was given names one of those things ("We've got
/// two cats") and the call does not ask for what the rule says to do instead; or on where the user is ("if the member is
/// stopped on a motorway (hard shoulder, emergency area ...), do NOT dispatch a patrol yourself"), when the user says they
/// are there ("I've pulled onto the hard shoulder").
/// </summary>
internal sealed partial class ForbiddenActionDetector : IDetector
{
    public const string DetectorId = "forbidden-action";

    // "do NOT create an application", "never issue a ticket", "must not book".
    [GeneratedRegex(@"\b(?:do not|don't|don’t|never|must not|mustn't|may not|should not|shall not|cannot)\s+(?<verb>[a-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex Prohibition();

    // The states a rule may forbid acting in, each with the words a record writes for it.
    private static readonly string[][] States =
    [
        ["closed", "passed", "expired", "ended", "past", "over", "lapsed"],
        ["cancelled", "canceled", "void", "voided"],
        ["suspended", "locked", "frozen", "blocked", "inactive", "deactivated"],
        ["full", "sold out", "sold_out", "fully booked", "fully_booked"],
    ];

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // Most runs forbid nothing: the instructions are read for a prohibition once each, before any call is.
        var forbidding = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Forbids(string text)
        {
            if (!forbidding.TryGetValue(text, out var any)) forbidding[text] = any = Prohibition().IsMatch(text);
            return any;
        }

        foreach (var call in context.CallsInOrder)
        {
            if (call.Name.Length == 0 || ToolNames.Reads(call.Name) || ToolNames.Verb(call.Name) is not { } verb || call.Arguments is not { } args) continue;
            if (ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g) continue;
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("system" or "developer")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { } text || !Forbids(text)) continue;
                    foreach (Match rule in Prohibition().Matches(text))
                    {
                        if (!rule.Groups["verb"].Value.Equals(verb, StringComparison.OrdinalIgnoreCase)) continue;
                        var sentence = Requests.Sentence(text, rule.Index);
                        if (!NamesThing(sentence, call.Name[(call.Name.IndexOfAny(['_', '-', '.']) + 1)..])) continue;
                        var mentioned = false;
                        if (StateShown(g, sentence, args.Text) is not { } shown)
                        {
                            if (Mentioned(g, sentence, args.Text) is not { } said) continue;
                            (shown, mentioned) = (said, true);
                        }

                        yield return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            mentioned
                                ? $"The instructions forbid this when the user mentions something (\"{sentence.Trim()}\"), the user did (\"{shown.Quote}\"), and {g.Span.Name} asked for {call.Name} anyway."
                                : $"The instructions forbid this (\"{sentence.Trim()}\"), a tool result showed the state they name ({shown.Quote}), and {g.Span.Name} asked for {call.Name} anyway.",
                            [new Evidence(g.Span.SpanId, part.Source, sentence.Trim()), shown, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                        yield break;
                    }
                }
            }
        }

        if (NeverValue(context) is { } never) yield return never;
        else if (OnlyValues(context) is { } only) yield return only;
        else if (OnlyOffered(context) is { } offered) yield return offered;
    }

    // What a rule is about, by a field a record marks it with: "Items marked finalSale (...)", "orders flagged is_gift".
    [GeneratedRegex(@"\b(?:marked|flagged|with|where)\s+(?<flag>[a-z]+(?:[A-Z][a-z]*)+|[a-z]+(?:_[a-z]+)+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MarkedBy();

    // The values a rule allows an argument, named with it: "only (refundMethod 'exchange' or 'store_credit')".
    [GeneratedRegex(@"\bonly\b[^.(]{0,40}\(\s*(?<field>[A-Za-z_]\w*)\s+['""](?<value>[\w-]+)['""](?:\s*(?:,|or|and)\s*['""](?<value>[\w-]+)['""])*\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex OnlyAllowed();

    /// <summary>
    /// The instructions allow what a record marks (<c>finalSale</c>) only certain values of an argument ("Items marked
    /// finalSale ... cannot be refunded to the original payment method. For these, offer an exchange or store credit only
    /// (refundMethod 'exchange' or 'store_credit')"), a tool result the model was given marks the thing acted on
    /// (<c>"lineItemId": "li_7Hq2", ..., "finalSale": true</c>), and a model call sends another value for it
    /// (<c>"refundMethod": "original_payment"</c>): Instruction Non-compliance at that call, quoting the rule, the mark and
    /// the arguments. The rule is read within one line (a numbered item of a policy); the thing marked must be named in
    /// the call's arguments by a value of its record.
    /// </summary>
    private Finding? OnlyValues(DetectionContext context)
    {
        var view = context.View;
        // Each distinct instruction text is read for such rules once: most have none.
        var rulesOf = new Dictionary<string, List<(string Field, List<string> Allowed, string Flag, string Line)>>(StringComparer.Ordinal);
        List<(string Field, List<string> Allowed, string Flag, string Line)> Rules(string text)
        {
            if (rulesOf.TryGetValue(text, out var rules)) return rules;
            rules = [];
            if (text.Contains("only", StringComparison.Ordinal))
            {
                foreach (Match only in OnlyAllowed().Matches(text))
                {
                    // The rule's line: the mark it is about.
                    var start = text.LastIndexOf('\n', only.Index) + 1;
                    var end = text.IndexOf('\n', only.Index);
                    var line = text[start..(end < 0 ? text.Length : end)];
                    if (MarkedBy().Match(line) is not { Success: true } marked) continue;
                    rules.Add((only.Groups["field"].Value, only.Groups["value"].Captures.Select(c => c.Value).ToList(), marked.Groups["flag"].Value, line.Trim()));
                }
            }

            rulesOf[text] = rules;
            return rules;
        }

        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } arguments || ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g) continue;
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("system" or "developer")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { } text) continue;
                    foreach (var (field, allowed, flag, rule) in Rules(text))
                    {
                        if (!arguments.Text.Contains(field, StringComparison.Ordinal) || arguments.Json is not { ValueKind: JsonValueKind.Object } args) continue;
                        if (!args.TryGetProperty(field, out var sent) || sent.ValueKind != JsonValueKind.String || sent.GetString() is not { } value || allowed.Contains(value, StringComparer.Ordinal)) continue;
                        if (MarkedThing(g, flag, args) is not { } shown) continue;
                        return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions allow what is marked {flag} only {field} {string.Join(" or ", allowed)} (\"{Quote.Cut(rule)}\"), a tool result marked the thing ({shown.Quote}), and {g.Span.Name} sent {call.Name} {field} {value}.",
                            [new Evidence(g.Span.SpanId, part.Source, rule), shown, new Evidence(arguments.Span.SpanId, arguments.Source, Quote.Cut(arguments.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                    }
                }
            }
        }

        return null;
    }

    // A record in a tool result the call was given that holds the mark as true and a value the arguments name (its id).
    private static Evidence? MarkedThing(GenAiSpan g, string flag, JsonElement args)
    {
        // The values the arguments name things by: strings, and the strings of a list ("lineItemIds": ["li_7Hq2"]).
        var named = args.EnumerateObject()
            .SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : Enumerable.Repeat(p.Value, 1))
            .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length >= 3).ToList();
        foreach (var message in g.InputMessages)
        {
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.ToolCallResponse || part.Content is not { } body || !body.Contains(flag, StringComparison.Ordinal)) continue;
                using var doc = JsonContent.ParseDocument(body);
                if (doc is not null)
                {
                    foreach (var e in JsonProperties.Objects(doc.RootElement))
                    {
                        if (!e.TryGetProperty(flag, out var mark) || mark.ValueKind != JsonValueKind.True) continue;
                        if (!e.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && named.Contains(p.Value.GetString()!, StringComparer.Ordinal))) continue;
                        var written = e.EnumerateObject().First(p => p.Name == flag);
                        if (JsonProperties.Written(body, written) is { } quote) return new Evidence(g.Span.SpanId, part.Source, quote);
                    }
                }
            }
        }

        return null;
    }

    // A rule that keeps a value from what holds something: "Anything containing personal or confidential client data -
    // medical records, legal/client files, HR and payroll records - must be booked as secure_offsite or witnessed_onsite,
    // never standard_offsite."
    [GeneratedRegex(@"\b(?:anything|any (?:items?|goods|material|documents?|files?|waste|load))\s+(?:containing|that contains?|with|including|that includes?)\s+(?<conds>[^.;]+?)\s*(?:[-–—:]\s*)?(?:must|should|has to|have to|is to|are to)\b[^.;]*?\bnever\s+(?<value>[a-z][a-z0-9]*_[a-z0-9_]+|[A-Z][A-Z0-9_-]{2,})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NeverValueRule();

    /// <summary>
    /// The instructions keep a value (a service level, a code) from anything that holds certain things ("Anything
    /// containing ... legal/client files ... must be booked as secure_offsite or witnessed_onsite, never
    /// standard_offsite"), the user says theirs holds one ("14 archive boxes of closed client files"), and a model call
    /// passes that value anyway (<c>"service_level": "standard_offsite"</c>), to price it or to book it: Instruction
    /// Non-compliance at the first such call.
    /// </summary>
    private Finding? NeverValue(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g) continue;
            foreach (var message in g.InputMessages)
            {
                if (message.Role is not ("system" or "developer")) continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { } text || !text.Contains("never", StringComparison.OrdinalIgnoreCase)) continue;
                    foreach (Match rule in NeverValueRule().Matches(text))
                    {
                        if (!args.Text.Contains('"' + rule.Groups["value"].Value + '"', StringComparison.Ordinal)) continue;
                        if (UserNames(g, Terms(rule.Groups["conds"].Value)) is not { } said) continue;
                        var sentence = Requests.Sentence(text, rule.Index).Trim();
                        return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions never allow {rule.Groups["value"].Value} for what holds such things (\"{Quote.Cut(sentence)}\"), the user's does (\"{said.Quote}\"), and {g.Span.Name} asked for {call.Name} with it anyway.",
                            [new Evidence(g.Span.SpanId, part.Source, sentence), said, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(g.Span).Select(m => m.Span.SpanId).ToArray() };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when a rule is about the tool's thing: a word of the rest of its name after the verb (application in
    /// create_application, test in book_test; <paramref name="thing"/> is that rest) is a word of the rule.
    /// </summary>
    internal static bool NamesThing(string rule, string thing)
    {
        thing = thing.Replace('_', ' ').Replace('-', ' ').Trim();
        return thing.Length >= 3 && thing.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.Length >= 3 && WholeWords.Find(rule, w.TrimEnd('s')) >= 0);
    }

    // A rule on what the user says: "If the customer mentions cats, dogs or other pets, children under 5, or livestock at
    // the property, do NOT book ...".
    [GeneratedRegex(@"\bif\s+(?:the\s+)?(?:customer|user|client|caller|patient|guest|member|tenant|owner|they|you)\s+(?:mentions?|says?|has|have|reports?|owns?|tells?\s+you(?:\s+(?:about|that))?|(?:is|are)\s+(?:[a-z]+\s+)?(?:on|in|at|inside|within))\s+(?<conds>[^:;.]+?)\s*,\s*(?:then\s+)?(?:do not|don't|don’t|never|must not|may not)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MentionRule();

    [GeneratedRegex(@"(?:\b(?:no|not|without|never|nor|none of)\b|n't\b)[^.,;!?]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Denied();

    // Words of a condition that name nothing to look for.
    private static readonly HashSet<string> Vague = new(StringComparer.OrdinalIgnoreCase)
    {
        "other", "any", "the", "under", "over", "at", "property", "home", "house", "premises", "site", "some", "such", "similar", "kind", "kinds", "type", "types",
    };

    /// <summary>
    /// A rule that forbids the action when the user mentions something (<see cref="MentionRule"/>), and a user message the
    /// call was given that names one of those things ("We've got two cats"): the user's sentence, or null. An action that
    /// asks for what the rule says to do instead (a code it names after "instead", in the arguments) keeps the rule.
    /// </summary>
    private static Evidence? Mentioned(GenAiSpan g, string rule, string arguments)
    {
        if (MentionRule().Match(rule) is not { Success: true } m) return null;
        // What to do instead: the clause of the rule that says so ("book a SURVEY visit instead").
        var instead = rule[(m.Index + m.Length)..].Split([':', ';', '.']).FirstOrDefault(c => c.Contains("instead", StringComparison.OrdinalIgnoreCase));
        if (instead is not null && Regex.Matches(instead, @"\b[A-Z][A-Z0-9]{2,}(?:[-_][A-Z0-9]+)*\b").Any(code => arguments.Contains(code.Value, StringComparison.Ordinal))) return null;
        return UserNames(g, Terms(m.Groups["conds"].Value));
    }

    // The things a condition lists, each by its first word that names something, inside brackets too ("a motorway (hard
    // shoulder, emergency area ...)": motorway, hard, emergency; "medical records, legal/client files": medical, legal,
    // client).
    private static List<string> Terms(string conds)
    {
        var terms = new List<string>();
        foreach (var term in Regex.Split(conds, @",|\(|\)|/|\bor\b|\band\b"))
        {
            var word = NameWords.Word().Matches(term).Select(w => w.Value).FirstOrDefault(w => w.Length >= 3 && !Vague.Contains(w) && !w.Any(char.IsDigit));
            if (word is not null) terms.Add(word.ToLowerInvariant());
        }

        return terms;
    }

    /// <summary>The user's sentence, in a message the call was given, that names one of the things (a stem, or its plural); null when none does or one denies it.</summary>
    private static Evidence? UserNames(GenAiSpan g, List<string> terms)
    {
        if (terms.Count == 0) return null;
        foreach (var message in g.InputMessages)
        {
            if (message.Role is not ("user" or "human")) continue;
            foreach (var part in message.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                var lower = text.ToLowerInvariant();
                foreach (var t in terms)
                {
                    var stem = t.EndsWith("ren", StringComparison.Ordinal) ? t[..^3] : t.TrimEnd('s');
                    var at = WholeWords.Find(lower, stem);
                    if (at < 0) at = WholeWords.Find(lower, stem + "s");
                    if (at < 0) at = WholeWords.Find(lower, t);
                    // "No pets or small children at home" names the thing to say it is not there.
                    if (at >= 0 && !Denied().IsMatch(lower.AsSpan(Math.Max(0, at - 60), Math.Min(at, 60)))) return new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, at).Trim());
                }
            }
        }

        return null;
    }

    // A tool result the model call was given, about the call's thing (it holds a value of the call's arguments), that
    // writes a state the rule names as a field's whole value ("status": "closed").
    private static Evidence? StateShown(GenAiSpan g, string rule, string arguments)
    {
        // A state the rule names, or the value it quotes for one ("any recall with status \"outstanding\"").
        var words = States.FirstOrDefault(group => group.Any(w => WholeWords.Find(rule, w) >= 0))
                    ?? QuotedState().Matches(rule).Select(m => m.Groups["v"].Value).ToArray();
        if (words.Length == 0) return null;
        var values = ArgumentStrings(arguments);
        if (values.Count == 0) return null;
        foreach (var part in g.InputParts)
        {
            if (part.Kind != PartKind.ToolCallResponse || part.Content is not { Length: > 0 } result) continue;
            if (!values.Exists(v => result.Contains('"' + v + '"', StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var w in words)
            {
                var colon = result.IndexOf(": \"" + w + "\"", StringComparison.OrdinalIgnoreCase);
                var value = colon + 2;
                if (colon < 0)
                {
                    colon = result.IndexOf(":\"" + w + "\"", StringComparison.OrdinalIgnoreCase);
                    value = colon + 1;
                }

                if (colon < 1 || result[colon - 1] != '"') continue;
                var start = result.LastIndexOf('"', colon - 2);
                if (start < 0) continue;
                var end = value + w.Length + 2;
                return new Evidence(g.Span.SpanId, part.Source, result[start..end]);
            }
        }

        return null;
    }

    // A value a rule quotes after the word for a state: status "outstanding", state 'on_hold'.
    [GeneratedRegex(@"\b(?:status|state)\s+(?:of\s+|is\s+|=\s*)?[""'“‘](?<v>[A-Za-z][\w -]{1,30})[""'”’]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedState();

    // The string values of a call's arguments, three characters or longer.
    private static List<string> ArgumentStrings(string arguments)
    {
        var values = new List<string>();
        using var document = JsonContent.ParseDocument(arguments);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object) return values;
        foreach (var p in document.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: >= 3 and <= 60 } s) values.Add(s);
        }

        return values;
    }
}
