using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call told to use only the facts it was given ("Use only the facts provided", "Do not add facts") writes a
/// named thing that nothing it was given names: "My mother is a registered Blue Badge holder" in an appeal drafted from
/// an account that never mentions a badge. Language-only hallucination at that call, quoting the instruction and the
/// sentence. A named thing is two or more capitalised words inside a sentence (not its first word); one the call's
/// input writes anywhere, in any case, is grounded.
/// </summary>
internal sealed partial class FactsOnlyDetector : IDetector
{
    public const string DetectorId = "facts-only";

    // An instruction to keep to the facts given.
    [GeneratedRegex(@"\b(?:use only the (?:facts|information|details) (?:provided|given|supplied|above|below)|only use the (?:facts|information|details) (?:provided|given|supplied)|do not (?:add|invent|make up) (?:any )?(?:facts|details|information)|don't (?:add|invent|make up) (?:any )?(?:facts|details|information)|stick to the facts (?:provided|given))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FactsOnly();

    // Two or more capitalised words after a lower-case word or a comma: "a registered Blue Badge holder".
    [GeneratedRegex(@"(?<=[a-z,;] )\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 } said) continue;
            MessagePart? rule = null;
            Match? ruleMatch = null;
            foreach (var m in g.InputMessages)
            {
                if (m.Role is not ("system" or "developer")) continue;
                foreach (var p in m.Parts)
                {
                    if (p.Content is { Length: > 0 } c && FactsOnly().Match(c) is { Success: true } found) (rule, ruleMatch) = (p, found);
                }
            }

            if (rule is null || ruleMatch is null) continue;
            var given = string.Join("\n", g.InputMessages.SelectMany(m => m.Parts).Select(p => p.Body).Where(b => b is { Length: > 0 }));
            foreach (Match named in Named().Matches(said))
            {
                if (given.Contains(named.Value, StringComparison.OrdinalIgnoreCase)) continue;
                var answer = g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { } c && c.Contains(named.Value, StringComparison.Ordinal));
                if (answer is null) continue;
                var sentence = Requests.Sentence(answer.Content!, answer.Content!.IndexOf(named.Value, StringComparison.Ordinal)).Trim();
                yield return context.CreateFinding(this, g.Span, "Language-only hallucination",
                    $"{g.Span.Name} was told to keep to what it was given (\"{ruleMatch.Value}\") and wrote {named.Value} (\"{sentence}\"), which nothing it was given names.",
                    [new Evidence(g.Span.SpanId, rule.Source, ruleMatch.Value), new Evidence(g.Span.SpanId, answer.Source, sentence)], 0.7)
                    with { Basis = AttributionBasis.UngroundedContent };
                yield break;
            }
        }
    }
}
