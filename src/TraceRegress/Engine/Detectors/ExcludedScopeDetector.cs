using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool whose own declaration says it leaves out what the user asked about, called when another tool offered beside it
/// declares exactly that. <c>check_online_stock</c>: "Stock available to web-shop home-delivery orders ... Does not
/// include stock in the garden centres"; <c>check_store_stock</c>: "Live shop-floor stock count for a product at one
/// Greenhaven garden centre"; the user will collect "from your Riverside centre". The model called the first and never
/// the second, so what it was told answers another question: Tool Selection Errors at the call that chose, quoting the
/// exclusion, the user's words and the declaration of the tool passed over. A run that also calls the tool that covers
/// it, or a user who never names what the tool leaves out, is no finding.
/// </summary>
internal sealed partial class ExcludedScopeDetector : IDetector
{
    public const string DetectorId = "excluded-scope";

    // "Does not include stock in the garden centres.", "Excludes trade accounts", "Not for collection orders".
    [GeneratedRegex(@"\b(?:does not|doesn't|do not|don't)\s+(?:include|cover|contain|show|reflect|count|change|alter|amend|update|affect)\s+(?<what>[^.;:()]{3,80})|\bexclud(?:es|ing)\s+(?<what>[^.;:()]{3,80})|\bnot (?:for|including|covering)\s+(?<what>[^.;:()]{3,80})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Exclusion();

    [GeneratedRegex(@"[A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Letters();

    private static readonly HashSet<string> Plain = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "any", "of", "in", "at", "on", "for", "to", "from", "by", "with", "and", "or", "our", "your", "their", "its",
        "that", "this", "these", "those", "which", "are", "is", "be", "held", "only", "other", "all", "each", "one",
    };

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        if (context.Turns.Task is not { } task) yield break;
        var called = new HashSet<string>(view.ToolCalls.Calls.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var call in context.CallsInOrder)
        {
            if (call.RequestedBy is not { ToolDefinitionsKnown: true } chooser || ToolDeclarations.Definition(chooser, call.Name) is not { Description: { } described }) continue;
            foreach (Match m in Exclusion().Matches(described))
            {
                var own = Stems(call.Name);
                var left = Stems(m.Groups["what"].Value);
                // What is left out, less the words the tool's own name uses (the stock of check_online_stock).
                var distinct = left.Where(w => !own.Contains(w)).ToHashSet(StringComparer.Ordinal);
                if (distinct.Count == 0) continue;
                // The user names it: the task, or what the user said to the call.
                var said = new List<(string Source, string SpanId, string Text)> { (task.Source, task.Span.SpanId, task.Text) };
                said.AddRange(UserMessages.Parts(chooser).Select(p => (p.Part.Source, chooser.Span.SpanId, p.Part.Content!)));
                var named = said.FirstOrDefault(s => Stems(s.Text).Overlaps(distinct));
                if (named.Text is null) continue;
                // Another tool offered beside it covers every word of what this one leaves out, and was never called.
                var other = chooser.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && !called.Contains(d.Name) && d.Description is { } od
                    && !Exclusion().IsMatch(od) && left.IsSubsetOf(Stems(od + " " + d.Name)));
                if (other is null) continue;
                var word = Letters().Matches(named.Text).First(w => distinct.Contains(Stem(w.Value))).Value;
                List<Evidence> evidence = [new Evidence(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, call.Name), m.Value.Trim()), new Evidence(named.SpanId, named.Source, word),
                    new Evidence(chooser.Span.SpanId, ToolDeclarations.OfferedAt(chooser, other.Name), other.Description!)];
                // The call says in its own words what it took the request for, in the chosen tool's terms and none of what the
                // tool leaves out ("I'll update the address we hold for you" for a wrong address on the report): it took the
                // user's problem for another one, and the tool followed from that.
                var restated = Restated(chooser, own.Where(w => w != Stem(ToolNames.Verb(call.Name) ?? "")).ToHashSet(StringComparer.Ordinal), distinct);
                if (restated is not null) evidence.Insert(0, restated);
                yield return context.CreateFinding(this, chooser.Span, restated is null ? "Tool Selection Errors" : "Incorrect Problem Identification",
                    $"{call.Name} is declared as one that \"{m.Value.Trim()}\", the user asked about that (\"{word}\"), and {chooser.Span.Name} called it and never {other.Name} (\"{other.Description!.TrimEnd('.')}\")"
                    + (restated is null ? "." : $", saying \"{restated.Quote}\": it took the request for another problem."),
                    evidence, 0.6)
                    with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    /// <summary>
    /// The sentence of the call's own text that names the chosen tool's thing (<paramref name="thing"/>: the words of its
    /// name other than its verb)
    /// and nothing of what the tool leaves out; null when the call says nothing of the kind.
    /// </summary>
    private static Evidence? Restated(GenAiSpan chooser, HashSet<string> thing, HashSet<string> left)
    {
        foreach (var part in chooser.OutputParts)
        {
            if (part.Kind != PartKind.Text || part.Content is not { Length: > 0 } text) continue;
            foreach (var sentence in Requests.Sentences(text))
            {
                var stems = Stems(sentence);
                if (stems.Overlaps(left) || !stems.Overlaps(thing)) continue;
                return new Evidence(chooser.Span.SpanId, part.Source, sentence.Trim());
            }
        }

        return null;
    }

    private static HashSet<string> Stems(string text)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match w in Letters().Matches(text.Replace('_', ' ')))
        {
            if (w.Length >= 3 && !Plain.Contains(w.Value)) stems.Add(Stem(w.Value));
        }

        foreach (Match w in NameWords.Word().Matches(text))
        {
            if (w.Length >= 3 && !Plain.Contains(w.Value)) stems.Add(Stem(w.Value));
        }

        return stems;
    }

    // A word without its plural: centres and centre, stores and store.
    private static string Stem(string word)
    {
        var w = word.ToLower(CultureInfo.InvariantCulture);
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) return w[..^3] + "y";
        if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && w.Length > 3) return w[..^1];
        return w;
    }
}
