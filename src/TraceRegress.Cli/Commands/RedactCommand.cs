using System.CommandLine;
using System.Globalization;
using TraceRegress.Cli.Corpus;
using TraceRegress.Formats;
using TraceRegress.Redaction;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>redact &lt;trace&gt; [-o out]</c>: masks secrets in a trace file, keeping its format and every byte
/// that is not a secret. Rewrites the trace in place, or writes to <c>out</c> (<c>-o -</c>: standard output).
/// </summary>
internal static class RedactCommand
{
    /// <summary>The output name that means standard output.</summary>
    public const string StandardOutput = "-";

    public static Command Create(CliHost host)
    {
        var trace = new Argument<string>("trace") { Description = "The trace file (any supported format)." }.RejectUnknownOptions(host);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the redacted trace to this file instead of rewriting the trace in place ('-' for standard output).",
        };
        var settings = new RedactionSettings();
        var command = new Command("redact", "Mask API keys, tokens, passwords, e-mail addresses and your own patterns in a trace, in place or to a new file, deterministically.")
        {
            trace, output,
        };
        settings.AddTo(command);
        command.SetAction(parsed => Run(host, parsed.GetValue(trace)!, parsed.GetValue(output), settings.Read(host, parsed)));
        return command;
    }

    private static int Run(CliHost host, string path, string? output, RedactionOptions options)
    {
        var bytes = TraceFiles.ReadAll(host, path);

        // Where to write is checked before redacting: a read-only folder is reported without any work done.
        var target = output == StandardOutput ? null : OutputFile.Check(host, output ?? path);

        // Only traces are redacted: a file of no known format is an error here, not silently passed through.
        // Detection reads the start of the document, as loading does; the redactor reads all of it and
        // reports malformed JSON with its position. Placeholders replace only the content of strings, so
        // the result is the same JSON with the same structure: it is not loaded again.
        TraceReaders.Detect(new TraceInput(bytes, path), out _);
        var result = new TraceRedactor(options).Redact(bytes, path);
        var redacted = result.Utf8;

        if (target is null)
        {
            host.Out.Write(result.Text);
            host.Out.Flush();
        }
        else if (output is not null || result.Total > 0)
        {
            // In place, a trace with nothing to mask is left alone (same bytes, same timestamp).
            OutputFile.Write(target, redacted);
        }

        host.Error.WriteLine(target is not null && output is null && result.Total == 0
            ? $"redacted nothing: no secrets found, {path} left unchanged"
            : Summary(result, target));
        return Cli.Success;
    }

    internal static string Summary(RedactionResult result, string? target)
    {
        var where = target is null ? "" : $" → {target}";
        if (result.Total == 0) return $"redacted nothing: no secrets found{where}";
        var kinds = result.Counts.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} ×{k.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"redacted {result.Total} secret(s): {string.Join(", ", kinds)}{where}");
    }
}
