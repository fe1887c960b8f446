namespace TraceRegress.Generators.Models;

/// <summary>
/// The MSBuild knobs the generator reads, reduced to plain values before they join the pipeline.
/// </summary>
/// <param name="CorpusFolder">The corpus folder relative to the project, with <c>/</c> (<c>TraceRegress_CorpusFolder</c>, default <c>traces</c>).</param>
/// <param name="CorpusDirectory">The absolute corpus directory in the platform's form, empty when the project directory is unknown.</param>
/// <param name="FrameworkSetting">The <c>TraceRegress_Framework</c> value, lower case: <c>auto</c>, <c>xunit</c>, <c>xunit2</c>, <c>xunit3</c>, <c>nunit</c>, <c>mstest</c> or something not understood.</param>
/// <param name="Namespace">The namespace of the generated tests.</param>
/// <param name="ShardCount">How many shards the tests are spread over (<c>TraceRegressShardCount</c>, default 4).</param>
/// <param name="ShardCountProblem">Why the <c>TraceRegressShardCount</c> value was not used, or null.</param>
internal sealed record CorpusOptions(string CorpusFolder, string CorpusDirectory, string FrameworkSetting, string Namespace,
    int ShardCount = Emit.ShardKey.DefaultCount, string? ShardCountProblem = null);
