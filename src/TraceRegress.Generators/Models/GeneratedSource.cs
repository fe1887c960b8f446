namespace TraceRegress.Generators.Models;

/// <summary>One rendered source (a corpus folder's test class and its rows), or the diagnostic explaining why there is none.</summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Source">The C# source; empty when rendering failed.</param>
/// <param name="Diagnostics">A rendering failure, reported against the corpus folder.</param>
internal sealed record GeneratedSource(string HintName, string Source, EquatableArray<DiagnosticInfo> Diagnostics);
