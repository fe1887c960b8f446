using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call that picks, out of a tool's list, the option its own instructions rule out, while another option of the
/// same list meets them all: the one-stop flight for "nonstop only", the hotel whose record says <c>"refundable":
/// false</c> for "the rate must be refundable", the venue with <c>"wheelchair_accessible": false</c>, the red-eye for "no
/// red-eye flights", a rate above the stated budget (<see cref="Restrictions"/>). The restriction is read from the user
/// and system messages the call itself was given, so a call that never saw it (a trimmed history) is not blamed here:
/// the <c>context-lost</c> detector cites the step that lost it.
/// <para>
/// Category: Instruction Non-compliance. The call had the instruction and the record that breaks it side by side and
/// chose against it: TRAIL's "failing to follow explicit instructions", also when the user said it in an earlier turn
/// the call was given ("I can only come in the mornings", then "take the first one that's free"). When the call says the picked option has the
/// required quality (calls a one-stop flight "non-stop") it misread the record: Tool Output Misinterpretation. A list
/// in which no option meets the restriction is not a pick against it (the call may rightly offer the nearest one).
/// </para>
/// </summary>
internal sealed class OptionAgainstTaskDetector : IDetector
{
    public const string DetectorId = "option-against-task";

    public string Id => DetectorId;

    public int Priority => 57;


    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var picks = context.Picks;
        var restrictions = new Dictionary<GenAiMessage, List<(Restriction, MessagePart)>>(ReferenceEqualityComparer.Instance);
        foreach (var g in picks.Readers.OrderBy(r => view.Rank(r.Span)))
        {
            // What it picked first (few calls pick from a list), then what it was told.
            var picked = picks.By(g);
            if (picked.Count == 0) continue;
            var instructions = Instructions(g, restrictions);
            if (instructions.Count == 0) continue;
            foreach (var pick in picked)
            {
                if (Against(pick, instructions) is not { } broken) continue;
                var (r, message, record) = broken;
                var naming = PickedOptions.Naming(g, pick.Name);
                var claimed = r.Kind == RestrictionKind.Requires && naming is { } n && ClaimsQuality(n.Text, r);
                // The call only acted on its pick (a hold, a booking); the answer that follows describes the pick with
                // the required quality ("Compact (Kia Forte or similar) ... automatic"): it read the record wrong.
                Evidence? described = null;
                if (r.Kind == RestrictionKind.Requires && !claimed && LaterDescription(view, g, pick, r) is { } later)
                {
                    claimed = true;
                    described = later;
                }

                var evidence = new List<Evidence>
                {
                    new(g.Span.SpanId, message.Source, r.Written),
                    new(pick.Result.Span.SpanId, pick.Result.Source, record),
                };
                if (naming is { } named) evidence.Add(new Evidence(g.Span.SpanId, named.Source, Quote.Cut(named.Text)));
                if (described is not null) evidence.Add(described);
                var summary = claimed
                    ? $"The call picked \"{pick.Name}\" and {(described is null ? "says" : "the answer after it says")} it is {Quality(pick, r)}, but its record says {record}; the task asks \"{r.Written}\" and another option meets it."
                    : $"The call picked \"{pick.Name}\" against the instruction \"{r.Written}\" it was given: its record says {record}, and another option of the same list meets every restriction.";
                // The user said it turns before the call's last message, and the call acted as though it had not: what it
                // lost is the conversation's context. Said in the message the call answers, or in the instructions, it
                // is an instruction not followed.
                var earlier = !claimed && SaidEarlier(g, message);
                if (earlier) summary = summary.Replace("it was given:", "the user gave in an earlier message:", StringComparison.Ordinal);
                yield return context.CreateFinding(this, g.Span, claimed ? "Tool Output Misinterpretation" : earlier ? "Context Handling Failures" : "Instruction Non-compliance", summary, evidence, 0.75)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    // The part is in a user message before the last one the call was given.
    private static bool SaidEarlier(GenAiSpan g, MessagePart said)
    {
        var users = UserMessages.Count(g);
        foreach (var (index, part) in UserMessages.Parts(g))
        {
            if (ReferenceEquals(part, said)) return index < users - 1;
        }

        return false;
    }

    /// <summary>The restrictions stated in the user and system messages a call was given, with the message each came from.</summary>
    internal static List<(Restriction R, MessagePart Message)> Instructions(GenAiSpan g, Dictionary<GenAiMessage, List<(Restriction, MessagePart)>> read)
    {
        var found = new List<(Restriction, MessagePart)>();
        foreach (var m in g.InputMessages)
        {
            if (m.Role is not ("user" or "system")) continue;
            // A history repeats its messages in every call (one shared message object): each is read once.
            if (!read.TryGetValue(m, out var stated))
            {
                read[m] = stated = [];
                foreach (var part in m.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    foreach (var r in Restrictions.Find(text))
                    {
                        if (r.Kind != RestrictionKind.MinimumAge) stated.Add((r, part));
                    }
                }
            }

            found.AddRange(stated);
        }

        return found;
    }

    /// <summary>The first restriction the picked option's record breaks, when another option of the list breaks none.</summary>
    internal static (Restriction R, MessagePart Message, string Record)? Against(PickedOption pick, List<(Restriction R, MessagePart Message)> restrictions)
    {
        (Restriction, MessagePart, string)? broken = null;
        // The fields in which the list states each required quality, found once per restriction for the whole list.
        var stated = new Dictionary<Restriction, List<string>>(ReferenceEqualityComparer.Instance);
        List<string> Fields(Restriction r)
        {
            if (!stated.TryGetValue(r, out var fields)) stated[r] = fields = StatedFields(r, pick.Options);
            return fields;
        }

        foreach (var (r, message) in restrictions)
        {
            if (BrokenBy(r, pick.Picked, Fields(r)) is { } quote)
            {
                broken = (r, message, quote);
                break;
            }
        }

        if (broken is null) return null;
        for (var k = 0; k < pick.Options.Count; k++)
        {
            if (k != pick.Index && restrictions.TrueForAll(x => BrokenBy(x.R, pick.Options[k], Fields(x.R)) is null)) return broken;
        }

        return null;
    }

    /// <summary>
    /// Where an option breaks the restriction (<see cref="Restrictions.BrokenBy"/>), or, for a required quality, where the
    /// list itself shows the field that states it (<paramref name="statedIn"/>: another option sets the field to the
    /// required word, <c>"transmission": "automatic"</c> for "I can only drive automatic") and this one sets it to
    /// something else (<c>"transmission": "manual"</c>).
    /// </summary>
    private static string? BrokenBy(Restriction r, JsonElement option, List<string> statedIn)
    {
        if (Restrictions.BrokenBy(r, option) is { } quote) return quote;
        if (statedIn.Count == 0 || option.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in option.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || !statedIn.Contains(p.Name) || p.Value.GetString() is not { Length: > 0 and <= 30 } value || IsTerm(r, value)) continue;
            return JsonProperties.Written(option.GetRawText(), p) ?? $"\"{p.Name}\": {p.Value.GetRawText()}";
        }

        return null;
    }

    /// <summary>The fields to which some option of the list gives a required quality of the restriction as its value; none for other kinds.</summary>
    private static List<string> StatedFields(Restriction r, IReadOnlyList<JsonElement> options)
    {
        var fields = new List<string>();
        if (r.Kind != RestrictionKind.Requires) return fields;
        foreach (var option in options)
        {
            if (option.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in option.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && !fields.Contains(p.Name) && p.Value.GetString() is { } value && IsTerm(r, value)) fields.Add(p.Name);
            }
        }

        return fields;
    }

