using System.Globalization;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A factor between two units of one kind stated wrong: "1 mile = 1.852 km" (1.852 km is a nautical mile; a mile is
/// 1.609344 km), <c>KM_PER_MILE = 1.852</c>, "1 lb = 0.5 kg". Everything converted with it is off by the same ratio. The
/// factor is general knowledge no tool gave, so the turn that wrote it invented it: Language-only hallucination, cited
/// at that turn (the code's author for code, not the terminal that printed its output), quoting the statement and giving
/// the true factor. A factor written to fewer digits than it has (1 mile = 1.6 km) is rounded, not wrong: only one off
/// by more than 1% is read this way, and only between units whose sizes are fixed (lengths, masses, volumes, times).
/// </summary>
internal sealed partial class WrongFactorDetector : IDetector
{
    public const string DetectorId = "wrong-factor";

    // "1 mile = 1.852 km", "1 lb is 0.5 kg", "one mile equals 1.852 kilometres".
    [GeneratedRegex(@"(?<![0-9.,])\b(?:1|one)\s*(?<a>[A-Za-z]+)\s*(?:=|==|is|equals|≈|~)\s*(?<x>[0-9]+(?:\.[0-9]+)?)\s*(?<b>[A-Za-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OneIs();

    // A constant named for the factor: KM_PER_MILE = 1.852, LBS_PER_KG = 2.2.
    [GeneratedRegex(@"\b(?<b>[A-Za-z]+)_PER_(?<a>[A-Za-z]+)\s*=\s*(?<x>[0-9]+(?:\.[0-9]+)?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerConstant();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || turn.Text.Length == 0) continue;
            if (Wrong(turn.Text) is not { } wrong) continue;
            var (m, a, b, x, truth) = wrong;
            yield return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                string.Create(CultureInfo.InvariantCulture,
                    $"{turn.Agent ?? turn.Span.Name} states \"{m.Value}\": one {a} is {x} {b} there, where it is {Math.Round(truth, 6)} {b}. Every figure converted with it is off by the same ratio."),
                [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index))], 0.75) with { Basis = AttributionBasis.Inference, Explains = Worked(turns.All, turn) };
            yield break;
        }

        if (OtherVariant(context) is { } variant) yield return variant;
    }

    // What the factor worked out: the turn itself and the execution output that follows it.
    private static string[] Worked(IReadOnlyList<AgentTurn> turns, AgentTurn turn)
    {
        var at = turn.Position;
        return at + 1 < turns.Count && turns[at + 1].IsObservation ? [turn.Span.SpanId, turns[at + 1].Span.SpanId] : [turn.Span.SpanId];
    }

    // Units that come in variants of different sizes: the variant's words, and its size in a unit of the kind (litres, kg, km).
    private static readonly (string Unit, string Variant, string Words, decimal Size)[] Variants =
    [
        ("gallon", "imperial", "imperial|uk|british", 4.54609m),
        ("gallon", "US", "us|u\\.s\\.|american", 3.785411784m),
        ("pint", "imperial", "imperial|uk|british", 0.56826125m),
        ("pint", "US", "us|u\\.s\\.|american", 0.473176473m),
        ("quart", "imperial", "imperial|uk|british", 1.1365225m),
        ("quart", "US", "us|u\\.s\\.|american", 0.946352946m),
        ("ton", "long", "long|imperial|uk|british", 1016.0469088m),
        ("ton", "short", "short|us|u\\.s\\.|american", 907.18474m),
        ("mile", "nautical", "nautical|sea", 1.852m),
        ("mile", "statute", "statute|land|road", 1.609344m),
    ];

    [GeneratedRegex(@"(?<![\w.])[0-9]+\.[0-9]{2,}(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();

    /// <summary>
    /// A factor of one variant of a unit used where the run established the other: the task or an earlier turn says the
    /// quantity is in imperial gallons (nautical miles, long tons), and a turn converts gallons with the US gallon's
    /// 3.785411784 (or its inverse), while nothing before it says US gallons. Every figure converted is off by the ratio
    /// of the two: Language-only hallucination at that turn, quoting the factor and where the run named the variant.
    /// </summary>
    private Finding? OtherVariant(DetectionContext context)
    {
        var turns = context.Turns.All;
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            if (turn.IsObservation || turn.Text.Length == 0) continue;
            foreach (var used in Variants)
            {
                if (!turn.Text.Contains(used.Unit, StringComparison.OrdinalIgnoreCase)) continue;
                Match? factor = null;
                foreach (Match m in Decimal().Matches(turn.Text))
                {
                    if (!decimal.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || x <= 0) continue;
                    if (Math.Abs(x - used.Size) <= used.Size * 0.001m || Math.Abs(x * used.Size - 1m) <= 0.001m) { factor = m; break; }
                }

                if (factor is null) continue;
                foreach (var other in Variants)
                {
                    if (other.Unit != used.Unit || other.Variant == used.Variant) continue;
                    var named = Named(context, turns, i, other);
                    if (named is null || Named(context, turns, i + 1, used) is not null) continue;
                    // A step between that gave the figure on with the bare unit ("the Route 41 length as 14.2 miles") lost the
                    // variant there: the conversion only followed it.
                    if (Restated(turns, i, named, other) is { } restated)
                    {
                        var (by, at) = restated;
                        // What the factor worked out: the conversion and its output, and any later run of the same factor (a
                        // script fixed and run again).
                        var worked = turns.Skip(i).Where(t => !t.IsObservation && t.Text.Contains(factor.Value, StringComparison.Ordinal)).SelectMany(t => Worked(turns, t)).ToArray();
                        return context.CreateFinding(this, by.Span, "Tool Output Misinterpretation",
                            $"{by.Agent ?? by.Span.Name} gave the figure on as \"{at.Value}\", without the {other.Variant} of the source, and {turn.Agent ?? turn.Span.Name} converted it with the {used.Variant} {used.Unit}'s {factor.Value}. Every figure converted is off by the ratio of the two.",
                            [new Evidence(by.Span.SpanId, by.Source, ErrorText.LineAround(by.Text, at.Index)), named, new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, factor.Index))], 0.75)
                            with { Basis = AttributionBasis.Inference, Explains = worked };
                    }

                    return context.CreateFinding(this, turn.Span, "Language-only hallucination",
                        string.Create(CultureInfo.InvariantCulture,
                            $"{turn.Agent ?? turn.Span.Name} converts with {factor.Value}, the {used.Variant} {used.Unit}'s factor, where the run's figure is in {other.Variant} {used.Unit}s ({other.Size} to the {used.Unit}). Every figure converted with it is off by the same ratio."),
                        [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, factor.Index)), named], 0.75) with { Basis = AttributionBasis.Inference, Explains = Worked(turns, turn) };
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The last step of the team's own (not a worker's report of what it read) after the turn that named the variant and
    /// before the conversion that gives a figure with the unit, when it gives it bare ("14.2 miles"); null when it names
    /// the variant too ("convert 5,000 imperial gallons") or no step gives one.
    /// </summary>
    private static (AgentTurn By, Match At)? Restated(IReadOnlyList<AgentTurn> turns, int before, Evidence named, (string Unit, string Variant, string Words, decimal Size) variant)
    {
        var from = -1;
        for (var k = 0; k < before; k++)
        {
            if (turns[k].Span.SpanId == named.SpanId) { from = k; break; }
        }

        if (from < 0) return null;
        var bare = new Regex($@"\b\d[\d,.]*\s+(?:(?:{variant.Words})\.?\s+)?{variant.Unit}s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var qualified = new Regex($@"\b(?:{variant.Words})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        // The last step before the conversion that gives a figure with the unit decides: bare, it lost the variant; with
        // the variant's words, the converter was told.
        for (var k = before - 1; k > from; k--)
        {
            var t = turns[k];
            if (t.IsObservation) continue;
            var given = bare.Matches(t.Text);
            if (given.Count == 0) continue;
            var lastGiven = given[^1];
            return qualified.IsMatch(Requests.Sentence(t.Text, lastGiven.Index)) ? null : (t, lastGiven);
        }

        return null;
    }

    // Where the task or a turn before the given one names the variant with the unit ("5,000 imperial gallons").
    private static Evidence? Named(DetectionContext context, IReadOnlyList<AgentTurn> turns, int before, (string Unit, string Variant, string Words, decimal Size) variant)
    {
        var pattern = new Regex($@"\b(?:{variant.Words})\.?\s+(?:\w+\s+)?{variant.Unit}s?\b|\b{variant.Unit}s?\s*\((?:{variant.Words})\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (context.Turns.Task is { } task && !ReferenceEquals(task.Span, turns.Count > 0 ? null : task.Span) && pattern.Match(task.Text) is { Success: true } t)
        {
            return new Evidence(task.Span.SpanId, task.Source, ErrorText.LineAround(task.Text, t.Index));
        }

        for (var k = 0; k < before && k < turns.Count; k++)
        {
            if (pattern.Match(turns[k].Text) is { Success: true } m) return new Evidence(turns[k].Span.SpanId, turns[k].Source, ErrorText.LineAround(turns[k].Text, m.Index));
        }

        return null;
    }

    /// <summary>The first factor the text states wrong by more than 1%, with its units and the true factor.</summary>
    private static (Match Match, string A, string B, decimal X, decimal Truth)? Wrong(string text)
    {
        if (!text.Contains("_PER_", StringComparison.OrdinalIgnoreCase) && !text.Contains("1 ", StringComparison.Ordinal) && !text.Contains("one ", StringComparison.OrdinalIgnoreCase)) return null;
        if (!text.Contains('=', StringComparison.Ordinal) && !text.Contains(" is ", StringComparison.Ordinal) && !text.Contains("equals", StringComparison.Ordinal)) return null;
        foreach (var regex in (Regex[])[OneIs(), PerConstant()])
        {
            foreach (Match m in regex.Matches(text))
            {
                var a = RequestedUnitDetector.Canonical(m.Groups["a"].Value.ToLowerInvariant());
                var b = RequestedUnitDetector.Canonical(m.Groups["b"].Value.ToLowerInvariant());
                var kind = RequestedUnitDetector.DimensionOf(a);
                if (a == b || kind.Length == 0 || RequestedUnitDetector.DimensionOf(b) != kind) continue;
                if (!decimal.TryParse(m.Groups["x"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || x <= 0) continue;
                var truth = RequestedUnitDetector.Size(a) / RequestedUnitDetector.Size(b);
                if (Math.Abs(x - truth) > truth * 0.01m) return (m, a, b, x, truth);
            }
        }

        return null;
    }
}
