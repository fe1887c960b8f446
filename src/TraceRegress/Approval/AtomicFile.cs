using System.Text;

namespace TraceRegress.Approval;

/// <summary>
/// Writes a file so that readers see either the old content or the new, never a half-written file:
/// the content goes to a temporary file in the same folder (so the rename stays on one volume), is
/// flushed to disk, and then renamed over the target. A failed write leaves the target untouched and
/// removes the temporary file.
/// </summary>
internal static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        var bytes = Utf8NoBom.GetBytes(text);
        stream.Write(bytes);
    });

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);

        // A dot-prefixed name so globs like traces/**/*.json never pick the temporary file up.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another process holds it; it is a uniquely named temporary file that no glob picks up.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: leaving it does no harm beyond clutter.
        }
    }
}
