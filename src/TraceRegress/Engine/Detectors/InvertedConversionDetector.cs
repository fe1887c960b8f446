using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A quantity given in two units of the same kind side by side ("Total distance: 193.8 km" and "Total distance: 311.9
/// miles"), where the second is the first converted the wrong way round: multiplied by the factor between the units
/// where it should be divided (193.8 × 1.609344 = 311.9, where 193.8 ÷ 1.609344 = 120.4). Units of the same kind are
/// compared by their sizes (<see cref="RequestedUnitDetector"/>), and the pair must match the inverted factor within
/// the precision the figures are written to and not the right one. Cited where the conversion was written: the code a
/// printout ran (the first script that wrote the factor, when a failed run was fixed and run again), or the turn that
/// stated the pair. Incorrect Problem Identification: everything computed from it carried the wrong figure.
/// </summary>
internal sealed partial class InvertedConversionDetector : IDetector
{
    public const string DetectorId = "inverted-conversion";

    // A decimal number as code or text writes it: a factor between units has three significant digits or more.
    [GeneratedRegex(@"(?<![\w.])\d*\.\d{2,}(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        foreach (var turn in turns.All)
        {
            if (ReferenceEquals(turn, turns.TaskTurn)) continue;
            if (Inverted(context, turn.Text) is not { } pair) continue;
            var (from, to, factor) = pair;
            // Where the conversion was written: the code the printout ran, back to the first script that wrote the factor.
            var writer = turn;
            Evidence? code = null;
            if (turn.IsExecutionOutput && turns.CodeAuthor(turn) is { } author)
            {
                writer = author;
                for (var i = 0; i < author.Position; i++)
                {
                    var t = turns.All[i];
                    if (t.IsObservation || ReferenceEquals(t, turns.TaskTurn) || !string.Equals(t.Agent, author.Agent, StringComparison.Ordinal)) continue;
                    if (FactorAt(t.Text, factor) >= 0)
                    {
                        writer = t;
                        break;
                    }
                }

                if (FactorAt(writer.Text, factor) is >= 0 and var at) code = new Evidence(writer.Span.SpanId, writer.Source, ErrorText.LineAround(writer.Text, at));
            }

            var evidence = new List<Evidence>();
            if (code is not null) evidence.Add(code);
            evidence.Add(new Evidence(turn.Span.SpanId, turn.Source, from.Written));
            evidence.Add(new Evidence(turn.Span.SpanId, turn.Source, to.Written));
            var right = from.Value * factor;
            // The factor as people write it (1.609344, not 0.621371): the right conversion multiplies by it when the
            // first unit is the larger.
            var (written, wrongWay, rightWay) = factor >= 1m ? (factor, "divided", "multiplying") : (1m / factor, "multiplied", "dividing");
            yield return context.CreateFinding(this, writer.Span, "Incorrect Problem Identification",
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{writer.Agent ?? writer.Span.Name} converted {from.Written} the wrong way round: {to.Written} is {from.Written} {wrongWay} by {Math.Round(written, 6)}, where {rightWay} gives {Math.Round(right, 1)} {to.Dimension}."),
                evidence, 0.7) with { Basis = AttributionBasis.Inference };
            yield break;
        }
    }

    /// <summary>
    /// The first pair of figures in the text, within two lines of each other, in two units of the same kind, where the
    /// second is the first converted with the factor inverted; with that factor. Null when there is none.
    /// </summary>
    private static (Fact From, Fact To, decimal Factor)? Inverted(DetectionContext context, string text)
    {
        List<Fact>? measured = null;
        foreach (var f in context.Facts.FactsOf(text))
        {
            if (f.Kind != FactKind.Number || f.Value <= 0 || RequestedUnitDetector.DimensionOf(f.Dimension).Length == 0) continue;
            (measured ??= []).Add(f);
        }

        if (measured is null || measured.Count < 2) return null;
        for (var i = 0; i + 1 < measured.Count; i++)
        {
            var a = measured[i];
            var b = measured[i + 1];
            if (a.Dimension == b.Dimension || RequestedUnitDetector.DimensionOf(a.Dimension) != RequestedUnitDetector.DimensionOf(b.Dimension)) continue;
            if (LinesBetween(text, a.Index, b.Index) > 1) continue;
            var ratio = RequestedUnitDetector.Size(a.Dimension) / RequestedUnitDetector.Size(b.Dimension);
            // Units of nearly one size say nothing about the direction.
            if (ratio is > 0.8m and < 1.25m) continue;
            var right = a.Value * ratio;
            var wrong = a.Value / ratio;
            // The slack of the figures as written: half a unit of the last digit of each, the first's carried through the
            // inverted factor.
            var slack = b.Precision + a.Precision / ratio;
            if (Math.Abs(b.Value - wrong) <= slack && Math.Abs(b.Value - right) > slack) return (a, b, ratio);
        }

        return null;
    }

    private static int LinesBetween(string text, int from, int to)
    {
        var lines = 0;
        for (var i = from; i < to && i < text.Length; i++)
        {
            if (text[i] == '\n') lines++;
        }

        return lines;
    }

    /// <summary>Where the text writes the factor between two units, or its inverse, to three significant digits or more; -1 when it does not.</summary>
    private static int FactorAt(string text, decimal factor)
    {
        foreach (Match m in DecimalNumber().Matches(text))
        {
            if (!decimal.TryParse(m.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0) continue;
            if (m.Value.Count(char.IsAsciiDigit) - m.Value.TakeWhile(c => c is '0' or '.').Count(char.IsAsciiDigit) < 3) continue;
            if (Math.Abs(n - factor) <= factor * 0.001m || Math.Abs(n * factor - 1m) <= 0.001m) return m.Index;
        }

        return -1;
    }
}
