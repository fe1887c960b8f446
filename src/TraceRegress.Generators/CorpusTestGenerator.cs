using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TraceRegress.Generators.Emit;
using TraceRegress.Generators.Inputs;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators;

/// <summary>
/// Turns the test project's trace corpus (AdditionalFiles marked <c>TraceRegressKind="trace"</c>)
/// into one test case per trace, and bad traces into build diagnostics. Each corpus folder becomes one source: a test
/// class whose data-driven test runs the folder's traces as rows, declared in the same source by
/// <c>[assembly: CorpusTrace]</c> attributes, one test case per trace named by its relative path.
/// </summary>
/// <remarks>
/// The models between stages are classes (records with value equality). The compiler's generic pipeline code (node tables,
/// their builders, pairs from <c>Combine</c>) is precompiled and shared for reference types; instantiated over structs it
/// is JIT-compiled in every compiler process, and a command-line build starts a fresh one each time.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class CorpusTestGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The TraceRegress_* properties, project directory and root namespace.
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => CorpusOptionsReader.Read(provider))
            .WithTrackingName(TrackingNames.Options);

        // Which test frameworks are referenced; compares by value, so code edits stop here.
        var framework = context.CompilationProvider
            .Select(static (compilation, _) => FrameworkDetector.Find(compilation))
            .WithTrackingName(TrackingNames.Framework);

        // Every AdditionalFile with what is needed to read its metadata and place it in the corpus.
        var inputs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider.Combine(options))
            .WithTrackingName(TrackingNames.CorpusInputs);

        // Each corpus file read, validated and reduced to a value model (one file in, one model out).
        var corpusFiles = inputs
            .Select(static (input, ct) => CorpusFileReader.Read(input.Left, input.Right.Left, input.Right.Right, ct))
            .WithTrackingName(TrackingNames.CorpusFiles)
            .Where(static file => file.Role != CorpusFileRole.NotCorpus)
            .WithTrackingName(TrackingNames.MarkedCorpusFiles);

        // The options and the frameworks referenced, as one model: the corpus is combined with it as a pair of classes, never as
        // a tuple holding a tuple, whose pipeline code the compiler would JIT-compile at the start of every build.
        var settings = options.Combine(framework)
            .Select(static (pair, _) => new CorpusSettings(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Settings);

        // The whole corpus in ordinal order of the relative paths, as a model rather than the collected array (same reason).
        var corpus = corpusFiles.Collect()
            .WithTrackingName(TrackingNames.AllCorpusFiles)
            .Select(static (files, _) => CorpusFileSet.Of(files))
            .WithTrackingName(TrackingNames.Corpus);

        // Names resolved across the corpus, approved files without their trace, the framework chosen.
        var plan = corpus
            .Combine(settings)
            .Select(static (input, _) => CorpusPlanner.Plan(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Plan);

        // Each test class (a corpus folder) with its rows, taken from the plan by the folder's first trace: the table is keyed
        // by corpus file, so adding or removing a trace or a folder leaves every other folder's entry in place and equal.
        var classes = corpusFiles
            .Combine(plan)
            .SelectMany(static (input, _) => input.Right.ClassFor(input.Left))
            .WithTrackingName(TrackingNames.TestClasses);

        // Each folder's one source from the framework's template: its rows ([assembly: CorpusTrace(class, path, shard)]) and the
        // class's data-driven test that reads them. A trace's content is in no model, so editing one renders nothing again.
        var rendered = classes
            .Select(static (testClass, _) => TestSourceRenderer.Render(testClass))
            .WithTrackingName(TrackingNames.RenderedClasses);

        context.RegisterSourceOutput(rendered, static (spc, source) =>
        {
            foreach (var diagnostic in source.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (source.Source.Length > 0) spc.AddSource(source.HintName, SourceText.From(source.Source, System.Text.Encoding.UTF8));
        });

        context.RegisterSourceOutput(corpusFiles, static (spc, file) =>
        {
            foreach (var diagnostic in file.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        context.RegisterSourceOutput(plan, static (spc, p) =>
        {
            foreach (var diagnostic in p.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
