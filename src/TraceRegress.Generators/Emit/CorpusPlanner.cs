using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Inputs;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Emit;

/// <summary>
/// Decides the whole corpus at once: a class per folder with its rows (class names' collisions resolved in
/// ordinal order of the folders, so the same corpus always gives the same names), shards, approved files
/// whose trace is gone, and the framework.
/// </summary>
internal static class CorpusPlanner
{
    public static CorpusPlan Plan(CorpusFileSet corpus, CorpusSettings settings)
    {
        var ordered = corpus.Files;
        var options = settings.Options;
        var references = settings.References;
        var diagnostics = new List<DiagnosticInfo>();

        var traceStems = new HashSet<string>(
            ordered.Where(static f => f.Role == CorpusFileRole.Trace).Select(static f => CorpusPaths.TraceStem(f.RelativePath)),
            StringComparer.Ordinal);
        foreach (var verified in ordered.Where(static f => f.Role == CorpusFileRole.Verified))
        {
            var stem = CorpusPaths.TraceStem(verified.RelativePath);
            if (!traceStems.Contains(stem))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.VerifiedWithoutTrace, LocationInfo.StartOf(verified.FilePath), verified.RelativePath, stem + ".json"));
            }
        }

        var testable = ordered.Where(static f => f.IsTestable).ToList();
        if (options.ShardCountProblem is { } shardProblem && testable.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidShardCount, LocationInfo.StartOf(testable[0].FilePath), shardProblem));
        }

        if (testable.Count == 0) return new CorpusPlan(EquatableArray<TestClassModel>.Empty, diagnostics.ToEquatableArray());

        var (framework, problem) = FrameworkDetector.Choose(options.FrameworkSetting, references);
        if (framework == TestFramework.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoTestFramework, LocationInfo.StartOf(testable[0].FilePath), problem ?? "no test framework"));
            return new CorpusPlan(EquatableArray<TestClassModel>.Empty, diagnostics.ToEquatableArray());
        }

        // Each folder is one class holding its traces as rows; the test case is named by the relative path, which is unique,
        // so only class names can collide.
        var classes = new List<TestClassModel>();
        var classOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in testable.GroupBy(static f => f.Folder, StringComparer.Ordinal).OrderBy(static g => g.Key, StringComparer.Ordinal))
        {
            var first = folder.First();
            var className = Claim(classOwners, TestNames.ClassName(folder.Key), first, diagnostics);
            var rows = folder.Select(file => new TraceRow(file.RelativePath, ShardKey.Of(file.RelativePath, options.ShardCount))).ToEquatableArray();
            classes.Add(new TestClassModel(framework, options.Namespace, className, folder.Key, options.CorpusFolder, options.CorpusDirectory, first.FilePath, rows));
        }

        return new CorpusPlan(classes.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>Takes <paramref name="desired"/> or, when another folder holds it, the first free numbered variant (reported as TRG003).</summary>
    private static string Claim(Dictionary<string, string> owners, string desired, TraceFileModel file, List<DiagnosticInfo> diagnostics)
    {
        var key = TestNames.Unescaped(desired);
        if (!owners.TryGetValue(key, out var owner))
        {
            owners[key] = file.RelativePath;
            return desired;
        }

        var n = 2;
        string candidate;
        do
        {
            candidate = key + "_" + n.ToString(CultureInfo.InvariantCulture);
            n++;
        }
        while (owners.ContainsKey(candidate));

        owners[candidate] = file.RelativePath;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateTestName, LocationInfo.StartOf(file.FilePath), file.RelativePath, key, owner, candidate));
        return candidate;
    }
}
