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
                var evidence = new List<Evidence>
                {
                    new(g.Span.SpanId, message.Source, r.Written),
                    new(pick.Result.Span.SpanId, pick.Result.Source, record),
                };
                if (naming is { } named) evidence.Add(new Evidence(g.Span.SpanId, named.Source, Quote.Cut(named.Text)));
                var summary = claimed
                    ? $"The call picked \"{pick.Name}\" and says it is {string.Join(' ', r.Terms)}, but its record says {record}; the task asks \"{r.Written}\" and another option meets it."
                    : $"The call picked \"{pick.Name}\" against the instruction \"{r.Written}\" it was given: its record says {record}, and another option of the same list meets every restriction.";
                yield return context.CreateFinding(this, g.Span, claimed ? "Tool Output Misinterpretation" : "Instruction Non-compliance", summary, evidence, 0.75)
                    with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
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
        foreach (var (r, message) in restrictions)
        {
            if (Restrictions.BrokenBy(r, pick.Picked) is { } quote)
            {
                broken = (r, message, quote);
                break;
            }
        }

        if (broken is null) return null;
        for (var k = 0; k < pick.Options.Count; k++)
        {
            if (k != pick.Index && restrictions.TrueForAll(x => Restrictions.BrokenBy(x.R, pick.Options[k]) is null)) return broken;
        }

        return null;
    }

    // "TP 1327 is a non-stop flight": the answer states the required quality itself.
    private static bool ClaimsQuality(string text, Restriction r)
    {
        var words = new Qualifiers.WordSet(text);
        return Qualifiers.KeptWord(words, string.Concat(r.Terms.Select(Qualifiers.Joined)));
    }
}
