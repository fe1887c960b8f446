using System.Globalization;

namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>
/// How much fuzzing a run does. The default keeps the suite inside CI's time budget and is seeded,
/// so a failure reproduces; <c>TRACEREGRESS_FUZZ_CASES</c> raises the case count for a longer soak and
/// <c>TRACEREGRESS_FUZZ_SEED</c> explores other inputs (or replays a reported seed).
/// </summary>
internal static class FuzzSettings
{
    public const string CasesVariable = "TRACEREGRESS_FUZZ_CASES";
    public const string SeedVariable = "TRACEREGRESS_FUZZ_SEED";
    public const int DefaultCases = 200;
    public const int DefaultSeed = 20260519;

    /// <summary>Inputs each property tries.</summary>
    public static int Cases { get; } = ReadInt(CasesVariable, DefaultCases, min: 1);

    /// <summary>The seed every random choice derives from.</summary>
    public static int Seed { get; } = ReadInt(SeedVariable, DefaultSeed, min: int.MinValue);

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
