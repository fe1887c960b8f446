using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Build.Tasks;

/// <summary>
/// Checks the corpus traces before the compiler runs, so the source generator does not read them on every build.
/// Each AdditionalFiles item marked <c>TraceRegressKind="trace"</c> that is a trace (not an approval or sidecar file)
/// is checked with the generator's own validator, unless the cache says it was checked at its current length and last
/// write time. A trace that passed gets <c>TraceRegressChecked</c> and <c>TraceRegressFormat</c>, which the generator
/// reads through the compiler's analyzer config and then builds the trace's model without opening the file. A trace that
/// did not pass gets nothing: the generator reads it and reports it as always. Nothing here fails the build.
/// </summary>
public sealed class CheckCorpusTraces : Task
{
    // A file written this recently may still change within the file system's timestamp resolution without its
    // timestamp moving; its verdict is used for this build but not kept.
    private static readonly TimeSpan RecentWrite = TimeSpan.FromSeconds(2);

    /// <summary>Every AdditionalFiles item of the project, in order.</summary>
    [Required]
    public ITaskItem[] AdditionalFiles { get; set; } = [];

    /// <summary>The cache file, in the project's intermediate folder.</summary>
    [Required]
    public string CacheFile { get; set; } = string.Empty;

    /// <summary>The same items in the same order, the traces that passed with their stamp.</summary>
    [Output]
    public ITaskItem[] Result { get; set; } = [];

    /// <summary>How many traces were read and checked in this build.</summary>
    [Output]
    public int CheckedCount { get; set; }

    /// <summary>How many traces kept the verdict of an earlier build.</summary>
    [Output]
    public int ReusedCount { get; set; }

    /// <summary>How many traces were stamped as good.</summary>
    [Output]
    public int StampedCount { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var cached = TraceCheckCache.Load(CacheFile, out var ignored);
        if (ignored is not null) Log.LogMessage(MessageImportance.Low, "TraceRegress: the trace check cache {0} is ignored and rewritten ({1}).", CacheFile, ignored);

        var kept = new Dictionary<string, TraceCheckEntry>(StringComparer.Ordinal);
        var verdicts = new Dictionary<string, TraceCheckResult>(StringComparer.Ordinal);
        var changed = ignored is not null;
        var now = DateTime.UtcNow;
        var result = new ITaskItem[AdditionalFiles.Length];
        for (var i = 0; i < AdditionalFiles.Length; i++)
        {
            var item = AdditionalFiles[i];
            result[i] = item;
            if (!IsTrace(item)) continue;

            var fullPath = FullPathOf(item);
            if (fullPath is null) continue;
            if (!verdicts.TryGetValue(fullPath, out var verdict))
            {
                var found = Check(fullPath, cached, now, out var entry, out var reused);
                if (found is null) continue;
                verdict = found.Value;
                verdicts[fullPath] = verdict;
                if (reused) ReusedCount++;
                else CheckedCount++;
                if (entry is { } keep)
                {
                    kept[fullPath] = keep;
                    if (!reused) changed = true;
                }
            }

            if (verdict.Verdict != TraceVerdict.Passed) continue;
            var stamped = new TaskItem(item);
            stamped.SetMetadata(TraceCheckStamp.CheckedMetadata, TraceCheckStamp.Version);
            stamped.SetMetadata(TraceCheckStamp.FormatMetadata, TraceCheckStamp.FormatName(verdict.Format));
            result[i] = stamped;
            StampedCount++;
        }

        Result = result;

        // Deleted or renamed traces drop out of the cache with the next write.
        if (changed || kept.Count != cached.Count)
        {
            var problem = TraceCheckCache.Save(CacheFile, kept.Values);
            if (problem is not null) Log.LogMessage(MessageImportance.Low, "TraceRegress: the trace check cache {0} was not written ({1}); the next build checks again.", CacheFile, problem);
        }

        Log.LogMessage(MessageImportance.Normal, "TraceRegress: {0} corpus trace(s) checked, {1} unchanged since an earlier build, {2} stamped for the generator.", CheckedCount, ReusedCount, StampedCount);
        return true;
    }

    /// <summary>A corpus trace: marked as part of the corpus, and by its name neither an approval nor a sidecar file.</summary>
    private static bool IsTrace(ITaskItem item) =>
        string.Equals(item.GetMetadata("TraceRegressKind").Trim(), "trace", StringComparison.OrdinalIgnoreCase)
        && CorpusPaths.RoleOf(item.ItemSpec.Replace('\\', '/')) == CorpusFileRole.Trace;

    /// <summary>The item's full path, or null when it is not a valid path (the compiler reports that file).</summary>
    private string? FullPathOf(ITaskItem item)
    {
        try
        {
            return item.GetMetadata("FullPath");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Log.LogMessage(MessageImportance.Low, "TraceRegress: {0} was not checked ({1}); the generator reads it.", item.ItemSpec, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The verdict on one file, from the cache when its length and write time match, else by reading it. Null when the
    /// file cannot be read now (the compiler and the generator report that). <paramref name="entry"/> is what to keep.
    /// </summary>
    private TraceCheckResult? Check(string fullPath, Dictionary<string, TraceCheckEntry> cached, DateTime now, out TraceCheckEntry? entry, out bool reused)
    {
        entry = null;
        reused = false;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists) return null;
            var length = info.Length;
            var written = info.LastWriteTimeUtc;
            if (cached.TryGetValue(fullPath, out var before) && before.Length == length && before.LastWriteUtcTicks == written.Ticks)
            {
                entry = before;
                reused = true;
                return before.Result;
            }

            var checkedNow = TraceCheck.File(fullPath);
            info.Refresh();
            var settled = info.Exists && info.Length == length && info.LastWriteTimeUtc == written && now - written > RecentWrite;
            if (settled && TraceCheckCache.CanHold(fullPath)) entry = new TraceCheckEntry(fullPath, length, written.Ticks, checkedNow);
            return checkedNow;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Log.LogMessage(MessageImportance.Low, "TraceRegress: {0} was not checked ({1}); the generator reads it.", fullPath, e.Message);
            return null;
        }
    }
}
