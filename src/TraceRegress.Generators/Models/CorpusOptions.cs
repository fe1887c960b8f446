namespace TraceRegress.Generators.Models;

/// <summary>
/// The MSBuild knobs the generator reads, reduced to plain values before they join the pipeline.
/// </summary>
/// <param name="CorpusFolder">The corpus folder relative to the project, with <c>/</c> (<c>TraceRegress_CorpusFolder</c>, default <c>traces</c>).</param>
/// <param name="CorpusDirectory">The absolute corpus directory in the platform's form, empty when the project directory is unknown.</param>
/// <param name="FrameworkSetting">The <c>TraceRegress_Framework</c> value, lower case: <c>auto</c>, <c>xunit</c>, <c>nunit</c> or something not understood.</param>
/// <param name="Namespace">The namespace of the generated tests.</param>
internal readonly record struct CorpusOptions(string CorpusFolder, string CorpusDirectory, string FrameworkSetting, string Namespace);
