using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Build.Tasks;

/// <summary>One file's verdict and the length and last write time it was reached for.</summary>
internal readonly record struct TraceCheckEntry(string FullPath, long Length, long LastWriteUtcTicks, TraceCheckResult Result);

/// <summary>
/// The verdicts of the last build, kept in the intermediate folder as text: a header naming the check (its version and
/// the build of this assembly), then one line per file, <c>length TAB ticks TAB verdict TAB full path</c>. A file whose
/// length and last write time are unchanged keeps its verdict. The cache is only ever a shortcut: one that is missing,
/// unreadable, corrupt or written by another check is ignored (and rewritten), never an error.
/// </summary>
internal static class TraceCheckCache
{
    private const string Magic = "TraceRegress trace checks";

    /// <summary>The header: a cache written by another version of the check (or another build of it) is not trusted.</summary>
    public static string Header { get; } = Magic + " " + TraceCheckStamp.Version + " " + typeof(TraceCheckCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Reads the cache; empty (with why, for the build log) when there is none to trust.</summary>
    public static Dictionary<string, TraceCheckEntry> Load(string path, out string? ignored)
    {
        var entries = new Dictionary<string, TraceCheckEntry>(StringComparer.Ordinal);
        ignored = null;
        try
        {
            if (!System.IO.File.Exists(path)) return entries;
            using var reader = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
            if (!string.Equals(reader.ReadLine(), Header, StringComparison.Ordinal))
            {
                ignored = "written by another version of the check";
                return entries;
            }

            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (!TryParse(line, out var entry))
                {
                    ignored = "not in the expected form";
                    entries.Clear();
                    return entries;
                }

                entries[entry.FullPath] = entry;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException or NotSupportedException or ArgumentException)
        {
            ignored = e.GetType().Name + ": " + e.Message;
            entries.Clear();
        }

        return entries;
    }

    /// <summary>
    /// Writes the cache atomically: the text goes to a temporary file beside it, which then replaces the cache, so a
    /// build that stops half way leaves the old cache or the new one, never a mix. Returns why it could not, or null.
    /// </summary>
    public static string? Save(string path, IEnumerable<TraceCheckEntry> entries)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var text = new StringBuilder();
            text.Append(Header).Append('\n');
            foreach (var entry in entries) text.Append(Format(entry)).Append('\n');
            System.IO.File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            if (System.IO.File.Exists(path)) System.IO.File.Replace(temporary, path, destinationBackupFileName: null);
            else System.IO.File.Move(temporary, path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or PlatformNotSupportedException)
        {
            try
            {
                System.IO.File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Left behind in the intermediate folder; the next clean removes it.
            }

            return e.GetType().Name + ": " + e.Message;
        }
    }

    /// <summary>True when a path can be written on one line of the cache.</summary>
    public static bool CanHold(string fullPath) => fullPath.Length > 0 && fullPath.IndexOfAny(['\n', '\r']) < 0;

    private static string Format(TraceCheckEntry entry)
    {
        var verdict = entry.Result.Verdict switch
        {
            TraceVerdict.Passed => "passed:" + TraceCheckStamp.FormatName(entry.Result.Format),
            TraceVerdict.NotUtf8 => "not-utf8",
            _ => "failed",
        };
        return string.Join("\t", entry.Length.ToString(CultureInfo.InvariantCulture), entry.LastWriteUtcTicks.ToString(CultureInfo.InvariantCulture), verdict, entry.FullPath);
    }

    private static bool TryParse(string line, out TraceCheckEntry entry)
    {
        entry = default;
        var parts = line.Split(['\t'], 4);
        if (parts.Length != 4 || parts[3].Length == 0) return false;
        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return false;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return false;
        TraceCheckResult result;
        if (parts[2] == "failed") result = TraceCheckResult.Failed;
        else if (parts[2] == "not-utf8") result = TraceCheckResult.NotUtf8;
        else if (parts[2].StartsWith("passed:", StringComparison.Ordinal) && TraceCheckStamp.Passed(TraceCheckStamp.Version, parts[2].Substring("passed:".Length)) is { } format)
            result = new TraceCheckResult(TraceVerdict.Passed, format);
        else return false;

        entry = new TraceCheckEntry(parts[3], length, ticks, result);
        return true;
    }
}
