namespace TraceRegress.Cli.Commands;

/// <summary>Reading trace files named on the command line, with one-line errors for the usual mistakes.</summary>
internal static class TraceFiles
{
    public static AgentTrace Load(CliHost host, string path)
    {
        var bytes = ReadAll(host, path);
        return AgentTrace.Parse(bytes, path);
    }

    public static byte[] ReadAll(CliHost host, string path)
    {
        var full = host.FullPath(path);
        if (Directory.Exists(full)) throw new CliUsageException($"{path}: is a folder, expected a trace file");
        if (!File.Exists(full)) throw new CliUsageException($"{path}: file not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot be read ({e.Message})");
        }

        // Exports are often saved compressed; "malformed JSON at 1,1" would not say why.
        if (bytes is [0x1F, 0x8B, ..]) throw new CliUsageException($"{path}: is gzip-compressed, expected a JSON trace; decompress it first (gunzip)");
        if (bytes is [(byte)'P', (byte)'K', 3, 4, ..]) throw new CliUsageException($"{path}: is a zip archive, expected a JSON trace; extract the trace file first");
        return bytes;
    }
}
