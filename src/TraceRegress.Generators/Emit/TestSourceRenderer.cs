using System;
using System.Globalization;
using System.IO;
using Scriban;
using Scriban.Runtime;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Emit;

/// <summary>Renders tests from the Scriban templates embedded from <c>templates/generator/</c>.</summary>
internal static class TestSourceRenderer
{
    /// <summary>The version written into <c>GeneratedCodeAttribute</c>.</summary>
    public static readonly string Version = typeof(TestSourceRenderer).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    // The templates use no built-in functions: an empty set spares building Scriban's builtins for every test.
    // Read-only, because it is shared by renders on several threads.
    private static readonly ScriptObject NoBuiltins = new() { IsReadOnly = true };

    private static readonly Lazy<Template> TraceTemplate = new(() => Load("corpus-trace.scriban"));
    private static readonly Lazy<Template> XunitTemplate = new(() => Load("xunit.scriban"));
    private static readonly Lazy<Template> XunitV3Template = new(() => Load("xunit3.scriban"));
    private static readonly Lazy<Template> NUnitTemplate = new(() => Load("nunit.scriban"));
    private static readonly Lazy<Template> MSTestTemplate = new(() => Load("mstest.scriban"));

    /// <summary>
    /// Renders one trace's declaration (<c>[assembly: CorpusTrace(class, path, shard)]</c>) into its own file, the same for
    /// every framework: an edit to one trace re-renders only it, and adding or removing a trace adds or removes one file.
    /// </summary>
    public static GeneratedTest Render(TestCaseModel test)
    {
        try
        {
            var model = new ScriptObject
            {
                ["class_full_name_literal"] = CSharpLiterals.Quoted(FullName(test.Namespace, test.ClassName)),
                ["relative_path_literal"] = CSharpLiterals.Quoted(test.RelativePath),
                ["shard"] = test.Shard.ToString(CultureInfo.InvariantCulture),
            };
            return new GeneratedTest(test.HintName, Render(TraceTemplate.Value, model), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(test.FilePath), test.RelativePath, e.GetType().Name + ": " + e.Message);
            return new GeneratedTest(test.HintName, string.Empty, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>
    /// Renders a test class from its framework's template: the data-driven test method(s) whose rows are the traces
    /// declared for the class (xUnit v2: one theory per shard present).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The framework has no template.</exception>
    public static string RenderClassSource(TestClassModel testClass)
    {
        var template = testClass.Framework switch
        {
            TestFramework.Xunit => XunitTemplate.Value,
            TestFramework.XunitV3 => XunitV3Template.Value,
            TestFramework.NUnit => NUnitTemplate.Value,
            TestFramework.MSTest => MSTestTemplate.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(testClass), testClass.Framework, "no template for this framework"),
        };

        var shards = new ScriptArray();
        foreach (var shard in testClass.Shards) shards.Add(shard.ToString(CultureInfo.InvariantCulture));

        var model = new ScriptObject
        {
            ["namespace"] = testClass.Namespace,
            ["class_name"] = testClass.ClassName,
            ["folder_xml"] = CSharpLiterals.XmlText(testClass.Folder.Length == 0 ? testClass.CorpusFolder : testClass.CorpusFolder + "/" + testClass.Folder),
            ["version"] = Version,
            ["corpus_folder_literal"] = CSharpLiterals.Quoted(testClass.CorpusFolder),
            ["corpus_directory_literal"] = CSharpLiterals.Verbatim(testClass.CorpusDirectory),
            ["shards"] = shards,
        };

        return Render(template, model);
    }

    /// <summary>The source of a test class (one file per class, <see cref="TestNames.ClassHintName"/>), or a TRG diagnostic when it cannot be rendered.</summary>
    public static GeneratedTest RenderClass(TestClassModel testClass)
    {
        var hintName = TestNames.ClassHintName(testClass.ClassName);
        try
        {
            return new GeneratedTest(hintName, RenderClassSource(testClass), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var folder = testClass.Folder.Length == 0 ? testClass.CorpusFolder : testClass.CorpusFolder + "/" + testClass.Folder;
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(testClass.CorpusDirectory), folder, e.GetType().Name + ": " + e.Message);
            return new GeneratedTest(hintName, string.Empty, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>The name <see cref="Type.FullName"/> gives the class at run time: namespace and class without keyword escapes.</summary>
    public static string FullName(string ns, string className)
    {
        var segments = ns.Split('.');
        for (var i = 0; i < segments.Length; i++) segments[i] = TestNames.Unescaped(segments[i]);
        return string.Join(".", segments) + "." + TestNames.Unescaped(className);
    }

    private static string Render(Template template, ScriptObject model)
    {
        var context = new TemplateContext(NoBuiltins)
        {
            StrictVariables = true,
            // A folder may hold thousands of traces; Scriban's default stops loops at 1000.
            LoopLimit = int.MaxValue,
        };
        context.PushGlobal(model);
        return template.Render(context);
    }

    private static Template Load(string name)
    {
        var resource = "TraceRegress.Generators.Templates." + name;
        using var stream = typeof(TestSourceRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("The generator assembly has no template " + resource);
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidOperationException("Template " + name + " does not parse: " + string.Join("; ", template.Messages));
        }

        return template;
    }
}
