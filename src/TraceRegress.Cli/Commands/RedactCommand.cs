using System.CommandLine;
using System.Globalization;
using System.Text;
using TraceRegress.Cli.Corpus;
using TraceRegress.Redaction;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>redact &lt;trace&gt; [-o out | --in-place]</c>: masks secrets in a trace file, keeping its format and
/// every byte that is not a secret. Writes to standard output unless told otherwise.
/// </summary>
internal static class RedactCommand
{
    public static Command Create(CliHost host)
    {
        var trace = new Argument<string>("trace") { Description = "The trace file (any supported format)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the redacted trace to this file." };
        var inPlace = new Option<bool>("--in-place") { Description = "Overwrite the trace file itself." };
        var settings = new RedactionSettings();
        var command = new Command("redact", "Mask API keys, tokens, passwords, e-mail addresses and your own patterns in a trace, deterministically.")
        {
            trace, output, inPlace,
        };
        settings.AddTo(command);
        command.SetAction(parsed => Run(host, parsed.GetValue(trace)!, parsed.GetValue(output), parsed.GetValue(inPlace), settings.Read(host, parsed)));
        return command;
    }

    private static int Run(CliHost host, string path, string? output, bool inPlace, RedactionOptions options)
    {
        if (inPlace && output is not null) throw new CliUsageException("use either --in-place or --output, not both");
        var target = inPlace ? host.FullPath(path) : output is null ? null : OutputFile.Check(host, output);
        var bytes = TraceFiles.ReadAll(host, path);

        // Only traces are redacted: a file of no known format is an error here, not silently passed through.
        Trace.Parse(bytes, path);
        var result = new TraceRedactor(options).Redact(bytes, path);
        var redacted = Encoding.UTF8.GetBytes(result.Text);

        // The placeholders are plain text inside strings: if the result no longer reads, nothing is written.
        Trace.Parse(redacted, path + " (redacted)");

        if (target is null)
        {
            host.Out.Write(result.Text);
            host.Out.Flush();
        }
        else
        {
            OutputFile.Write(target, redacted);
        }

        host.Error.WriteLine(Summary(result, target));
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
