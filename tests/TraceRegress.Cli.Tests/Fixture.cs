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

/// <summary>
/// A scratch folder in which no file can be created. Permission bits alone do not stop an
/// administrator, so as root the folder is also made immutable (chattr +i); where neither works,
/// /proc, a folder no one can create files in, stands in for it.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly bool _immutable;

    public ReadOnlyFolder(params string[] filesToCopy)
    {
        foreach (var file in filesToCopy) File.Copy(file, _temp.Path(System.IO.Path.GetFileName(file)));
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("read-only folders are made with Unix permissions");
        File.SetUnixFileMode(_temp.Root, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (!CanCreateFileIn(_temp.Root))
        {
            Root = _temp.Root;
            return;
        }

        _immutable = Run("chattr", $"+i {_temp.Root}") && !CanCreateFileIn(_temp.Root);
        Root = _immutable ? _temp.Root : "/proc";
    }

    /// <summary>The read-only folder (the copied files are in it unless it is /proc).</summary>
    public string Root { get; }

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public void Dispose()
    {
        if (_immutable) Run("chattr", $"-i {_temp.Root}");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_temp.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _temp.Dispose();
    }

    private static bool CanCreateFileIn(string folder)
    {
        try
        {
            using var stream = new FileStream(System.IO.Path.Combine(folder, ".probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Run(string file, string arguments)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
