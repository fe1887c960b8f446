using System;
using System.Globalization;
using System.IO;
using Microsoft.CodeAnalysis.Diagnostics;
using TraceRegress.Generators.Emit;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Inputs;

/// <summary>Reads the <c>TraceRegress_*</c> MSBuild properties (declared as CompilerVisibleProperty) into <see cref="CorpusOptions"/>.</summary>
internal static class CorpusOptionsReader
{
    public const string DefaultCorpusFolder = "traces";

    public static CorpusOptions Read(AnalyzerConfigOptionsProvider provider)
    {
        var global = provider.GlobalOptions;
        var corpusFolder = Value(global, "build_property.TraceRegress_CorpusFolder") ?? DefaultCorpusFolder;
        corpusFolder = corpusFolder.Replace('\\', '/').Trim('/');
        if (corpusFolder.StartsWith("./", StringComparison.Ordinal)) corpusFolder = corpusFolder.Substring(2);
        if (corpusFolder.Length == 0) corpusFolder = DefaultCorpusFolder;

        var projectDir = Value(global, "build_property.ProjectDir") ?? Value(global, "build_property.MSBuildProjectDirectory");
        var corpusDirectory = projectDir is null ? string.Empty : CorpusDirectory(projectDir, corpusFolder);

        var framework = (Value(global, "build_property.TraceRegress_Framework") ?? Value(global, "build_property.TraceRegressFramework") ?? "auto").ToLowerInvariant();

        var shardCount = ShardKey.DefaultCount;
        string? shardProblem = null;
        if (Value(global, "build_property.TraceRegressShardCount") is { } shards)
        {
            if (int.TryParse(shards, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= ShardKey.MaxCount) shardCount = count;
            else shardProblem = $"TraceRegressShardCount is '{shards}'; expected a whole number from 1 to {ShardKey.MaxCount.ToString(CultureInfo.InvariantCulture)}, so {ShardKey.DefaultCount.ToString(CultureInfo.InvariantCulture)} shards are used";
        }

        var ns = Value(global, "build_property.TraceRegress_Namespace");
        if (ns is null)
        {
            var root = Value(global, "build_property.RootNamespace");
            ns = root is null ? "TraceRegress.Corpus" : root + ".Corpus";
        }

        return new CorpusOptions(corpusFolder, corpusDirectory, framework, TestNames.Namespace(ns), shardCount, shardProblem);
    }

    private static string CorpusDirectory(string projectDir, string corpusFolder)
    {
        // Keep the platform's separators: the path is handed back to the file system at test time.
        var separator = projectDir.IndexOf('\\') >= 0 && projectDir.IndexOf('/') < 0 ? '\\' : '/';
        var folder = corpusFolder.Replace('/', separator);
        if (Path.IsPathRooted(corpusFolder)) return folder.TrimEnd(separator);
        return projectDir.TrimEnd('/', '\\') + separator + folder;
    }

    private static string? Value(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
