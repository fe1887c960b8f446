namespace TraceRegress.Generators.Models;

/// <summary>
/// One generated test class (a corpus folder) with its rows: everything its one source is rendered from. A trace's
/// content is not part of it, so editing a trace leaves it equal; adding or removing a trace of the folder changes it,
/// and no other folder's.
/// </summary>
/// <param name="Framework">The framework the tests are written for.</param>
/// <param name="Namespace">The namespace of the class.</param>
/// <param name="ClassName">The class.</param>
/// <param name="Folder">The folder inside the corpus, with <c>/</c>; empty for the corpus root.</param>
/// <param name="CorpusFolder">The corpus folder relative to the project.</param>
/// <param name="CorpusDirectory">The absolute corpus directory.</param>
/// <param name="FirstFilePath">The file of the first row, as the compiler knows it: the corpus file the class is emitted for in the pipeline.</param>
/// <param name="Rows">The folder's readable traces, in ordinal order of their relative path.</param>
internal sealed record TestClassModel(TestFramework Framework, string Namespace, string ClassName, string Folder, string CorpusFolder,
    string CorpusDirectory, string FirstFilePath, EquatableArray<TraceRow> Rows)
{
    /// <summary>The generated file's name (<see cref="Emit.TestNames.HintName"/>).</summary>
    public string HintName => Emit.TestNames.HintName(ClassName);
}
