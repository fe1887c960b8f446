using System.CommandLine;

namespace TraceRegress.Cli.Commands;

/// <summary>
/// A misspelt option (<c>--jsno</c>) lands in a free file or folder argument, and would be reported as
/// "file not found". A word that starts with '-' and names nothing on disk is reported as the unknown
/// option it is; a real file named like an option can still be given.
/// </summary>
internal static class OptionLikeArguments
{
    public static T RejectUnknownOptions<T>(this T argument, CliHost host)
        where T : Argument
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var word = token.Value;
                if (word.Length < 2 || word[0] != '-') continue;
                var full = host.FullPath(word);
                if (File.Exists(full) || Directory.Exists(full)) continue;
                result.AddError($"unknown option '{word}' (a file named so would be given as ./{word})");
            }
        });
        return argument;
    }
}
