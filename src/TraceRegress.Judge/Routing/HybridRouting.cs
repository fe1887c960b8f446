using System.Globalization;

namespace TraceRegress.Judge.Routing;

/// <summary>
/// Decides whether the rules' attribution stands or the judge is asked. The rules stand when their cited
/// finding rests on an explicit error signal (a status code, an exception, an error payload, a limit reached)
/// with enough confidence; the judge reads the rest: no failure found, findings inferred from content
/// (a loop, output that breaks a format, a claim no tool supports), and anything unsure.
/// </summary>
internal static class HybridRouting
{
    // Detectors whose findings are inferences from content rather than an error the trace itself reports.
    private static readonly HashSet<string> InferringDetectors = new(StringComparer.Ordinal)
    {
        "repeated-tool-call",
        "output-format",
        "unsupported-fact",
    };

    public static Route Decide(Attribution rules, double minimumConfidence)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!rules.FailureFound) return new Route(JudgePath.Judge, "the rules found no explicit error signal");
        if (!RestsOnExplicitError(rules))
        {
            return new Route(JudgePath.Judge, $"the rules' finding ({rules.Detector}) is inferred from content, not an explicit error signal");
        }

        if (rules.Confidence < minimumConfidence)
        {
            return new Route(JudgePath.Judge, string.Create(CultureInfo.InvariantCulture,
                $"the rules' finding ({rules.Detector}) has low confidence ({rules.Confidence:0.00} < {minimumConfidence:0.00})"));
        }

        return new Route(JudgePath.Rules, string.Create(CultureInfo.InvariantCulture,
            $"the rules found an explicit error signal ({rules.Detector}, confidence {rules.Confidence:0.00})"));
    }

    /// <summary>
    /// Whether the cited finding rests on error evidence the trace reports (or on the expected answer the caller
    /// gave): the attribution's <see cref="Attribution.Basis"/>. Ungrounded content and an inferred origin go to the
    /// judge, and so do the content detectors' findings whatever basis an older engine reported for them.
    /// </summary>
    internal static bool RestsOnExplicitError(Attribution rules) =>
        rules.Basis is AttributionBasis.ErrorEvidence or AttributionBasis.ExpectedAnswer
        && rules.Detector is { } detector && !InferringDetectors.Contains(detector);
}

/// <summary>The path taken and why.</summary>
internal sealed record Route(JudgePath Path, string Reason);
