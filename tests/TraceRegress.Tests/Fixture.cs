namespace TraceRegress.Tests;

/// <summary>Locates fixture files copied beside the test assembly.</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static AgentTrace Load(params string[] parts) => AgentTrace.Load(Path(parts));
}
