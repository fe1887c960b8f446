using System;
using System.Collections.Immutable;

namespace TraceRegress.Generators.Models;

/// <summary>The whole corpus, decided: the tests to emit and the corpus-wide diagnostics.</summary>
/// <param name="Tests">One entry per readable trace, in ordinal order of <see cref="TestCaseModel.FilePath"/> (so each trace finds its own by binary search).</param>
/// <param name="Diagnostics">Name collisions, approved files without a trace, a missing framework.</param>
internal readonly record struct CorpusPlan(EquatableArray<TestCaseModel> Tests, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The test planned for a corpus file: one, or none when the file gets no test.</summary>
    public ImmutableArray<TestCaseModel> TestFor(TraceFileModel file)
    {
        int low = 0, high = Tests.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(Tests[middle].FilePath, file.FilePath);
            if (order == 0) return [Tests[middle]];
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return ImmutableArray<TestCaseModel>.Empty;
    }

    /// <summary>Each test class once, in ordinal order of its name, with the shards its traces fall in where the framework needs them.</summary>
    public ImmutableArray<TestClassModel> Classes()
    {
        var seen = new System.Collections.Generic.SortedDictionary<string, (TestCaseModel First, System.Collections.Generic.SortedSet<int> Shards)>(StringComparer.Ordinal);
        foreach (var test in Tests)
        {
            if (!seen.TryGetValue(test.ClassName, out var entry))
            {
                entry = (test, new System.Collections.Generic.SortedSet<int>());
                seen[test.ClassName] = entry;
            }

            entry.Shards.Add(test.Shard);
        }

        var classes = ImmutableArray.CreateBuilder<TestClassModel>(seen.Count);
        foreach (var (first, shards) in seen.Values)
        {
            // Only xUnit v2 emits a theory per shard; elsewhere each row carries its shard, and the class does not depend on them.
            var classShards = first.Framework == TestFramework.Xunit ? new EquatableArray<int>(shards) : EquatableArray<int>.Empty;
            classes.Add(new TestClassModel(first.Framework, first.Namespace, first.ClassName, Parsing.CorpusPaths.FolderOf(first.RelativePath), first.CorpusFolder,
                first.CorpusDirectory, classShards));
        }

        return classes.MoveToImmutable();
    }
}
