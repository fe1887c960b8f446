namespace TraceRegress.Generators.Models;

/// <summary>
/// One generated test class (a corpus folder): the data-driven test method(s) whose rows are the folder's traces.
/// Holds nothing that changes when a trace is added, edited or removed, except <paramref name="Shards"/> where the
/// framework needs a method per shard, so the class's source is rendered again only when its set of shards changes.
/// </summary>
/// <param name="Framework">The framework the tests are written for.</param>
/// <param name="Namespace">The namespace of the class.</param>
/// <param name="ClassName">The class.</param>
/// <param name="Folder">The folder inside the corpus, with <c>/</c>; empty for the corpus root.</param>
/// <param name="CorpusFolder">The corpus folder relative to the project.</param>
/// <param name="CorpusDirectory">The absolute corpus directory.</param>
/// <param name="Shards">The shards that hold at least one trace of the class, ascending, for xUnit v2 (one theory per shard); empty for the other frameworks, whose rows carry their shard.</param>
internal readonly record struct TestClassModel(TestFramework Framework, string Namespace, string ClassName, string Folder, string CorpusFolder,
    string CorpusDirectory = "", EquatableArray<int> Shards = default);
