using System;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Parsing;

/// <summary>Where a corpus file sits in the corpus and what it is, from its path alone.</summary>
internal static partial class CorpusPaths
{
    /// <summary>
    /// The path inside the corpus with <c>/</c>, or null when the file is not inside it. Uses the
    /// absolute corpus directory when the project directory is known, else the last
    /// <c>/&lt;corpus folder&gt;/</c> segment of the path.
    /// </summary>
    public static string? RelativePath(string filePath, CorpusOptions options)
    {
        var path = filePath.Replace('\\', '/');
        if (options.CorpusDirectory.Length > 0)
        {
            var root = options.CorpusDirectory.Replace('\\', '/').TrimEnd('/') + "/";
            // Windows paths compare ignoring case; elsewhere a differently cased folder is another folder.
            var comparison = root.Length > 1 && root[1] == ':' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (path.StartsWith(root, comparison)) return Clean(path.Substring(root.Length));
        }

        var marker = "/" + options.CorpusFolder.Trim('/') + "/";
        var at = path.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : Clean(path.Substring(at + marker.Length));
    }

    /// <summary>The trace an approved or pending attribution belongs to, without extension (<c>a/b.verified.json</c> → <c>a/b</c>).</summary>
    public static string TraceStem(string relativePath)
    {
        var role = RoleOf(relativePath);
        if (role == CorpusFileRole.Verified) return relativePath.Substring(0, relativePath.Length - VerifiedSuffix.Length);
        if (role == CorpusFileRole.Received) return relativePath.Substring(0, relativePath.Length - ReceivedSuffix.Length);
        if (role == CorpusFileRole.JudgeRecording) return relativePath.Substring(0, relativePath.Length - JudgeRecordingSuffix.Length);
        var slash = relativePath.LastIndexOf('/');
        var dot = relativePath.LastIndexOf('.');
        return dot > slash + 1 ? relativePath.Substring(0, dot) : relativePath;
    }

    /// <summary>The folder part of a relative path; empty at the corpus root.</summary>
    public static string FolderOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath.Substring(0, slash);
    }

    private static string Clean(string relative)
    {
        // "./" segments and doubled separators come from hand-written include globs.
        var parts = relative.Split('/');
        var kept = new System.Collections.Generic.List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0 || part == ".") continue;
            kept.Add(part);
        }

        return string.Join("/", kept);
    }
}
