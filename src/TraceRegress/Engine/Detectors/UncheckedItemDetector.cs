using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A model call says it checked an item ("I also checked the Colombia Huila Decaf: it's still out of stock") that the
/// run knows by a reference (a catalogue line or a tool result: <c>COL-HUILA-DECAF-1KG Colombia Huila Decaf</c>), and the
/// lookup tool it ran was never asked about that reference: the calls before it asked about other items only
/// (<c>check_stock</c> with <c>["FH-ESP-1KG", "ETH-GUJI-1KG"]</c>). What it reports of the item came from no tool:
/// Tool-related hallucination at that call, quoting the claim, the item's reference and the lookup's arguments.
/// </summary>
internal sealed partial class UncheckedItemDetector : IDetector
{
    public const string DetectorId = "unchecked-item";

    // "I also checked the Colombia Huila Decaf", "I've looked up the Brazil Cerrado", "I checked on the 3 m tower".
    [GeneratedRegex(@"\bI(?:'ve|’ve| have)?(?: also| just| now| already)? (?:checked|looked up|looked into|verified|double-checked)(?: on| at| for)?(?: the| your| our)? (?<object>[^:.,;!?\n()]{3,60})", RegexOptions.CultureInvariant)]
    private static partial Regex CheckClaim();

    // A reference: letters and digits joined by dashes or underscores, with a digit ("COL-HUILA-DECAF-1KG", "SKU_4410").
    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    public string Id => DetectorId;

    public int Priority => 52;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var calls = context.CallsInOrder;
        if (calls.Count == 0) yield break;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall) continue;
            var rank = view.Rank(g.Span);
            List<ToolCall>? asked = null;
            foreach (var part in g.OutputParts)
            {
                if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
                for (var m = CheckClaim().Match(text); m.Success; m = m.NextMatch())
                {
                    var words = Facts.Words(m.Groups["object"].Value).Where(w => w.Length >= 3).ToList();
                    if (words.Count < 2) continue;
                    // The lookups that ran before the claim, and what they were asked (gathered once per model call).
                    asked ??= calls.Where(c => ToolNames.Reads(c.Name) && c.Arguments is not null && (c.RequestedBy?.Span ?? c.Execution?.Span) is { } at && view.Rank(at) < rank).ToList();
                    if (asked.Count == 0 || ItemReference(g, calls, rank, view, words) is not var (reference, known)) continue;
                    if (asked.Any(c => c.Arguments!.Text.Contains(reference, StringComparison.Ordinal) || words.TrueForAll(w => WholeWords.Find(c.Arguments.Text.ToLowerInvariant(), w) >= 0))) continue;
                    // The lookup was asked about other items by their references: this one it was never asked about. The lookup
                    // is one asked about references of the item's kind (a segment in common: "-1KG"), else one the claim's
                    // sentence names ("out of stock" of check_stock).
                    var sentence = Requests.Sentence(text, m.Index).ToLowerInvariant();
                    var segments = reference.Split('-', '_');
                    var lookup = asked.FirstOrDefault(c => Reference().Matches(c.Arguments!.Text).Any(r => r.Value.Split('-', '_').Intersect(segments, StringComparer.Ordinal).Any(x => x.Any(char.IsAsciiLetter))))
                                 ?? asked.FirstOrDefault(c => Reference().IsMatch(c.Arguments!.Text) && c.Name.Split('_', '-', '.').Any(w => w.Length >= 4 && WholeWords.Find(sentence, w.ToLowerInvariant()) >= 0));
                    if (lookup is null) continue;
                    yield return context.CreateFinding(this, g.Span, "Tool-related hallucination",
                        $"{g.Span.Name} says it checked {m.Groups["object"].Value.Trim()} ({reference}), but {lookup.Name} was asked only {Quote.Cut(lookup.Arguments!.Text, 120)}: no tool told it about that item.",
                        [new Evidence(g.Span.SpanId, part.Source, Requests.Sentence(text, m.Index).Trim()), known, new Evidence(lookup.Arguments!.Span.SpanId, lookup.Arguments.Source, Quote.Cut(lookup.Arguments.Text))], 0.7)
                        with { Basis = AttributionBasis.Inference };
                    yield break;
                }
            }
        }
    }

    /// <summary>
    /// The reference the run gives the item the claim names: in the call's instructions and messages or an earlier tool
    /// result, a reference written right before or after the item's words ("COL-HUILA-DECAF-1KG Colombia Huila Decaf").
    /// </summary>
    private static (string Reference, Evidence Known)? ItemReference(GenAiSpan g, List<ToolCall> calls, int rank, TraceView view, List<string> words)
    {
        var texts = new List<(string Text, string SpanId, string Source)>();
        foreach (var message in g.InputMessages)
        {
            foreach (var p in message.Parts)
            {
                if (p.Content is { Length: > 0 } c) texts.Add((c, g.Span.SpanId, p.Source));
            }
        }

        foreach (var c in calls)
        {
            if ((c.RequestedBy?.Span ?? c.Execution?.Span) is not { } at || view.Rank(at) >= rank) continue;
            foreach (var r in c.Results) texts.Add((r.Text, r.Span.SpanId, r.Source));
        }

        var phrase = string.Join(' ', words);
        foreach (var (text, spanId, source) in texts)
        {
            var lower = text.ToLowerInvariant();
            var at = WholeWords.Find(lower, phrase);
            if (at < 0) continue;
            // The nearest reference within a few characters of the item's words, before or after them.
            var from = Math.Max(0, at - 40);
            var window = text.Substring(from, Math.Min(text.Length, at + phrase.Length + 40) - from);
            Match? nearest = null;
            foreach (Match r in Reference().Matches(window))
            {
                if (nearest is null || Math.Abs(from + r.Index - at) < Math.Abs(from + nearest.Index - at)) nearest = r;
            }

            if (nearest is not null) return (nearest.Value, new Evidence(spanId, source, nearest.Value));
        }

        return null;
    }
}
