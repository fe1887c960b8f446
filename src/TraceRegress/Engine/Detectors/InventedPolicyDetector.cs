using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call tells the user a rule of the business that nothing it was given states: "gift vouchers can be extended
/// once, free of charge", "founder pricing is locked in for life and carries across freezes". A rule is what the
/// instructions, a tool's result, a retrieved context, the user's words or a tool's declaration say; when none of them
/// holds even the rule's verb (extend, lock, carry), the call made the rule up: Language-only hallucination at the first call that states it, quoting its
/// sentence. A rule whose verb the instructions or a result use ("Vouchers may be extended by 30 days for £5") is read
/// as grounded, whatever its terms; conversations between agents are left to the rules that read them.
/// </summary>
internal sealed partial class InventedPolicyDetector : IDetector
{
    public const string DetectorId = "invented-policy";

    // A rule stated as what can be done or what holds: "can be extended", "is locked in", "carries across", "never expires".
    [GeneratedRegex(@"\b(?:(?:can|may|will) (?:also )?be (?<verb>extended|transferred|carried over|rolled over|reinstated|backdated|waived)|(?:is|are) (?<verb>locked in|guaranteed for life|protected for life)|(?<verb>carr(?:y|ies) (?:over|across|forward))|(?<verb>never expires?))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RuleClaim();

    public string Id => DetectorId;

    public int Priority => 79;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        if (context.Turns.IsMultiAgent) yield break;
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 } said || RuleClaim().Match(said) is not { Success: true } claim) continue;
            var stem = Stem(claim.Groups["verb"].Value);
            var given = false;
            var upstream = false;
            foreach (var message in g.InputMessages)
            {
                // What the model itself said before is no source; everything else it was given is (a RAG prompt's context
                // comes as the user's message).
                if (message.Role == "assistant") continue;
                foreach (var part in message.Parts)
                {
                    if (part.Kind is not (PartKind.Text or PartKind.ToolCallResponse) || part.Content is not { Length: > 0 } text) continue;
                    upstream = true;
                    given |= text.Contains(stem, StringComparison.OrdinalIgnoreCase);
                }
            }

            foreach (var tool in g.ToolDefinitions)
            {
                given |= tool.Name.Contains(stem, StringComparison.OrdinalIgnoreCase) || (tool.Description?.Contains(stem, StringComparison.OrdinalIgnoreCase) ?? false);
            }

            // Nothing given at all (no instructions, no results recorded): nothing to hold the rule against.
            if (!upstream || given) continue;
            var sentence = Requests.Sentence(said, claim.Index).Trim();
            yield return context.CreateFinding(this, g.Span, "Language-only hallucination",
                $"{g.Span.Name} states a rule (\"{sentence}\") that nothing it was given (instructions, results, context, the user's words, tool declarations) states: none of it says \"{stem}\".",
                [new Evidence(g.Span.SpanId, g.OutputMessages.Count > 0 ? g.OutputMessages[0].Source : "output", sentence)], 0.7) with { Basis = AttributionBasis.UngroundedContent };
            yield break;
        }
    }

    // The letters every form of the rule's verb keeps: extended → extend, carries → carr, locked in → lock.
    private static string Stem(string verb)
    {
        var v = verb.ToLowerInvariant();
        return v switch
        {
            "extended" => "extend",
            "transferred" => "transfer",
            "reinstated" => "reinstat",
            "backdated" => "backdat",
            "waived" => "waiv",
            _ when v.StartsWith("carr", StringComparison.Ordinal) => "carr",
            _ when v.StartsWith("rolled", StringComparison.Ordinal) => "roll",
            _ when v.StartsWith("locked", StringComparison.Ordinal) => "lock",
            _ when v.StartsWith("guaranteed", StringComparison.Ordinal) => "guarant",
            _ when v.StartsWith("protected", StringComparison.Ordinal) => "protect",
            _ when v.StartsWith("never expire", StringComparison.Ordinal) => "expir",
            _ => v,
        };
    }
}
