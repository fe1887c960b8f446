using System;
using System.Collections.Immutable;

namespace TraceRegress.Generators.Models;

/// <summary>The whole corpus, decided: the test classes to emit, each with its rows, and the corpus-wide diagnostics.</summary>
/// <param name="Classes">One entry per corpus folder holding a readable trace, in ordinal order of <see cref="TestClassModel.Folder"/> (so each trace finds its folder's by binary search).</param>
/// <param name="Diagnostics">Name collisions, approved files without a trace, a missing framework.</param>
internal sealed record CorpusPlan(EquatableArray<TestClassModel> Classes, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>
    /// The test class a corpus file stands for: its folder's, when the file is that class's first row; none for any other
    /// file. Each class is thus keyed by one corpus file, so adding or removing a folder or a trace leaves every other
    /// folder's entry where it was.
    /// </summary>
    public ImmutableArray<TestClassModel> ClassFor(TraceFileModel file)
    {
        int low = 0, high = Classes.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var testClass = Classes[middle];
            var order = string.CompareOrdinal(testClass.Folder, file.Folder);
            if (order == 0) return string.Equals(testClass.FirstFilePath, file.FilePath, StringComparison.Ordinal) ? [testClass] : ImmutableArray<TestClassModel>.Empty;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return ImmutableArray<TestClassModel>.Empty;
    }
}