    // A field value that is one of the restriction's own words ("automatic"), of four letters or more.
    private static bool IsTerm(Restriction r, string value) =>
        value.Length >= 4 && Array.Exists(r.Terms, t => t.Length >= 4 && t.Equals(value, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A later answer of the same agent that names the picked option by a text of its record no other option shares
    /// ("Kia Forte or similar") and, in the same sentence, gives it the required quality the record denies ("automatic").
    /// </summary>
    private static Evidence? LaterDescription(TraceView view, GenAiSpan g, PickedOption pick, Restriction r)
    {
        if (pick.Picked.ValueKind != JsonValueKind.Object) return null;
        var names = new List<string>();
        foreach (var p in pick.Picked.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: >= 4 and <= 60 } value || IsTerm(r, value)) continue;
            var shared = false;
            for (var k = 0; k < pick.Options.Count && !shared; k++)
            {
                shared = k != pick.Index && pick.Options[k].ValueKind == JsonValueKind.Object && pick.Options[k].TryGetProperty(p.Name, out var v)
                         && v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), value, StringComparison.OrdinalIgnoreCase);
            }

            if (!shared) names.Add(value);
        }

        if (names.Count == 0) return null;
        var rank = view.Rank(g.Span);
        var agent = CitedSpan.AgentOf(g.Span);
        foreach (var later in view.Spans)
        {
            if (!later.IsModelCall || view.Rank(later.Span) <= rank || CitedSpan.AgentOf(later.Span) != agent) continue;
            foreach (var m in later.OutputMessages)
            {
                foreach (var part in m.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    foreach (var name in names)
                    {
                        var at = text.IndexOf(name, StringComparison.Ordinal);
                        if (at < 0) continue;
                        var sentence = Requests.Sentence(text, at);
                        var words = new Qualifiers.WordSet(sentence);
                        foreach (var term in r.Terms)
                        {
                            if (term.Length >= 4 && IsStated(pick, term) && words.Find(term).Any(i => !words.NegatedAt(i, term)))
                            {
                                return new Evidence(later.Span.SpanId, part.Source, Quote.Cut(sentence));
                            }
                        }
                    }
                }
            }
        }

        return null;
    }

    // The required quality as the list states it ("automatic"), else as the task wrote it.
    private static string Quality(PickedOption pick, Restriction r) =>
        r.Terms.FirstOrDefault(t => t.Length >= 4 && IsStated(pick, t)) ?? string.Join(' ', r.Terms);

    // A word another option of the list gives as a field's value: the quality the list states in that field.
    private static bool IsStated(PickedOption pick, string term)
    {
        foreach (var option in pick.Options)
        {
            if (option.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in option.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && string.Equals(p.Value.GetString(), term, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }

    // "TP 1327 is a non-stop flight": the answer states the required quality itself.
    private static bool ClaimsQuality(string text, Restriction r)
    {
        var words = new Qualifiers.WordSet(text);
        return Qualifiers.KeptWord(words, string.Concat(r.Terms.Select(Qualifiers.Joined)));
    }
}
