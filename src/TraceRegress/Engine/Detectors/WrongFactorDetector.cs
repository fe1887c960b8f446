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
    [GeneratedRegex(@"\b(?:1|one)\s*(?<a>[A-Za-z]+)\s*(?:=|==|is|equals|≈|~)\s*(?<x>[0-9]+(?:\.[0-9]+)?)\s*(?<b>[A-Za-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
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
                [new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index))], 0.75) with { Basis = AttributionBasis.Inference };
            yield break;
        }
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
