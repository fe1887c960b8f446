namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>
/// Says how many inputs a property tried, both in the test's own output and on the console, so the
/// count shows in <c>dotnet test</c> output as well as in IDE test results.
/// </summary>
internal static class FuzzReport
{
    public static void Tried(ITestOutputHelper output, string property, int tried, string detail)
    {
        var line = $"[fuzz] {property}: {tried} inputs tried ({detail}); seed {FuzzSettings.Seed}, " +
                   $"{FuzzSettings.CasesVariable}={FuzzSettings.Cases}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
