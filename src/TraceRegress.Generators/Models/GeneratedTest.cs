namespace TraceRegress.Generators.Models;

/// <summary>One rendered source (a trace's declaration or a test class), or the diagnostic explaining why there is none.</summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Source">The C# source; empty when rendering failed.</param>
/// <param name="Diagnostics">A rendering failure, reported against the trace (or the corpus folder, for a class).</param>
internal readonly record struct GeneratedTest(string HintName, string Source, EquatableArray<DiagnosticInfo> Diagnostics);
