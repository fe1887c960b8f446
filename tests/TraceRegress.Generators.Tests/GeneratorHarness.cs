using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TraceRegress.Generators.Tests;

/// <summary>Which test framework's assemblies the compilation references.</summary>
public enum References
{
    None,
    Xunit,
    NUnit,
    Both,
    XunitV3,
    MSTest,
}

/// <summary>
/// Runs <see cref="CorpusTestGenerator"/> in memory the way the compiler does in a test project
/// at <see cref="ProjectDir"/>: corpus files as AdditionalFiles with <c>TraceRegressKind=trace</c>,
/// MSBuild properties as global analyzer options.
/// </summary>
public sealed class GeneratorHarness
{
    public const string ProjectDir = "/src/MyAgent.Tests/";
    public const string CorpusDir = "/src/MyAgent.Tests/traces";

    private readonly List<AdditionalText> _texts = [];
    private readonly Dictionary<string, string> _globalOptions = new(StringComparer.Ordinal)
    {
        ["build_property.ProjectDir"] = ProjectDir,
        ["build_property.RootNamespace"] = "MyAgent.Tests",
    };

    public References References { get; set; } = References.Xunit;

    public IReadOnlyList<AdditionalText> Texts => _texts;

    /// <summary>Adds a fixture file under the corpus at <paramref name="corpusPath"/> (defaults to its file name at the corpus root).</summary>
    public GeneratorHarness AddFixture(string fixture, string? corpusPath = null) =>
        AddText(CorpusDir + "/" + (corpusPath ?? Path.GetFileName(fixture)), Fixtures.Read(fixture));

