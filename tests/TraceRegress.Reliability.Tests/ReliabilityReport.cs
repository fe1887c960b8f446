namespace TraceRegress.Reliability.Tests;

/// <summary>
/// Says how many cases a property tried, in the test's own output (IDE, trx) and on standard output,
/// which <c>dotnet test --logger "console;verbosity=normal"</c> shows as one <c>[reliability]</c> line per property.
/// </summary>
internal static class ReliabilityReport
{
    public static void Tried(ITestOutputHelper output, string property, int tried, string detail)
    {
        var line = $"[reliability] {property}: {tried:N0} cases tried ({detail}); seed {ReliabilitySettings.Seed}, " +
                   $"{ReliabilitySettings.ScaleVariable}={ReliabilitySettings.Scale}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
