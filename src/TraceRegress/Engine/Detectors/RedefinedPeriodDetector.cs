using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A named year the run's sources define, defined again otherwise by an agent. The task, the data's documentation (a
/// README a turn printed) or the plan says when a fiscal, financial, water, academic, school or tax year runs ("Water
/// year: 1 July to 30 June"), and a later agent turn states another span of months for it ("in hydrology the water year
/// runs from 1 October to 30 September"), from what such years usually are rather than from what the data say. What the
/// team sums from there covers other months: Incorrect Problem Identification at that turn, quoting both definitions.
/// </summary>
internal sealed partial class RedefinedPeriodDetector : IDetector
{
    public const string DetectorId = "redefined-period";

    private const string Month = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

    [GeneratedRegex(@"\b(?<term>fiscal|financial|water|academic|school|tax|hydrological)\s+year\b[^.\n]{0,60}?\b(?:\d{1,2}\s+)?(?<a>" + Month + @")[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\s*(?:to|through|until|till|–|—|-)\s*(?:\d{1,2}\s+)?(?<b>" + Month + @")[a-z]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Definition();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        var first = new Dictionary<string, (string Months, Evidence Where, AgentTurn? Turn)>(StringComparer.Ordinal);
        if (turns.Task is { } task)
        {
            foreach (Match m in Definition().Matches(task.Text)) first.TryAdd(Term(m), (Months(m), new Evidence(task.Span.SpanId, task.Source, m.Value), null));
        }

        foreach (var turn in turns.All)
        {
            if (!turn.Text.Contains("year", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match m in Definition().Matches(turn.Text))
            {
                var term = Term(m);
                var months = Months(m);
                if (!first.TryGetValue(term, out var given))
                {
                    first[term] = (months, new Evidence(turn.Span.SpanId, turn.Source, m.Value), turn);
                    continue;
                }

                if (given.Months == months || turn.IsObservation || ReferenceEquals(given.Turn, turn)) continue;
                yield return context.CreateFinding(this, turn.Span, "Incorrect Problem Identification",
                    $"{turn.Agent ?? turn.Span.Name} defines the {term} year as \"{m.Value}\", where the run's source defines it as \"{given.Where.Quote}\"; what is worked out from there covers other months.",
                    [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), given.Where], 0.7) with { Basis = AttributionBasis.Inference };
                yield break;
            }
        }
    }

    private static string Term(Match m) => m.Groups["term"].Value.ToLowerInvariant() switch
    {
        "hydrological" => "water",
        "financial" => "fiscal",
        var t => t,
    };

    private static string Months(Match m) => $"{m.Groups["a"].Value[..3].ToLowerInvariant()}-{m.Groups["b"].Value[..3].ToLowerInvariant()}";
}