    /// <summary>Adds every file of a fixture folder, keeping their paths.</summary>
    public GeneratorHarness AddFixtureFolder(string folder)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures", folder);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            AddText(CorpusDir + "/" + relative, File.ReadAllText(file));
        }

        return this;
    }

    public GeneratorHarness AddText(string path, string content, bool markedAsTrace = true)
    {
        _texts.Add(new InMemoryText(path, content, markedAsTrace));
        return this;
    }

    public GeneratorHarness Add(AdditionalText text)
    {
        _texts.Add(text);
        return this;
    }

    public GeneratorHarness WithProperty(string name, string value)
    {
        _globalOptions["build_property." + name] = value;
        return this;
    }

    public GeneratorHarness WithoutProperty(string name)
    {
        _globalOptions.Remove("build_property." + name);
        return this;
    }

    public CSharpCompilation CreateCompilation() =>
        CSharpCompilation.Create(
            "MyAgent.Tests",
            [CSharpSyntaxTree.ParseText(AdapterContract(References), new CSharpParseOptions(LanguageVersion.Latest), path: "AdapterContract.cs")],
            MetadataReferences(References),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // The SDK suppresses these unification notes by default (NoWarn CS1701;CS1702): do the same.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new CorpusTestGenerator().AsSourceGenerator()],
            _texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            new OptionsProvider(_globalOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and returns the result with the compilation that includes the output.</summary>
    public GeneratorOutcome Run()
    {
        var compilation = CreateCompilation();
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorOutcome(driver.GetRunResult(), output, generatorDiagnostics);
    }

    /// <summary>
    /// The core's declaration attribute and the adapters' entry points as the generated code calls them (signatures as in
    /// src/TraceRegress/Testing and each adapter's CorpusTraces). The adapters are separate assemblies, one per framework;
    /// compiling against these declarations checks the emitted code matches the contract.
    /// </summary>
    private static string AdapterContract(References references)
    {
        var contract = new StringBuilder("""
            namespace TraceRegress.Testing
            {
                [System.AttributeUsage(System.AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
                public sealed class CorpusTraceAttribute : System.Attribute
                {
                    public CorpusTraceAttribute(string testClass, string relativePath, int shard) { }
                }
            }

            """);
        if (references is References.Xunit or References.Both)
        {
            contract.Append("""
                namespace TraceRegress.Xunit
                {
                    public static class CorpusTraces
                    {
                        public static void Verify(string relativePath, string corpusFolder, string corpusDirectory) { }
                        public static global::Xunit.TheoryData<string> Rows(System.Type testClass, int shard) => new();
                    }

                    public sealed class CorpusTheoryAttribute : global::Xunit.TheoryAttribute { }
                }

                """);
        }

        if (references is References.XunitV3)
        {
            contract.Append("""
                namespace TraceRegress.Xunit
                {
                    public static class CorpusTraces
                    {
                        public static void Verify(string relativePath, string corpusFolder, string corpusDirectory) { }
                        public static System.Collections.Generic.IEnumerable<global::Xunit.TheoryDataRow<string>> Rows(System.Type testClass) => [];
                    }
                }

                """);
        }

        if (references is References.NUnit or References.Both)
        {
            contract.Append("""
                namespace TraceRegress.NUnit
                {
                    public static class CorpusTraces
                    {
                        public static void Verify(string relativePath, string corpusFolder, string corpusDirectory) { }
                        public static System.Collections.Generic.IEnumerable<global::NUnit.Framework.TestCaseData> Rows(System.Type testClass) => [];
                    }
                }

                """);
        }

        if (references is References.MSTest)
        {
            contract.Append("""
                namespace TraceRegress.MSTest
                {
                    public static class CorpusTraces
                    {
                        public static void Verify(string relativePath, string corpusFolder, string corpusDirectory) { }
                        public static System.Collections.Generic.IEnumerable<global::Microsoft.VisualStudio.TestTools.UnitTesting.TestDataRow<string>> Rows(System.Type testClass) => [];
                    }
                }

                """);
        }

        return contract.ToString();
    }

    private static IEnumerable<MetadataReference> MetadataReferences(References references)
    {
        foreach (var reference in Basic.Reference.Assemblies.Net100.References.All) yield return reference;
        if (references is References.Xunit or References.Both)
        {
            yield return MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location);
            yield return MetadataReference.CreateFromFile(typeof(Xunit.Abstractions.ITest).Assembly.Location);
        }

        if (references is References.NUnit or References.Both)
        {
            yield return MetadataReference.CreateFromFile(typeof(NUnit.Framework.TestAttribute).Assembly.Location);
        }

        if (references is References.XunitV3)
        {
            yield return FrameworkAssembly("xunit.v3.core.dll");
            yield return FrameworkAssembly("xunit.v3.common.dll");
        }

        if (references is References.MSTest) yield return FrameworkAssembly("MSTest.TestFramework.dll");
    }

    private static MetadataReference FrameworkAssembly(string name) =>
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "FrameworkAssemblies", name));



    /// <summary>An AdditionalFile held in memory.</summary>
    public sealed class InMemoryText(string path, string content, bool markedAsTrace = true) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content, Encoding.UTF8);

        public override string Path { get; } = path;

        public bool MarkedAsTrace { get; } = markedAsTrace;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>
    /// A trace the build task checked and stamped (<c>TraceRegressChecked</c>, <c>TraceRegressFormat</c>), whose text
    /// must never be read: <see cref="GetText"/> throws, so a read would show up as a TRG diagnostic.
    /// </summary>
    public sealed class StampedText(string path, string format, string stamp = Parsing.TraceCheckStamp.Version) : AdditionalText
    {
        public override string Path { get; } = path;

        public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.TraceRegressKind"] = "trace",
            ["build_metadata.AdditionalFiles." + Parsing.TraceCheckStamp.CheckedMetadata] = stamp,
            ["build_metadata.AdditionalFiles." + Parsing.TraceCheckStamp.FormatMetadata] = format,
        };

        public int Reads { get; private set; }

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            Reads++;
            throw new InvalidOperationException("a trace the build task stamped was read: " + Path);
        }
    }

    /// <summary>An AdditionalFile with its text and item metadata of its own (besides <c>TraceRegressKind=trace</c>).</summary>
    public sealed class TextWithMetadata(string path, string content, IReadOnlyDictionary<string, string> metadata) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content, Encoding.UTF8);

        public override string Path { get; } = path;

        public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(metadata)
        {
            ["build_metadata.AdditionalFiles.TraceRegressKind"] = "trace",
        };

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>An AdditionalFile whose read fails, as a file locked or removed mid-build does.</summary>
    public sealed class FailingText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) =>
            throw new IOException("The process cannot access the file because it is being used by another process.");
    }

    private sealed class OptionsProvider(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Marked = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.TraceRegressKind"] = "trace" });
        private static readonly DictionaryOptions Unmarked = new([]);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(new Dictionary<string, string>(global));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Unmarked;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile switch
        {
            InMemoryText { MarkedAsTrace: false } => Unmarked,
            StampedText stamped => new DictionaryOptions(new Dictionary<string, string>(stamped.Metadata)),
            TextWithMetadata text => new DictionaryOptions(new Dictionary<string, string>(text.Metadata)),
            _ => Marked,
        };
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}

/// <summary>What one generator run produced.</summary>
public sealed record GeneratorOutcome(GeneratorDriverRunResult RunResult, Compilation Compilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public ImmutableArray<Diagnostic> Diagnostics => RunResult.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> Sources => RunResult.Results.Single().GeneratedSources;

    /// <summary>Every generated file, ordered by hint name, as one text.</summary>
    public string AllSources() => string.Join("\n", Sources.OrderBy(s => s.HintName, StringComparer.Ordinal)
        .Select(s => "// ---- " + s.HintName + " ----\n" + s.SourceText.ToString()));

    /// <summary>Compiler diagnostics of the compilation with the generated tests (warnings and errors).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems() => Compilation.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToList();
}

/// <summary>Access to the fixture files copied beside the test assembly.</summary>
public static class Fixtures
{
    public static string Read(string relative) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relative));
}
