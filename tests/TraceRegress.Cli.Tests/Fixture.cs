namespace TraceRegress.Cli.Tests;

/// <summary>Locates fixture files copied beside the test assembly.</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}

/// <summary>A scratch folder, deleted afterwards; optionally seeded with a copy of a fixture folder.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string? copyFrom = null)
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "traceregress-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (copyFrom is null) return;
        foreach (var file in Directory.EnumerateFiles(copyFrom, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Root, System.IO.Path.GetRelativePath(copyFrom, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not make a test wrong.
        }
    }
}
