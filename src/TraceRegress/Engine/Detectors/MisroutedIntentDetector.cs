using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A classifier's call picks a label whose own definition the user ruled out in so many words: the prompt defines the
/// labels ("- refund_request: wants their money back and does not intend to travel") and the user's message says the
/// opposite of what the chosen one wants ("I don't want my money back"). Everything routed on the label serves another
/// request, so the model calls after it are explained by it (an invented detail in the wrong specialist's answer is a
/// symptom): Incorrect Problem Identification, cited at the classifying call, quoting the user's words, the label's
/// definition and the label it gave. A definition the user does not contradict is no finding, whatever else it says.
/// </summary>
internal sealed partial class MisroutedIntentDetector : IDetector
{
    public const string DetectorId = "misrouted-intent";

    // A label defined on a line of its own: "- refund_request: wants their money back".
    [GeneratedRegex(@"^\s*[-*•]\s*`?(?<label>[a-z][a-z0-9_\-]{2,40})`?\s*[:–—-]\s*(?<definition>.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Definition();

    // What a definition says the sender wants: "wants their money back", "want a refund".
    [GeneratedRegex(@"\bwants?\s+(?:to\s+)?(?:their|his|her|a|an|the|to get)?\s*(?<what>[a-z]+(?:\s+[a-z]+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wants();

    // What the user says they do not want: "I don't want my money back", "I do not need a refund".
    [GeneratedRegex(@"\b(?:don't|don’t|do not|doesn't|does not|never)\s+(?:want|need)\s+(?:to\s+)?(?:my|a|an|the|any|to get)?\s*(?<what>[a-z]+(?:\s+[a-z]+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoesNotWant();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || g.OutputText is not { Length: > 0 and < 2000 } output) continue;
            // Only a user who says what they do not want can rule a label out: the instructions are read only then.
            if (!g.InputMessages.Any(m => m.Role == "user" && m.Parts.Any(p => p.Content is { } c && (c.Contains("n't", StringComparison.Ordinal) || c.Contains("n’t", StringComparison.Ordinal) || c.Contains("not ", StringComparison.Ordinal) || c.Contains("never ", StringComparison.Ordinal))))) continue;
            if (Classifying(g) is not { } defined || defined.Count < 3) continue;
            // The label the call gave: the one defined label its answer names.
            var given = defined.Where(d => WholeWords.Find(output, d.Label) >= 0).ToList();
            if (given.Count != 1) continue;
            var chosen = given[0];
            if (Wants().Match(chosen.Definition) is not { Success: true } wants) continue;
            var wanted = wants.Groups["what"].Value.ToLowerInvariant();
            foreach (var m in g.InputMessages)
            {
                if (m.Role != "user") continue;
                foreach (var part in m.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                    foreach (Match not in DoesNotWant().Matches(text))
                    {
                        if (!not.Groups["what"].Value.Equals(wanted, StringComparison.OrdinalIgnoreCase)) continue;
                        yield return context.CreateFinding(this, g.Span, "Incorrect Problem Identification",
                            $"The call classified the message as {chosen.Label} (\"{chosen.Definition}\"), and the user says \"{not.Value}\".",
                            [new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, not.Index)), new Evidence(g.Span.SpanId, chosen.Source, $"{chosen.Label}: {chosen.Definition}"), new Evidence(g.Span.SpanId, OutputSource(g), chosen.Label)], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = RoutedAfter(context, g.Span) };
                        yield break;
                    }
                }
            }
        }
    }

    // The model calls that ran after the classification: routed on its label, they answer the request it named.
    private static string[] RoutedAfter(DetectionContext context, Span classifier) =>
        context.ModelCallsAfter(classifier).Where(s => s.Span.StartTimeUnixNano >= classifier.StartTimeUnixNano + classifier.DurationNanos)
            .Select(s => s.Span.SpanId).ToArray();

    private sealed record Defined(string Label, string Definition, string Source);

    /// <summary>The labels the call's instructions define one per line; null when they define none.</summary>
    private static List<Defined>? Classifying(GenAiSpan g)
    {
        List<Defined>? found = null;
        foreach (var m in g.InputMessages)
        {
            if (m.Role is not ("system" or "developer")) continue;
            foreach (var part in m.Parts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text || !text.Contains('\n', StringComparison.Ordinal)) continue;
                foreach (Match d in Definition().Matches(text))
                {
                    (found ??= []).Add(new Defined(d.Groups["label"].Value, d.Groups["definition"].Value.Trim(), part.Source));
                }
            }
        }

        return found;
    }

    private static string OutputSource(GenAiSpan g)
    {
        foreach (var m in g.OutputMessages)
        {
            foreach (var part in m.Parts)
            {
                if (part.Kind == PartKind.Text && !string.IsNullOrEmpty(part.Content)) return part.Source;
            }
        }

        return "output";
    }
}
