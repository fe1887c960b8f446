using System;
using System.Collections.Generic;
using System.IO;
using Scriban;
using Scriban.Runtime;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Models;
using TraceRegress.Generators.Parsing;

namespace TraceRegress.Generators.Emit;

/// <summary>Renders tests from the Scriban templates embedded from <c>templates/generator/</c>.</summary>
internal static class TestSourceRenderer
{
    /// <summary>The version written into <c>GeneratedCodeAttribute</c>.</summary>
    public static readonly string Version = typeof(TestSourceRenderer).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    // The templates use no built-in functions: an empty set spares building Scriban's builtins for every test.
    // Read-only, because it is shared by renders on several threads.
    private static readonly ScriptObject NoBuiltins = new() { IsReadOnly = true };

    private static readonly Lazy<Template> XunitTemplate = new(() => Load("xunit.scriban"));
    private static readonly Lazy<Template> XunitV3Template = new(() => Load("xunit3.scriban"));
    private static readonly Lazy<Template> NUnitTemplate = new(() => Load("nunit.scriban"));
    private static readonly Lazy<Template> MSTestTemplate = new(() => Load("mstest.scriban"));
    private static readonly Lazy<Template> MSTestClassTemplate = new(() => Load("mstest-class.scriban"));

    /// <summary>Renders one test into its own file (a part of its folder's partial class), so an edit to one trace re-renders only it.</summary>
    public static GeneratedTest Render(TestCaseModel test)
    {
        try
        {
            var source = Render(test.Framework, test.Namespace, test.ClassName, CorpusPaths.FolderOf(test.RelativePath), test.CorpusFolder, test.CorpusDirectory, [test]);
            return new GeneratedTest(test.HintName, source, EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(test.FilePath), test.RelativePath, e.GetType().Name + ": " + e.Message);
            return new GeneratedTest(test.HintName, string.Empty, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>Renders a class part holding the given tests.</summary>
    public static string Render(TestFramework framework, string ns, string className, string folder, string corpusFolder, string corpusDirectory, IReadOnlyList<TestCaseModel> tests)
    {
        var template = framework switch
        {
            TestFramework.Xunit => XunitTemplate.Value,
            TestFramework.XunitV3 => XunitV3Template.Value,
            TestFramework.NUnit => NUnitTemplate.Value,
            TestFramework.MSTest => MSTestTemplate.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(framework), framework, "no template for this framework"),
        };

        var items = new ScriptArray();
        foreach (var test in tests)
        {
            items.Add(new ScriptObject
            {
                ["method_name"] = test.MethodName,
                ["relative_path_literal"] = CSharpLiterals.Quoted(test.RelativePath),
                ["relative_path_xml"] = CSharpLiterals.XmlText(test.RelativePath),
                ["trace_path_literal"] = CSharpLiterals.Verbatim(test.FilePath),
                ["shard"] = test.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        var model = new ScriptObject
        {
            ["namespace"] = ns,
            ["class_name"] = className,
            ["folder_xml"] = CSharpLiterals.XmlText(folder.Length == 0 ? corpusFolder : corpusFolder + "/" + folder),
            ["version"] = Version,
            ["corpus_folder_literal"] = CSharpLiterals.Quoted(corpusFolder),
            ["corpus_directory_literal"] = CSharpLiterals.Verbatim(corpusDirectory),
            ["tests"] = items,
        };

        return Render(template, model);
    }

    /// <summary>
    /// The part of a test class that carries what may appear only once per class (MSTest's <c>[TestClass]</c>), or
    /// null when the framework needs none: every test is its own part of the class, so none of them can carry it.
    /// </summary>
    public static GeneratedTest? RenderClass(TestClassModel testClass)
    {
        if (testClass.Framework != TestFramework.MSTest) return null;
        var model = new ScriptObject
        {
            ["namespace"] = testClass.Namespace,
            ["class_name"] = testClass.ClassName,
            ["folder_xml"] = CSharpLiterals.XmlText(testClass.Folder.Length == 0 ? testClass.CorpusFolder : testClass.CorpusFolder + "/" + testClass.Folder),
        };
        return new GeneratedTest(TestNames.ClassHintName(testClass.ClassName), Render(MSTestClassTemplate.Value, model), EquatableArray<DiagnosticInfo>.Empty);
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
