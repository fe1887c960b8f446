using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A record told before the person was checked. The instructions say what must be asked for before a record's details
/// are given ("before you tell anyone their position, estimated wait or offer status, ask them for the postcode
/// registered on their membership and check it against the postcode in the record"), a tool returned the record with
/// both (<c>"postcode": "LS5 3BT"</c>, <c>"position": 7</c>), and a model call's reply states one of the guarded details
/// ("You're currently number 7 of 41") while no user message had given the checked field: none holds its value or names
/// it. The reply gave what the rule guards without the check the rule asks for: Instruction Non-compliance at that model
/// call, quoting the rule, the reply and the record's field. A user who gave the value (or named the field, so the check
/// may have been made on a form the record writes otherwise) is no finding.
/// </summary>
internal sealed partial class UnverifiedDisclosureDetector : IDetector
{
    public const string DetectorId = "unverified-disclosure";

    // "before you tell anyone their position ..., ask them for the postcode ...", "before sharing any balance, verify the
    // caller's date of birth", and "verify the caller's date of birth before you disclose their balance".
    [GeneratedRegex(@"\bbefore\s+(?:you\s+)?(?<verb>tell|telling|give|giving|share|sharing|disclose|disclosing|reveal|revealing|discuss|discussing|read\s+out|reading\s+out|release|releasing|confirm|confirming)\s+(?<things>[^.;:\n]{3,120}?),?\s+(?:you\s+(?:must|should|need\s+to|have\s+to)\s+|always\s+|first\s+)*(?:ask|request|obtain|verify|check|confirm)\s+(?:(?:them|the\s+caller|the\s+customer|the\s+member|the\s+user|the\s+person)\s+)?(?:for\s+)?(?<field>[^.;:\n]{3,100})|\b(?:ask\s+for|verify|check|confirm)\s+(?<field>(?:the|their|a)\s+[^.;:\n]{3,80}?)\s+before\s+(?:you\s+)?(?<verb>tell|telling|give|giving|share|sharing|disclose|disclosing|reveal|revealing|discuss|discussing|release|releasing)\s+(?<things>[^.;:\n]{3,120})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Rule();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var rules = new InstructionRules(Rule(), "before");
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputParts.All(p => p.Kind != PartKind.Text || string.IsNullOrWhiteSpace(p.Content))) continue;
            foreach (var (part, text, rule) in rules.Of(g))
            {
                if (Disclosed(context, g, rule, new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, rule.Index).Trim())) is { } finding)
                {
                    yield return finding;
                    yield break;
                }
            }
        }
    }

    private Finding? Disclosed(DetectionContext context, GenAiSpan g, Match rule, Evidence said)
    {
        var fieldPhrase = Head(rule.Groups["field"].Value).Trim();
        var field = Facts.Words(fieldPhrase).ToList();
        var things = Facts.Words(rule.Groups["things"].Value).ToList();
        if (field.Count == 0 || things.Count == 0) return null;
        var users = g.InputMessages.Where(m => m.Role == "user").SelectMany(m => m.Parts).Where(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 }).Select(p => p.Content!).ToList();
        if (users.Count == 0) return null;
        foreach (var (raw, spanId, source) in Records(context, g))
        {
            using var document = JsonContent.ParseDocument(raw);
            if (document is null) continue;
            foreach (var record in JsonProperties.Objects(document.RootElement))
            {
                JsonProperty? check = null;
                var guarded = new List<JsonProperty>();
                foreach (var p in record.EnumerateObject())
                {
                    var key = JsonProperties.Key(p.Name);
                    if (check is null && p.Value.ValueKind == JsonValueKind.String && Names(field, key, whole: true)) check = p;
                    else if (p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String && Names(things, key, whole: false)) guarded.Add(p);
                }

                if (check is not { } c || guarded.Count == 0 || c.Value.GetString() is not { Length: >= 3 } value) continue;
                // The user gave the checked value, or spoke of the field by its name: the check may have been made.
                var squeezed = Squeeze(value);
                var named = string.Join(' ', NameWords.Word().Matches(c.Name).Select(m => m.Value.ToLowerInvariant()));
                if (users.Any(u => Squeeze(u).Contains(squeezed, StringComparison.Ordinal) || WholeWords.Find(u.ToLowerInvariant(), named) >= 0)) return null;
                foreach (var part in g.OutputParts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } reply) continue;
                    foreach (var p in guarded)
                    {
                        var stated = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString()!;
                        if (stated.Length == 0 || (p.Value.ValueKind == JsonValueKind.String && stated.Length < 3)) continue;
                        var at = WholeWords.Find(reply, stated, StringComparison.OrdinalIgnoreCase);
                        if (at < 0) continue;
                        return context.CreateFinding(this, g.Span, "Instruction Non-compliance",
                            $"The instructions say to check {fieldPhrase} before giving {rule.Groups["things"].Value.Trim()}; no user message gave it, and {g.Span.Name} told them {p.Name} {stated}.",
                            [said, new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(reply, at).Trim()), new Evidence(spanId, source, JsonProperties.Quote(raw, c))], 0.7)
                            with { Basis = AttributionBasis.Inference };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The tool results the call had before it answered: those in its own messages, then those of the calls before it.</summary>
    private static IEnumerable<(string Raw, string SpanId, string Source)> Records(DetectionContext context, GenAiSpan g)
    {
        foreach (var message in g.InputMessages)
        {
            foreach (var p in message.Parts)
            {
                if (p.Kind == PartKind.ToolCallResponse && p.Content is { Length: > 1 } c && c.TrimStart().StartsWith('{')) yield return (c, g.Span.SpanId, p.Source);
            }
        }

        var rank = context.View.Rank(g.Span);
        foreach (var call in context.CallsInOrder)
        {
            if ((call.Execution?.Span ?? call.RequestedBy?.Span) is not { } at || context.View.Rank(at) >= rank) continue;
            foreach (var r in call.Results)
            {
                if (r.Text.TrimStart().StartsWith('{')) yield return (r.Text, r.Span.SpanId, r.Source);
            }
        }
    }

    // The field's phrase up to what is done with it ("the postcode registered on their membership and check it ..." is
    // "the postcode registered on their membership").
    private static string Head(string field)
    {
        var cut = Regex.Match(field, @"\s(?:and|then|against|to|so|which|that)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return cut.Success ? field[..cut.Index] : field;
    }

    /// <summary>
    /// A key the phrase names: its letters are the letters of a run of the phrase's words ("date of birth" names
    /// <c>dateOfBirth</c>, "postcode" names <c>postcode</c>), or, when not whole, begin with such a run of five letters or
    /// more ("estimated wait" names <c>estimatedWaitMonths</c>).
    /// </summary>
    private static bool Names(List<string> words, string key, bool whole)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (Qualifiers.IsFunctionWord(words[i])) continue;
            var run = "";
            for (var j = i; j < words.Count && run.Length < key.Length; j++)
            {
                run += words[j];
                if (run == key || (!whole && run.Length >= 5 && key.StartsWith(run, StringComparison.Ordinal) && !Qualifiers.IsFunctionWord(words[j]))) return true;
            }
        }

        return false;
    }

    private static string Squeeze(string text)
    {
        var chars = text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        return new string(chars);
    }
}
