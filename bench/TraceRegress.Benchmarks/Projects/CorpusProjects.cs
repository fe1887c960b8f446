using System.Globalization;
using System.Text;
using TraceRegress.Benchmarks.Generation;

namespace TraceRegress.Benchmarks.Projects;

/// <summary>
/// Four throwaway xUnit test projects that reference the repository's sources as a user's project
/// references the packages (adapter, generator as an analyzer, the adapter's build props): one with a
/// single hand-written test and no traces; the same with a corpus of generated traces (each with its
/// verified attribution); the floor, which holds the same trace files as AdditionalFiles and as content
/// copied to the output folder but has no generator and no adapter props (what having the files in the
/// project costs by itself); and the same with as many trivial hand-written tests instead of traces.
/// </summary>
internal sealed class CorpusProjects
{
    public CorpusProjects(string root, string repository, int traces)
    {
        Root = root;
        Repository = repository;
        Traces = traces;
        Empty = Path.Combine(root, "Bench.Empty");
        Corpus = Path.Combine(root, "Bench.Corpus");
        Floor = Path.Combine(root, "Bench.Floor");
        Trivial = Path.Combine(root, "Bench.Trivial");
    }

    public string Root { get; }

    public string Repository { get; }

    public int Traces { get; }

    /// <summary>One trivial test, no traces.</summary>
    public string Empty { get; }

    /// <summary>One trivial test and <see cref="Traces"/> trace files under traces/.</summary>
    public string Corpus { get; }

    /// <summary>One trivial test and the same trace files as <see cref="Corpus"/>, as AdditionalFiles and content, with no generator.</summary>
    public string Floor { get; }

    /// <summary>One plus <see cref="Traces"/> trivial tests.</summary>
    public string Trivial { get; }

    /// <summary>The trace that the "edit one trace" measurement changes.</summary>
    public string EditedTrace => EditedTraceIn(Corpus);

    /// <summary>The edited trace in a project that holds the corpus (<see cref="Corpus"/> or <see cref="Floor"/>).</summary>
    public string EditedTraceIn(string project) => Path.Combine(project, "traces", TraceRelativePath(Traces / 2));

    /// <summary>Every generated trace file of the corpus.</summary>
    public IEnumerable<string> TraceFiles => Enumerable.Range(0, Traces).Select(i => Path.Combine(Corpus, "traces", TraceRelativePath(i)));

    public void Write()
    {
        Directory.CreateDirectory(Root);
        // Outside the repository, so its Directory.Build.props does not apply: pin the same package versions.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), $"""
            <Project>
              <Import Project="{Path.Combine(Repository, "Directory.Packages.props")}" />
            </Project>
            """);

        foreach (var project in new[] { Empty, Corpus, Floor, Trivial })
        {
            Directory.CreateDirectory(project);
            File.WriteAllText(Path.Combine(project, Path.GetFileName(project) + ".csproj"), project == Floor ? FloorProjectFile() : ProjectFile());
            File.WriteAllText(Path.Combine(project, "SmokeTests.cs"), """
                namespace Bench;

                public class SmokeTests
                {
                    [Xunit.Fact]
                    public void Runs() => Xunit.Assert.True(true);
                }
                """);
            // The corpus tests attribute through AttributionEngine.Current: set it explicitly to the default engine.
            File.WriteAllText(Path.Combine(project, "EngineSetup.cs"), """
                namespace Bench;

                internal static class EngineSetup
                {
                    [System.Runtime.CompilerServices.ModuleInitializer]
                    internal static void UseDefaultEngine() => TraceRegress.AttributionEngine.Configure(TraceRegress.AttributionEngine.Default);
                }
                """);
        }

        var trivial = new StringBuilder("namespace Bench;\n\npublic class TrivialTests\n{\n");
        for (var i = 0; i < Traces; i++)
        {
            trivial.Append(CultureInfo.InvariantCulture, $"    [Xunit.Fact] public void Trivial{i:D4}() => Xunit.Assert.Equal({i}, {i});\n");
        }

        File.WriteAllText(Path.Combine(Trivial, "TrivialTests.cs"), trivial.Append("}\n").ToString());

        var engine = AttributionEngine.Current;
        for (var i = 0; i < Traces; i++)
        {
            var path = Path.Combine(Corpus, "traces", TraceRelativePath(i));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Real failing agent runs are tens of spans; vary the size and the content.
            var bytes = AgentTraceGenerator.Flat(12 + i % 60, seed: 1_000 + i, indented: true);
            File.WriteAllBytes(path, bytes);
            var attribution = engine.Attribute(AgentTrace.Parse(bytes, path));
            File.WriteAllText(Path.ChangeExtension(path, null) + ".verified.json", attribution.ToJson());
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Corpus, "traces"), "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(Floor, Path.GetRelativePath(Corpus, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>Changes one attribute value of the edited trace, as a user tweaking a fixture would; alternates between two versions.</summary>
    public void EditOneTrace(int round) => EditOneTrace(Corpus, round);

    /// <summary>The same edit in the given project's copy of the corpus.</summary>
    public void EditOneTrace(string project, int round)
    {
        var edited = EditedTraceIn(project);
        var text = File.ReadAllText(edited);
        var (from, to) = round % 2 == 0 ? ("\"research-agent\"", "\"research-agent-v2\"") : ("\"research-agent-v2\"", "\"research-agent\"");
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"{edited} has no {from} to edit");
        File.WriteAllText(edited, string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)));
    }

    private static string TraceRelativePath(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"area{i % 10:D2}/run-{i:D4}.json");

    /// <summary>The corpus project: the adapter, the generator as an analyzer and the adapter's props, as a user's project has them.</summary>
    private string ProjectFile() => TestProjectFile(
        $"""
            <ProjectReference Include="{Path.Combine(Repository, "src", "TraceRegress.Generators", "TraceRegress.Generators.csproj")}"
                              OutputItemType="Analyzer" ReferenceOutputAssembly="false" SetConfiguration="Configuration=Release" />
        """,
        $"""
          <Import Project="{Path.Combine(Repository, "src", "TraceRegress.Xunit", "buildTransitive", "TraceRegress.Xunit.props")}" />
        """);

    /// <summary>
    /// The floor: the same project and the same trace files, as AdditionalFiles (the compiler's inputs), and the
    /// traces with their verified files as content copied to the output folder when newer: what a corpus needs
    /// at build and run time without the generator.
    /// No generator, no adapter props: written out here so a change to the props cannot move the floor.
    /// </summary>
    private string FloorProjectFile() => TestProjectFile(
        """
            <AdditionalFiles Include="traces/**/*.json" Exclude="traces/**/*.verified.json" />
            <None Remove="traces/**/*.json" />
            <None Include="traces/**/*.json" CopyToOutputDirectory="PreserveNewest" />
        """,
        "");

    /// <summary>An xUnit test project referencing the adapter, with extra items beside the reference and extra imports.</summary>
    private string TestProjectFile(string items, string imports) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
          </ItemGroup>
          <ItemGroup>
            <ProjectReference Include="{Path.Combine(Repository, "src", "TraceRegress.Xunit", "TraceRegress.Xunit.csproj")}" SetConfiguration="Configuration=Release" />
            <ProjectReference Include="{Path.Combine(Repository, "src", "TraceRegress", "TraceRegress.csproj")}" SetConfiguration="Configuration=Release" />
        {items}
          </ItemGroup>
        {imports}
        </Project>
        """;
}
