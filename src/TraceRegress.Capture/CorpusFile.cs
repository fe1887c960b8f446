using System.Text;
using TraceRegress.Redaction;

namespace TraceRegress.Capture;

/// <summary>
/// Saves a captured trace as a corpus file: OTLP/JSON, redacted the way <c>traceregress import</c> redacts
/// (API keys, tokens, passwords, e-mail addresses…), written in one step so a reader never sees half a file.
/// </summary>
public static class CorpusFile
{
    /// <summary>
    /// Writes OTLP/JSON bytes to <paramref name="corpusFolder"/>/<paramref name="name"/>.json (the name may hold
    /// sub-folders, <c>checkout/timeout-0519</c>; <c>.json</c> is added when missing).
    /// </summary>
    /// <param name="otlpJson">The trace document.</param>
    /// <param name="corpusFolder">The corpus folder (created when missing).</param>
    /// <param name="name">The trace's name inside the corpus.</param>
    /// <param name="redact">Mask secrets before writing (the default). Turn off only for traces that never leave the machine.</param>
    /// <param name="overwrite">Replace an existing file; otherwise an existing file is an error.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static string Save(byte[] otlpJson, string corpusFolder, string name, bool redact = true, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(otlpJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(corpusFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var relative = name.Replace('\\', '/').Trim('/');
        if (relative.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"'{name}' is not a trace name inside the corpus (no empty, '.' or '..' segments)", nameof(name));
        }

        if (!relative.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) relative += ".json";
        var path = Path.GetFullPath(Path.Combine(corpusFolder, relative));
        return SaveAt(otlpJson, path, redact, overwrite);
    }

    /// <summary>Writes OTLP/JSON bytes to exactly <paramref name="path"/>, redacted unless <paramref name="redact"/> is false.</summary>
    /// <returns>The full path written.</returns>
    public static string SaveAt(byte[] otlpJson, string path, bool redact = true, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(otlpJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = Path.GetFullPath(path);
        if (!overwrite && File.Exists(path))
        {
            throw new IOException($"'{path}' already exists; choose another name or pass overwrite: true");
        }

        var bytes = redact ? Encoding.UTF8.GetBytes(Redact(otlpJson, path)) : otlpJson;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }

        return path;
    }

    /// <summary>The document with secrets masked by the same rules as <c>traceregress import</c> and <c>redact</c>.</summary>
    public static string Redact(byte[] otlpJson, string sourceName) =>
        new TraceRedactor().Redact(otlpJson, sourceName).Text;
}
