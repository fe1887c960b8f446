namespace TraceRegress.Generators.Models;

/// <summary>One generated test class (a corpus folder), for what is declared once per class.</summary>
/// <param name="Framework">The framework the tests are written for.</param>
/// <param name="Namespace">The namespace of the class.</param>
/// <param name="ClassName">The class.</param>
/// <param name="Folder">The folder inside the corpus, with <c>/</c>; empty for the corpus root.</param>
/// <param name="CorpusFolder">The corpus folder relative to the project.</param>
internal readonly record struct TestClassModel(TestFramework Framework, string Namespace, string ClassName, string Folder, string CorpusFolder);
