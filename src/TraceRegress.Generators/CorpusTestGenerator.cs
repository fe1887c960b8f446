using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TraceRegress.Generators.Emit;
using TraceRegress.Generators.Inputs;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators;

/// <summary>
/// Turns the test project's trace corpus (AdditionalFiles marked <c>TraceRegressKind="trace"</c>)
/// into one test case per trace, and bad traces into build diagnostics. Each readable trace is declared by an
/// <c>[assembly: CorpusTrace]</c> attribute in a source of its own; each corpus folder becomes a test class whose
/// data-driven test runs those declarations as rows, one test case per trace named by its relative path.
/// </summary>
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

        // The whole corpus, to resolve names and find approved files without their trace.
        var plan = corpusFiles.Collect()
            .WithTrackingName(TrackingNames.AllCorpusFiles)
            .Combine(options)
            .Combine(framework)
            .Select(static (input, _) => CorpusPlanner.Plan(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Plan);

        // Each corpus file's own test (none for an unreadable trace or a sidecar), taken from the plan per file:
        // the per-file table is keyed by file, so adding or removing a trace leaves every other test's entry
        // in place and equal, and only that trace's source is rendered or dropped.
        var testCases = corpusFiles
            .Combine(plan)
            .SelectMany(static (input, _) => input.Right.TestFor(input.Left))
            .WithTrackingName(TrackingNames.TestCases);

        // Each trace declared in its own file ([assembly: CorpusTrace(class, path, shard)]), the same for every framework.
        var rendered = testCases
            .Select(static (test, _) => TestSourceRenderer.Render(test))
            .WithTrackingName(TrackingNames.RenderedTests);

        // Each test class (a corpus folder) from the framework's template: the data-driven test whose rows are the traces
        // declared for it. The class model holds no trace (only, for xUnit v2, the shards present), so it stays equal as
        // traces come and go, and its source is not rendered again.
        var classes = plan
            .SelectMany(static (p, _) => p.Classes())
            .Select(static (c, _) => TestSourceRenderer.RenderClass(c))
            .WithTrackingName(TrackingNames.RenderedClasses);

        context.RegisterSourceOutput(classes, static (spc, testClass) =>
        {
            foreach (var diagnostic in testClass.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (testClass.Source.Length > 0) spc.AddSource(testClass.HintName, SourceText.From(testClass.Source, System.Text.Encoding.UTF8));
        });

        context.RegisterSourceOutput(corpusFiles, static (spc, file) =>
        {
            foreach (var diagnostic in file.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        context.RegisterSourceOutput(plan, static (spc, p) =>
        {
            foreach (var diagnostic in p.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        context.RegisterSourceOutput(rendered, static (spc, test) =>
        {
            foreach (var diagnostic in test.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (test.Source.Length > 0) spc.AddSource(test.HintName, SourceText.From(test.Source, System.Text.Encoding.UTF8));
        });
    }
}
