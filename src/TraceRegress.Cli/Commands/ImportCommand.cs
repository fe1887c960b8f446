using System.CommandLine;
using System.Globalization;
using TraceRegress.Cli.Corpus;
using TraceRegress.Formats;
using TraceRegress.Redaction;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// <c>import &lt;file&gt; --to &lt;corpus&gt; [--name …] [--no-redact] [--force]</c>: converts a trace of any supported
/// format to OTLP/JSON in the corpus, masking secrets on the way. Never overwrites a corpus file unless told to.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<string>("file") { Description = "The trace to import (OTLP/JSON or JSON Lines, flat spans, Jaeger, Zipkin, OpenInference, Langfuse, LangSmith)." };
        var to = new Option<string>("--to") { Description = "The corpus folder to import into.", Required = true };
        var name = new Option<string?>("--name") { Description = "The file name in the corpus, optionally with subfolders (default: the input's name with .json)." };
        var noRedact = new Option<bool>("--no-redact") { Description = "Keep secrets as they are (the trace may hold API keys, tokens and personal data)." };
        var force = new Option<bool>("--force") { Description = "Overwrite a trace of the same name in the corpus." };
        var settings = new RedactionSettings();
        var command = new Command("import", "Convert a trace of any supported format to OTLP/JSON in a corpus, redacting secrets.")
        {
            file, to, name, noRedact, force,
        };
        settings.AddTo(command);
        command.SetAction(parsed => Run(
            host,
            parsed.GetValue(file)!,
            parsed.GetValue(to)!,
            parsed.GetValue(name),
            parsed.GetValue(noRedact),
            parsed.GetValue(force),
            settings.Read(host, parsed)));
        return command;
    }

    private static int Run(CliHost host, string path, string corpus, string? name, bool noRedact, bool force, RedactionOptions options)
    {
        var corpusFolder = host.FullPath(corpus);
        if (File.Exists(corpusFolder)) throw new CliUsageException($"{corpus}: is a file, expected the corpus folder");
        var relative = TargetName(path, name);
        var target = Path.GetFullPath(Path.Combine(corpusFolder, relative));
        if (!IsInside(target, corpusFolder)) throw new CliUsageException($"--name {name}: must stay inside the corpus folder");
        if (Directory.Exists(target)) throw new CliUsageException($"{Shown(corpus, relative)}: is a folder, expected a trace file to write");
        if (File.Exists(target) && !force)
        {
            throw new CliUsageException($"{Shown(corpus, relative)} already exists in the corpus; use --force to overwrite it or --name to import under another name");
        }

        var trace = TraceFiles.Load(host, path);
        var bytes = OtlpJsonWriter.Write(trace);
        string summary;
        if (noRedact)
        {
            summary = "warning: --no-redact: secrets were kept; check the trace before committing it";
        }
        else
        {
            var result = new TraceRedactor(options).Redact(bytes, target);
            bytes = result.Utf8;
            summary = RedactCommand.Summary(result, null);
        }

        // What lands in the corpus must read back: a trace the tests cannot load is not written.
        var written = AgentTrace.Parse(bytes, target);

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        OutputFile.Write(target, bytes);
        host.Error.WriteLine(summary);
        host.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {path} ({trace.Format}, {written.Spans.Count} span(s)) → {Shown(corpus, relative)}"));
        return Cli.Success;
    }

    /// <summary>The name in the corpus: <c>--name</c> (with <c>.json</c> added when it has no extension) or the input's name with <c>.json</c>.</summary>
    private static string TargetName(string path, string? name)
    {
        if (name is null) return Path.GetFileNameWithoutExtension(path) + ".json";
        if (name.Trim().Length == 0) throw new CliUsageException("--name: expected a file name");
        if (Path.IsPathRooted(name)) throw new CliUsageException($"--name {name}: expected a name relative to the corpus folder");
        if (name.EndsWith('/') || name.EndsWith('\\')) throw new CliUsageException($"--name {name}: expected a file name, not a folder");
        if (name.EndsWith(".verified.json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".received.json", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--name {name}: .verified.json and .received.json names are kept for approvals");
        }

        return Path.HasExtension(name) ? name : name + ".json";
    }

    private static bool IsInside(string target, string folder)
    {
        var relative = Path.GetRelativePath(folder, target);
        return relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string Shown(string corpus, string relative) => Path.Combine(corpus, relative).Replace('\\', '/');
}
