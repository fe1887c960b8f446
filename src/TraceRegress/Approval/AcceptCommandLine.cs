using System.Text.Json;

namespace TraceRegress.Approval;

/// <summary>
/// The accept command a failure message prints, as the user will type it: <c>dotnet traceregress accept …</c>
/// when a tool manifest (<c>.config/dotnet-tools.json</c> or <c>dotnet-tools.json</c>) up the folder tree lists
/// traceregress as a local tool, <c>traceregress accept …</c> otherwise (the global tool). The corpus path is
/// normalised (no <c>..</c> segments) and made relative to the current directory when the corpus is under it,
/// else to the repository root (the nearest folder holding <c>.git</c>); only outside both is it absolute.
/// </summary>
internal static class AcceptCommandLine
{
    public const string ToolCommand = "traceregress";

    /// <summary>The command and, when the path is relative to the repository root rather than the current directory, that root.</summary>
    public sealed record Command(string Text, string? RunFrom);

    public static Command For(string corpusDirectory, string? currentDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(corpusDirectory);
        var corpus = Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpusDirectory));
        var current = Path.TrimEndingDirectorySeparator(Path.GetFullPath(currentDirectory ?? Directory.GetCurrentDirectory()));

        string path;
        string? runFrom = null;
        if (IsUnder(corpus, current))
        {
            path = Relative(current, corpus);
        }
        else if (RepositoryRoot(corpus) is { } root)
        {
            path = Relative(root, corpus);
            runFrom = root;
        }
        else
        {
            path = corpus;
        }

        var tool = IsLocalTool(corpus) ? "dotnet " + ToolCommand : ToolCommand;
        return new Command($"{tool} accept {Quote(path)}", runFrom);
    }

    /// <summary>True when a tool manifest in the folder or one of its ancestors lists the traceregress command.</summary>
    public static bool IsLocalTool(string directory)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(directory)); folder is not null; folder = folder.Parent)
        {
            foreach (var manifest in (ReadOnlySpan<string>)[Path.Combine(folder.FullName, ".config", "dotnet-tools.json"), Path.Combine(folder.FullName, "dotnet-tools.json")])
            {
                if (File.Exists(manifest) && ListsTraceRegress(manifest)) return true;
            }
        }

        return false;
    }

    /// <summary>The nearest folder at or above <paramref name="directory"/> holding <c>.git</c> (a folder, or a file in a worktree).</summary>
    public static string? RepositoryRoot(string directory)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(directory)); folder is not null; folder = folder.Parent)
        {
            var git = Path.Combine(folder.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return Path.TrimEndingDirectorySeparator(folder.FullName);
        }

        return null;
    }

    private static bool ListsTraceRegress(string manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Object) return false;
            foreach (var tool in tools.EnumerateObject())
            {
                if (tool.Value.ValueKind != JsonValueKind.Object || !tool.Value.TryGetProperty("commands", out var commands) || commands.ValueKind != JsonValueKind.Array) continue;
                foreach (var command in commands.EnumerateArray())
                {
                    if (command.ValueKind == JsonValueKind.String && string.Equals(command.GetString(), ToolCommand, StringComparison.OrdinalIgnoreCase)) return true;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // A manifest that cannot be read lists nothing we can rely on; the global form is shown.
        }

        return false;
    }

    private static bool IsUnder(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.Equals(folder, comparison)
               || path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, comparison);
    }

    private static string Relative(string from, string to)
    {
        var relative = Path.GetRelativePath(from, to).Replace('\\', '/');
        return relative.Length == 0 ? "." : relative;
    }

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '&' or ';' or '(' or ')') ? $"\"{path}\"" : path;
}
