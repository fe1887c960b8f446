namespace TraceRegress.Generators.Models;

/// <summary>The rendered source of one test, or the diagnostic explaining why there is none.</summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Source">The C# source; empty when rendering failed.</param>
/// <param name="Diagnostics">A rendering failure, reported against the trace.</param>
internal readonly record struct GeneratedTest(string HintName, string Source, EquatableArray<DiagnosticInfo> Diagnostics);
