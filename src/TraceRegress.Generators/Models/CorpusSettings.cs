using TraceRegress.Generators.Inputs;

namespace TraceRegress.Generators.Models;

/// <summary>What the whole corpus is planned with besides its files: the MSBuild knobs and the test frameworks referenced.</summary>
/// <param name="Options">The <c>TraceRegress_*</c> properties.</param>
/// <param name="References">Which test frameworks and adapters the compilation references.</param>
internal sealed record CorpusSettings(CorpusOptions Options, FrameworkReferences References);
