using System.CommandLine;
using TraceRegress.Redaction;

namespace TraceRegress.Cli.Commands;

/// <summary>The <c>--pattern</c> and <c>--redaction-config</c> options shared by <c>redact</c> and <c>import</c>.</summary>
internal sealed class RedactionSettings
{
    public Option<string[]> Patterns { get; } = new("--pattern")
    {
        Description = "A regular expression whose matches are secrets too (repeatable); only its group named 'secret' is masked when it has one.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Config { get; } = new("--redaction-config")
    {
        Description = "A JSON file: {\"patterns\": [\"regex\" or {\"name\", \"regex\"}], \"keys\": [\"attribute-name regex\"]}.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Patterns);
        command.Options.Add(Config);
    }

    public RedactionOptions Read(CliHost host, ParseResult parsed)
    {
        var options = new RedactionOptions();
        var config = parsed.GetValue(Config);
        if (config is not null)
        {
            var full = host.FullPath(config);
            if (!File.Exists(full)) throw new CliUsageException($"{config}: redaction config not found");
            options.AddConfigFile(full);
        }

        foreach (var pattern in parsed.GetValue(Patterns) ?? [])
        {
            try
            {
                options.AddPattern(pattern);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message);
            }
        }

        return options;
    }
}
