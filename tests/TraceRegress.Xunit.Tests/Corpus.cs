using TraceRegress.Approval;

namespace TraceRegress.Xunit.Tests;

/// <summary>
/// A throwaway copy of the test corpus laid out as a test project has it: the source folder
/// (<c>src/traces</c>) and the copy beside the test assembly (<c>bin/traces</c>).
/// </summary>
internal sealed class Corpus : IDisposable
{
    public const string Folder = "traces";

    public Corpus(bool copyToOutput = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "traceregress-tests", Guid.NewGuid().ToString("N"));
        SourceDirectory = Path.Combine(Root, "src", Folder);
        BaseDirectory = Path.Combine(Root, "bin");
        Copy(Path.Combine(AppContext.BaseDirectory, Folder), SourceDirectory);
        Directory.CreateDirectory(BaseDirectory);
        if (copyToOutput) Copy(Path.Combine(AppContext.BaseDirectory, Folder), Path.Combine(BaseDirectory, Folder));
    }

    public string Root { get; }

    public string SourceDirectory { get; }

    public string BaseDirectory { get; }

    public string Source(string relative) => Path.Combine(SourceDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Copied(string relative) => Path.Combine(BaseDirectory, Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    public static ApprovalEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value);

    /// <summary>Runs the corpus test for one trace as the generated test does, with a given environment.</summary>
    public void Verify(string relativePath, ApprovalEnvironment? environment = null) =>
        AttributionFailure.Report(Testing.TraceChecks.CorpusTrace(relativePath, Folder, SourceDirectory, AttributionEngine.Current, environment ?? Environment(), BaseDirectory));

    public IEnumerable<string> TemporaryFiles() =>
        Directory.EnumerateFiles(Root, "*" + AtomicFile.TempSuffix, SearchOption.AllDirectories);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result is what matters.
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(ApprovalFiles.ReceivedSuffix, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
