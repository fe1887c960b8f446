using System.Linq;
using TraceRegress.Generators.Diagnostics;

namespace TraceRegress.Generators.Models;

/// <summary>
/// One corpus file after reading: everything the later stages need, as values. A trace's content is
/// not kept: the generated test reads it at run time, so only what the build decides from it (readable,
/// which format) is part of the model, and an edit that changes neither leaves the model equal.
/// </summary>
/// <param name="Role">Trace, approved attribution, pending attribution, or outside the corpus.</param>
/// <param name="FilePath">The file as the compiler knows it (for diagnostics).</param>
/// <param name="RelativePath">The path inside the corpus, with <c>/</c>.</param>
/// <param name="Folder">The folder inside the corpus, with <c>/</c>; empty at the corpus root.</param>
/// <param name="Format">The format recognised from the content.</param>
/// <param name="Diagnostics">Problems found in this file; a trace with an error gets no test.</param>
internal sealed record TraceFileModel(
    CorpusFileRole Role,
    string FilePath,
    string RelativePath,
    string Folder,
    TraceFormatKind Format,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>True when this file gets a test: a trace with no error.</summary>
    public bool IsTestable => Role == CorpusFileRole.Trace && !Diagnostics.Any(static d => DiagnosticDescriptors.IsError(d.Id));
}
