using System;
using System.Collections.Immutable;
using System.Linq;

namespace TraceRegress.Generators.Models;

/// <summary>Every corpus file, in ordinal order of its relative path: compares by value, so an edit that leaves each file's model equal leaves it equal.</summary>
/// <param name="Files">The files marked as part of the corpus.</param>
internal sealed record CorpusFileSet(EquatableArray<TraceFileModel> Files)
{
    public static CorpusFileSet Of(ImmutableArray<TraceFileModel> files) =>
        new(files.Where(static f => f.Role != CorpusFileRole.NotCorpus).OrderBy(static f => f.RelativePath, StringComparer.Ordinal).ToEquatableArray());
}
