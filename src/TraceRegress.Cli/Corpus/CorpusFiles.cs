using TraceRegress.Approval;

namespace TraceRegress.Cli.Corpus;

/// <summary>Finding a corpus folder and the trace files in it (approval files beside them are not traces).</summary>
internal static class CorpusFiles
{
    /// <summary>The default corpus: <c>./traces</c> when it exists, else the working folder.</summary>
    public static string DefaultFolder(string workingDirectory)
    {
        var traces = Path.Combine(workingDirectory, "traces");
        return Directory.Exists(traces) ? traces : workingDirectory;
    }

    /// <summary>The corpus folder named on the command line (or the default), which must exist.</summary>
    public static string Resolve(CliHost host, string? argument)
    {
        var folder = argument is null ? DefaultFolder(host.WorkingDirectory) : host.FullPath(argument);
        if (File.Exists(folder)) throw new CliUsageException($"{argument}: is a file, expected a corpus folder");
        if (!Directory.Exists(folder)) throw new CliUsageException($"{argument ?? folder}: corpus folder not found");
        return folder;
    }

    /// <summary>The trace files under a folder, in ordinal order of their relative paths.</summary>
    public static IReadOnlyList<string> Traces(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return Directory.EnumerateFiles(folder, "*", options)
            .Where(f => ApprovalFiles.IsTraceFile(f) && !IsBuildOutput(folder, f) && !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => Relative(folder, f), StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The <c>.received.json</c> files under a folder, in ordinal order, leaving out copies in bin/ and obj/.</summary>
    public static IReadOnlyList<string> Received(string folder) =>
        Acceptance.FindReceived(folder).Where(f => !IsBuildOutput(folder, f)).ToArray();

    /// <summary>A path relative to the corpus with forward slashes, as shown to users and used in test names.</summary>
    public static string Relative(string folder, string path) =>
        Path.GetRelativePath(folder, path).Replace('\\', '/');

    // A corpus inside a project folder must not pick up copies in bin/ and obj/.
    private static bool IsBuildOutput(string folder, string file)
    {
        var segments = Relative(folder, file).Split('/');
        return segments[..^1].Any(s => s is "bin" or "obj");
    }
}
