namespace TraceRegress.Tests.Approval;

/// <summary>A folder under the system temp folder, removed when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "traceregress-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies an approval fixture into the folder and returns its new path.</summary>
    public string CopyFixture(string name, string? as_ = null)
    {
        var target = File(as_ ?? name);
        System.IO.File.Copy(Fixture.Path("approval", name), target, overwrite: true);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files do not change a test's result.
        }
    }
}
