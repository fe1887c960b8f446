namespace TraceRegress.Cli.Corpus;

/// <summary>Files the command writes where the user said: checked before any work, written atomically.</summary>
internal static class OutputFile
{
    /// <summary>
    /// The full path of an output named on the command line. Its folder must exist and accept new files
    /// (the write goes through a temporary file beside the target), and it must not be a folder.
    /// </summary>
    public static string Check(CliHost host, string path)
    {
        var full = host.FullPath(path);
        if (Directory.Exists(full)) throw new CliUsageException($"{path}: is a folder, expected a file to write");
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder)) throw new CliUsageException($"{path}: cannot write, the folder {folder} does not exist");
        ProbeWritable(path, folder);
        return full;
    }

    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes the whole file or nothing (a temporary file renamed over the target).</summary>
    public static void Write(string path, byte[] bytes)
    {
        try
        {
            Approval.AtomicFile.Write(path, stream => stream.Write(bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot write ({e.Message})");
        }
    }

    // Permission bits, read-only mounts and immutable folders all show up only when a file is created, so
    // one is: asking for the folder's mode would miss the last two and be wrong for an administrator.
    private static void ProbeWritable(string path, string folder)
    {
        var probe = Path.Combine(folder, $".traceregress-{Guid.NewGuid():N}.tmp");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot write in {folder} ({e.Message})");
        }
    }
}
