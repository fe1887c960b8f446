namespace TraceRegress.Generators.Models;

/// <summary>The whole corpus, decided: the tests to emit and the corpus-wide diagnostics.</summary>
/// <param name="Tests">One entry per readable trace, ordered by relative path.</param>
/// <param name="Diagnostics">Name collisions, approved files without a trace, a missing framework.</param>
internal readonly record struct CorpusPlan(EquatableArray<TestCaseModel> Tests, EquatableArray<DiagnosticInfo> Diagnostics);
