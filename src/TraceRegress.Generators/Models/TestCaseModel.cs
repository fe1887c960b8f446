namespace TraceRegress.Generators.Models;

/// <summary>
/// One trace's test case, with every name already resolved: a row of its class's data-driven test, declared by an
/// assembly attribute in a source file of its own.
/// </summary>
/// <param name="Framework">The framework the test is written for.</param>
/// <param name="Namespace">The namespace of the generated class.</param>
/// <param name="ClassName">The class for the trace's folder.</param>
/// <param name="MethodName">The trace's name in its class, from its file name (unique in its class ignoring case; may start with <c>@</c> for a keyword): it names the trace's generated source file.</param>
/// <param name="RelativePath">The trace's path inside the corpus, with <c>/</c>; also the display name.</param>
/// <param name="CorpusFolder">The corpus folder relative to the project.</param>
/// <param name="CorpusDirectory">The absolute corpus directory.</param>
/// <param name="FilePath">The trace file as the compiler knows it (for diagnostics).</param>
/// <param name="Shard">The test's shard, 1 to <paramref name="ShardCount"/> (<see cref="Emit.ShardKey"/>).</param>
/// <param name="ShardCount">How many shards the corpus is spread over.</param>
internal readonly record struct TestCaseModel(
    TestFramework Framework,
    string Namespace,
    string ClassName,
    string MethodName,
    string RelativePath,
    string CorpusFolder,
    string CorpusDirectory,
    string FilePath,
    int Shard = 1,
    int ShardCount = 1)
{
    /// <summary>A hint name unique ignoring case (the compiler compares hint names that way).</summary>
    public string HintName => Emit.TestNames.HintName(ClassName, MethodName);
}
