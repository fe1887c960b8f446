using System.Globalization;

namespace TraceRegress.Reliability.Tests;

/// <summary>
/// How much the reliability suite tries. The default is bounded so the suite fits CI's time budget, and
/// seeded so a failure reproduces; <c>TRACEREGRESS_RELIABILITY_SCALE=10</c> multiplies every count for a
/// longer soak, and <c>TRACEREGRESS_RELIABILITY_SEED</c> explores other inputs (or replays a reported seed).
/// </summary>
internal static class ReliabilitySettings
{
    public const string ScaleVariable = "TRACEREGRESS_RELIABILITY_SCALE";
    public const string SeedVariable = "TRACEREGRESS_RELIABILITY_SEED";
    public const int DefaultSeed = 20260519;

    /// <summary>The multiplier of every bounded count (at least 1).</summary>
    public static int Scale { get; } = ReadInt(ScaleVariable, 1, min: 1);

    /// <summary>The seed every random choice derives from.</summary>
    public static int Seed { get; } = ReadInt(SeedVariable, DefaultSeed, min: int.MinValue);

    /// <summary>Inputs each fuzzing property tries.</summary>
    public static int FuzzCases => 200 * Scale;

    /// <summary>Random span orders each determinism property tries.</summary>
    public static int SpanOrders => 1_000 * Scale;

    /// <summary>Concurrent writers, readers and crashes each approval-safety property tries.</summary>
    public static int ApprovalRounds => 20 * Scale;

    /// <summary>A random source for one property, stable for a seed and the property's name.</summary>
    public static Random RandomFor(string property)
    {
        // string.GetHashCode is randomised per process; a fixed hash keeps runs reproducible.
        var hash = 17;
        foreach (var c in property) hash = unchecked(hash * 31 + c);
        return new Random(unchecked(Seed * 397 ^ hash));
    }

    private static int ReadInt(string variable, int fallback, int min)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min ? value : fallback;
    }
}
