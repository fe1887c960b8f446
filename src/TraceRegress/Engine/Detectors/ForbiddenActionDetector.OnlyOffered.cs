using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

internal sealed partial class ForbiddenActionDetector
{
    // "If the customer's pitch is decking, offer only electric units (codes starting EL-)", "if the caller mentions a
    // pacemaker, book only a manual session".
    [GeneratedRegex(@"\bif\s+(?:the\s+)?(?:customer|user|client|caller|patient|guest|member|tenant|owner|hirer)(?:'s|’s)?\s+(?:[a-z]+\s+)?(?:is|are|has|have|mentions?|says?|uses?|reports?)\s+(?<conds>[^:;.,]{3,80}?)\s*,\s*(?:then\s+)?(?:you\s+)?(?:must\s+|should\s+|may\s+|can\s+)?(?:offer|book|sell|quote|recommend|hire|supply|send|provide)\s+only\s+(?<allowed>[^.;(\n]{3,60}?)\s*(?:\((?:codes?|ids?|skus?|refs?|references?)\s+(?:starting|beginning|prefixed)\s+(?:with\s+)?(?<prefix>[A-Z][A-Z0-9]{0,5}-?)\)|[.;\n]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnlyOfferedRule();

    // A code a catalogue names a thing by: capitals and digits joined by a dash ("WF-6", "EL-6", "KX-220B").
    [GeneratedRegex(@"^[A-Z][A-Z0-9]{0,5}-[A-Z0-9]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogueCode();

    /// <summary>
    /// The instructions allow only some things when the user's situation is one they name ("If the customer's pitch is
    /// decking, offer only electric units (codes starting EL-)"), a user message the call was given names it ("a lovely
    /// big hardwood deck out the back ... perfect spot for it"), and a call that acts sends a thing of the catalogue a
    /// tool returned that is not one of those allowed (<c>"unit_code": "WF-6"</c>, the "wood-fired trailer", while
    /// <c>EL-6</c> was returned beside it): Instruction Non-compliance at that call, quoting the rule, the user's words
    /// and the arguments. A thing is allowed when its code starts with the rule's prefix, or, with no prefix, when its
    /// record carries the rule's words ("electric"); the catalogue must hold an allowed one, or the rule names nothing
    /// the run could have offered.
    /// </summary>
    private Finding? OnlyOffered(DetectionContext context)
    {
        var view = context.View;
        var rules = new InstructionRules(OnlyOfferedRule(), "only");
        foreach (var call in context.CallsInOrder)
        {
            if (ToolNames.Reads(call.Name) || call.Arguments is not { } args || ToolDeclarations.Chooser(view, call) is not { IsModelCall: true } g) continue;
            List<string>? codes = null;
            Dictionary<string, string>? catalogue = null;
            foreach (var (part, text, rule) in rules.Of(g))
            {
                // The codes the call sends and the catalogue it was given, read once a rule is there to hold them to.
                codes ??= ArgumentStrings(args.Text).Where(v => CatalogueCode().IsMatch(v)).ToList();
                if (codes.Count == 0) break;
                var prefix = rule.Groups["prefix"].Success ? rule.Groups["prefix"].Value : null;
                var allowed = Facts.Words(rule.Groups["allowed"].Value).Where(w => w.Length >= 4 && !Qualifiers.IsFunctionWord(w) && !Vague.Contains(w)).ToList();
                var records = catalogue ??= CatalogueRecords(g);
                bool Allowed(string code) => prefix is not null
                    ? code.StartsWith(prefix, StringComparison.Ordinal)
                    : records.TryGetValue(code, out var record) && allowed.Exists(w => WholeWords.Find(record.ToLowerInvariant(), w) >= 0);
                if (prefix is null && allowed.Count == 0) continue;
                var sent = codes.FirstOrDefault(c => records.ContainsKey(c) && !Allowed(c));
                if (sent is null || !records.Keys.Any(Allowed)) continue;
                if (UserNames(g, Situation(rule.Groups["conds"].Value)) is not { } said) continue;
                var sentence = Requests.Sentence(text, rule.Index).Trim();
                return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                    $"The instructions allow only {rule.Groups["allowed"].Value.Trim()} in the user's situation (\"{Quote.Cut(sentence)}\"), the user said it is theirs (\"{said.Quote}\"), and {g.Span.Name} asked {call.Name} for {sent}.",
                    [new Evidence(g.Span.SpanId, part.Source, sentence), said, new Evidence(args.Span.SpanId, args.Source, Quote.Cut(args.Text))], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
            }
        }

        return null;
    }

    // The situation's words, with a word made of a thing ("decking", "fencing") also read as the thing ("deck").
    private static List<string> Situation(string conds)
    {
        var terms = Terms(conds);
        foreach (var t in terms.ToList())
        {
            if (t.Length > 6 && t.EndsWith("ing", StringComparison.Ordinal)) terms.Add(t[..^3]);
        }

        return terms;
    }

    /// <summary>The records of the tool results the call was given, by the catalogue code they carry (the record's JSON text).</summary>
    private static Dictionary<string, string> CatalogueRecords(GenAiSpan g)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in g.InputParts)
        {
            if (part.Kind != PartKind.ToolCallResponse || part.Content is not { Length: > 0 } body) continue;
            using var doc = JsonContent.ParseDocument(body);
            if (doc is null) continue;
            foreach (var e in JsonProperties.Objects(doc.RootElement))
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { } v && CatalogueCode().IsMatch(v)) records.TryAdd(v, e.GetRawText());
                }
            }
        }

        return records;
    }
}
