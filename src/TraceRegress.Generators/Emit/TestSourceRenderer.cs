using System;
using System.Globalization;
using System.IO;
using Scriban;
using Scriban.Runtime;
using TraceRegress.Generators.Diagnostics;
using TraceRegress.Generators.Models;

namespace TraceRegress.Generators.Emit;

/// <summary>Renders each corpus folder's source from the Scriban templates embedded from <c>templates/generator/</c>.</summary>
internal static class TestSourceRenderer
{
    /// <summary>The version written into <c>GeneratedCodeAttribute</c>.</summary>
    public static readonly string Version = typeof(TestSourceRenderer).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    // The templates use no built-in functions: an empty set spares building Scriban's builtins for every source.
    // Read-only, because it is shared by renders on several threads.
    private static readonly ScriptObject NoBuiltins = new() { IsReadOnly = true };

    private static readonly Lazy<Template> XunitTemplate = new(() => Load("xunit.scriban"));
    private static readonly Lazy<Template> XunitV3Template = new(() => Load("xunit3.scriban"));
    private static readonly Lazy<Template> NUnitTemplate = new(() => Load("nunit.scriban"));
    private static readonly Lazy<Template> MSTestTemplate = new(() => Load("mstest.scriban"));

    /// <summary>
    /// Renders a corpus folder's one source from its framework's template: the traces declared as its rows
    /// (<c>[assembly: CorpusTrace(class, path, shard)]</c>) and the test class whose data-driven test method(s) read them
    /// (xUnit v2: one theory per shard present).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The framework has no template.</exception>
    public static string RenderSource(TestClassModel testClass)
    {
        var template = testClass.Framework switch
        {
            TestFramework.Xunit => XunitTemplate.Value,
            TestFramework.XunitV3 => XunitV3Template.Value,
            TestFramework.NUnit => NUnitTemplate.Value,
            TestFramework.MSTest => MSTestTemplate.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(testClass), testClass.Framework, "no template for this framework"),
        };

        var rows = new ScriptArray(testClass.Rows.Count);
        foreach (var row in testClass.Rows)
        {
            rows.Add(new ScriptObject { ["path_literal"] = CSharpLiterals.Quoted(row.RelativePath), ["shard"] = row.Shard.ToString(CultureInfo.InvariantCulture) });
        }

        // Only xUnit v2 emits a theory per shard present (ascending); elsewhere each row carries its shard.
        var shards = new ScriptArray();
        if (testClass.Framework == TestFramework.Xunit)
        {
            var present = new bool[ShardKey.MaxCount + 1];
            foreach (var row in testClass.Rows) present[row.Shard] = true;
            for (var shard = 1; shard < present.Length; shard++)
            {
                if (present[shard]) shards.Add(shard.ToString(CultureInfo.InvariantCulture));
            }
        }

        var model = new ScriptObject
        {
            ["namespace"] = testClass.Namespace,
            ["class_name"] = testClass.ClassName,
            ["class_full_name_literal"] = CSharpLiterals.Quoted(FullName(testClass.Namespace, testClass.ClassName)),
            ["folder_xml"] = CSharpLiterals.XmlText(FolderInProject(testClass)),
            ["version"] = Version,
            ["corpus_folder_literal"] = CSharpLiterals.Quoted(testClass.CorpusFolder),
            ["corpus_directory_literal"] = CSharpLiterals.Verbatim(testClass.CorpusDirectory),
            ["rows"] = rows,
            ["shards"] = shards,
        };

        return Render(template, model);
    }

    /// <summary>A corpus folder's source (<see cref="TestClassModel.HintName"/>), or a TRG diagnostic when it cannot be rendered.</summary>
    public static GeneratedSource Render(TestClassModel testClass)
    {
        try
        {
            return new GeneratedSource(testClass.HintName, RenderSource(testClass), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failed = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, LocationInfo.StartOf(testClass.CorpusDirectory), FolderInProject(testClass), e.GetType().Name + ": " + e.Message);
            return new GeneratedSource(testClass.HintName, string.Empty, new EquatableArray<DiagnosticInfo>([failed]));
        }
    }

    /// <summary>The name <see cref="Type.FullName"/> gives the class at run time: namespace and class without keyword escapes.</summary>
    public static string FullName(string ns, string className)
    {
        var segments = ns.Split('.');
        for (var i = 0; i < segments.Length; i++) segments[i] = TestNames.Unescaped(segments[i]);
        return string.Join(".", segments) + "." + TestNames.Unescaped(className);
    }

    private static string FolderInProject(TestClassModel testClass) =>
        testClass.Folder.Length == 0 ? testClass.CorpusFolder : testClass.CorpusFolder + "/" + testClass.Folder;

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
