namespace TraceRegress.Cli.Commands;

/// <summary>Reading trace files named on the command line, with one-line errors for the usual mistakes.</summary>
internal static class TraceFiles
{
    public static Trace Load(CliHost host, string path)
    {
        var bytes = ReadAll(host, path);
        return Trace.Parse(bytes, path);
    }

    public static byte[] ReadAll(CliHost host, string path)
    {
        var full = host.FullPath(path);
        if (Directory.Exists(full)) throw new CliUsageException($"{path}: is a folder, expected a trace file");
        if (!File.Exists(full)) throw new CliUsageException($"{path}: file not found");
        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot be read ({e.Message})");
        }
    }
}
