using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace TraceRegress.EndToEnd.Tests.Packaging;

/// <summary>
/// What a new user does, from packages: pack the solution into a local feed, create a test project from each
/// template outside the repository, see the sample trace fail with a received file, accept it with the
/// traceregress tool, see it pass, and see a broken trace fail the build with a TRG diagnostic.
/// </summary>
public sealed class PackageWorkflowTests(LocalPackageFeed machine, ITestOutputHelper output) : IClassFixture<LocalPackageFeed>
{
    private const string SampleTrace = "traces/code-review/search-index-error";

    [Fact]
    public void Packing_the_solution_gives_exactly_its_packages_with_their_metadata()
    {
        foreach (var step in machine.Setup) Step(step);
        var packages = Directory.GetFiles(machine.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(LocalPackageFeed.PackageIds.Select(id => $"{id}.{machine.Version}.nupkg").Order(StringComparer.Ordinal), packages);

        foreach (var id in LocalPackageFeed.PackageIds)
        {
            using var package = ZipFile.OpenRead(machine.PackagePath(id));
            var metadata = Nuspec(package).Element("metadata")!;
            Assert.Equal(id, metadata.Element("id")!.Value);
            Assert.Equal(machine.Version, metadata.Element("version")!.Value);
            Assert.Equal("MIT", metadata.Element("license")!.Value);
            Assert.Equal("README.md", metadata.Element("readme")!.Value);
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element("description")?.Value), id);
            Assert.StartsWith("https://", metadata.Element("repository")!.Attribute("url")!.Value);
            Assert.Contains("llm", metadata.Element("tags")!.Value.Split(' '));
        }
    }

    [Fact]
    public void The_judge_package_depends_on_the_core_and_the_chat_abstractions_only()
    {
        using var package = ZipFile.OpenRead(machine.PackagePath("TraceRegress.Judge"));
        Assert.NotNull(package.GetEntry("lib/net10.0/TraceRegress.Judge.dll"));

        var dependencies = Nuspec(package).Descendants("dependency").Select(d => (string)d.Attribute("id")!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Microsoft.Extensions.AI.Abstractions", "TraceRegress"], dependencies);
    }

    [Theory]
    [InlineData("TraceRegress.Xunit")]
    [InlineData("TraceRegress.Xunit.v3")]
    [InlineData("TraceRegress.NUnit")]
    [InlineData("TraceRegress.MSTest")]
    public void Adapter_packages_carry_the_generator_its_props_and_only_public_dependencies(string id)
    {
        using var package = ZipFile.OpenRead(machine.PackagePath(id));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("analyzers/dotnet/cs/TraceRegress.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Scriban.Signed.dll", entries);
        Assert.Contains($"build/{id}.props", entries);
        Assert.Contains($"buildTransitive/{id}.props", entries);
        Assert.Contains("buildTransitive/TraceRegress.Corpus.props", entries);
        // The task that checks the corpus before the compiler, where the props' UsingTask looks for it.
        Assert.Contains("buildTransitive/TraceRegress.Build.Tasks.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Build.Tasks", StringComparison.Ordinal));
        Assert.Contains($"lib/net10.0/{id}.dll", entries);

        var dependencies = Nuspec(package).Descendants("dependency").Select(d => (string)d.Attribute("id")!).ToArray();
        Assert.Contains("TraceRegress", dependencies);
        Assert.DoesNotContain("TraceRegress.Generators", dependencies);
        Assert.DoesNotContain("TraceRegress.Build.Tasks", dependencies);
        Assert.DoesNotContain("Microsoft.Build.Utilities.Core", dependencies);
        Assert.DoesNotContain("Scriban.Signed", dependencies);
        Assert.All(Nuspec(package).Descendants("dependency").Where(d => (string)d.Attribute("id")! == "TraceRegress"),
            d => Assert.Equal($"[{machine.Version}]", (string)d.Attribute("version")!));
    }

    [Theory]
    [InlineData("TraceRegress.Capture", "TraceRegress")]
    [InlineData("TraceRegress.Replay", "TraceRegress.Capture")]
    [InlineData("TraceRegress.Replay", "Microsoft.Extensions.AI")]
    [InlineData("TraceRegress.OpenTelemetry", "TraceRegress.Capture")]
    [InlineData("TraceRegress.OpenTelemetry", "OpenTelemetry")]
    public void Capture_and_replay_packages_depend_on_what_they_build_on(string id, string dependency)
    {
        using var package = ZipFile.OpenRead(machine.PackagePath(id));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.Contains(dependency, Nuspec(package).Descendants("dependency").Select(d => (string)d.Attribute("id")!));
    }

    [Fact]
    public void The_tool_and_template_packages_have_their_package_types()
    {
        using (var tool = ZipFile.OpenRead(machine.PackagePath("TraceRegress.Cli")))
        {
            var settings = XDocument.Load(tool.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
            Assert.Equal("traceregress", settings.Descendants("Command").Single().Attribute("Name")!.Value);
        }

        using var templates = ZipFile.OpenRead(machine.PackagePath("TraceRegress.Templates"));
        Assert.Equal("Template", Nuspec(templates).Descendants("packageType").Single().Attribute("name")!.Value);
        var hasMSTest = File.Exists(Path.Combine(machine.RepositoryRoot, "src", "TraceRegress.MSTest", "TraceRegress.MSTest.csproj"));
        Assert.Equal(hasMSTest, templates.GetEntry("content/mstest/.template.config/template.json") is not null);
        foreach (var template in hasMSTest ? ["xunit", "nunit", "mstest"] : new[] { "xunit", "nunit" })
        {
            Assert.NotNull(templates.GetEntry($"content/{template}/.template.config/template.json"));
            Assert.NotNull(templates.GetEntry($"content/{template}/.gitignore"));
            Assert.NotNull(templates.GetEntry($"content/{template}/{SampleTrace}.json"));
        }
    }

    /// <summary>
    /// One way to make a test project from the templates: the template and its options, the adapter package the
    /// project must reference, and the test framework package whose version a central-package repository pins.
    /// </summary>
    public sealed record TemplateCase(string Name, string Template, string[] Options, string Adapter, string Framework)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// Every test setup the templates make. xUnit v3 and MSTest come with their adapters: a repository that
    /// builds src/TraceRegress.Xunit.v3 (or src/TraceRegress.MSTest) packs it, so its template is tested.
    /// </summary>
    private static IReadOnlyList<TemplateCase> Setups()
    {
        var root = LocalPackageFeed.FindRepositoryRoot();
        var hasV3 = File.Exists(Path.Combine(root, "src", "TraceRegress.Xunit.v3", "TraceRegress.Xunit.v3.csproj"));
        var hasMSTest = File.Exists(Path.Combine(root, "src", "TraceRegress.MSTest", "TraceRegress.MSTest.csproj"));
        var cases = new List<TemplateCase>
        {
            new("xunit-v2", "traceregress-xunit", hasV3 ? ["--xunit-version", "2"] : [], "TraceRegress.Xunit", "xunit"),
            new("nunit", "traceregress-nunit", [], "TraceRegress.NUnit", "NUnit"),
        };
        if (hasV3)
        {
            cases.Add(new("xunit-v3-vstest", "traceregress-xunit", [], "TraceRegress.Xunit.v3", "xunit.v3"));
            cases.Add(new("xunit-v3-mtp", "traceregress-xunit", ["--runner", "mtp"], "TraceRegress.Xunit.v3", "xunit.v3"));
        }

        if (hasMSTest) cases.Add(new("mstest", "traceregress-mstest", [], "TraceRegress.MSTest", "MSTest"));
        return cases;
    }

    /// <summary>The setups by name: strings, so each is its own test case at discovery (and a filter can pick one).</summary>
    public static TheoryData<string> TemplateCases() => new(Setups().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(TemplateCases))]
    public void A_project_from_the_template_fails_on_its_sample_until_accepted_then_passes(string setupName)
    {
        var setup = Setups().Single(s => s.Name == setupName);
        var name = "Agent." + setup.Name.Replace("-", "", StringComparison.Ordinal) + ".Tests";
        var project = Path.Combine(machine.Work, name);

        // A fresh project, outside the repository, referencing this run's package.
        Step(machine.RunAsUserChecked(machine.Work, ["new", setup.Template, .. setup.Options, "-n", name, "-o", project, "--no-restore", "--debug:custom-hive", machine.TemplateHive]));
        var projectFile = File.ReadAllText(Path.Combine(project, name + ".csproj"));
        Assert.Contains($"""<PackageReference Include="{setup.Adapter}" />""", projectFile);
        Assert.Contains($"""<PackageReference Update="{setup.Adapter}" Version="{machine.Version}" />""", projectFile);
        Assert.Contains($"""<PackageReference Update="TraceRegress.Replay" Version="{machine.Version}" />""", projectFile);
        Assert.Contains($"""<PackageReference Include="{setup.Framework}" />""", projectFile);
        Assert.DoesNotContain("{version:", projectFile);
        Assert.DoesNotContain("#if", projectFile);
        Assert.Contains("<TraceRegress_CorpusFolder>traces</TraceRegress_CorpusFolder>", projectFile);
        Assert.Contains("*.received.json", File.ReadAllLines(Path.Combine(project, ".gitignore")));
        Assert.True(File.Exists(Path.Combine(project, SampleTrace + ".json")));
        Assert.Equal(setup.Name == "xunit-v3-mtp", File.Exists(Path.Combine(project, "global.json")));

        // The sample has no approved attribution: its generated test fails and writes what it got beside the trace.
        var first = Step(machine.RunAsUser(project, "test"));
        Assert.True(first.ExitCode != 0, first.Describe());
        Assert.Equal(new TestCounts(Failed: 1, Passed: 0, Skipped: 0, Total: 1), first.Counts());
        Assert.Contains("code-review/search-index-error.json: no verified attribution yet.", first.Output);
        Assert.DoesNotMatch(@"(?i): warning [A-Z]+\d+", first.Output);
        var received = Path.Combine(project, SampleTrace + ".received.json");
        var verified = Path.Combine(project, SampleTrace + ".verified.json");
        Assert.True(File.Exists(received), first.Describe());

        // The analyzer-load warnings are errors in the user's project, so a generator that cannot load never passes as an empty corpus.
        var warnings = Step(machine.RunAsUserChecked(project, "msbuild", "-getProperty:WarningsAsErrors")).Output;
        Assert.All(new[] { "CS8032", "CS8784", "CS8785", "CS9057" }, code => Assert.Contains(code, warnings));

        // Accepting with the local tool promotes the received file.
        var accept = Step(machine.RunAsUserChecked(project, "traceregress", "accept"));
        Assert.Contains("Accepted 1 of 1.", accept.Output);
        Assert.True(File.Exists(verified));
        Assert.False(File.Exists(received));

        // The README's hand-written test compiles beside the generated one in a file that also imports
        // System.Diagnostics (whose Trace must not clash with the trace type), and both pass.
        File.WriteAllText(Path.Combine(project, "HandWrittenTests.cs"), "using System.Diagnostics;\n\n" + ReadmeExample(Path.Combine(project, "README.md")));
        // The replay and capture API comes with the template's package references, nothing more to add.
        File.WriteAllText(Path.Combine(project, "ReplayApi.cs"), """
            using System.Diagnostics;
            using TraceRegress.Capture;
            using TraceRegress.Replay;

            internal static class ReplayApi
            {
                internal static readonly System.Type[] Types = [typeof(TraceReplay), typeof(ReplayOptions), typeof(TraceCapture), typeof(Activity)];
            }
            """);
        var second = Step(machine.RunAsUser(project, "test"));
        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Equal(new TestCounts(Failed: 0, Passed: 2, Skipped: 0, Total: 2), second.Counts());
        Assert.DoesNotMatch(@"(?i): warning [A-Z]+\d+", second.Output);

        // The corpus folder is the project's to choose; a trace there that cannot be read fails the build, naming the file.
        Directory.Move(Path.Combine(project, "traces"), Path.Combine(project, "agent-traces"));
        File.WriteAllText(Path.Combine(project, name + ".csproj"), projectFile.ReplaceExisting(
            "<TraceRegress_CorpusFolder>traces</TraceRegress_CorpusFolder>", "<TraceRegress_CorpusFolder>agent-traces</TraceRegress_CorpusFolder>"));
        var broken = Directory.CreateDirectory(Path.Combine(project, "agent-traces", "broken")).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "packaging", "truncated-export.json"), Path.Combine(broken, "truncated-export.json"));
        var build = Step(machine.RunAsUser(project, "build"));
        Assert.True(build.ExitCode != 0, build.Describe());
        Assert.Matches(@"agent-traces[/\\]broken[/\\]truncated-export\.json\(\d+,\d+\): error TRG001: Trace 'broken/truncated-export\.json' cannot be read", build.Output);

        InARepositoryWithCentralPackageManagement(setup, name, listsThePackages: false);
        InARepositoryWithCentralPackageManagement(setup, name, listsThePackages: true);
    }

    /// <summary>
    /// The same template inside a repository whose Directory.Packages.props turns central package management on
    /// (where a version on a PackageReference is NU1008): with the project's packages not listed there, the
    /// project adds their PackageVersion items and builds; with all of them listed, it adds none and restores.
    /// </summary>
    private void InARepositoryWithCentralPackageManagement(TemplateCase setup, string name, bool listsThePackages)
    {
        var repository = Directory.CreateDirectory(Path.Combine(machine.Root, $"cpm-{setup.Name}-{(listsThePackages ? "listed" : "unlisted")}")).FullName;
        var project = Path.Combine(repository, "tests", name);
        Step(machine.RunAsUserChecked(repository, ["new", setup.Template, .. setup.Options, "-n", name, "-o", project, "--no-restore", "--debug:custom-hive", machine.TemplateHive]));
        var projectFile = Path.Combine(project, name + ".csproj");

        // What the project pins when it stands alone: every reference's version, from its Update items.
        var pinned = Regex.Matches(File.ReadAllText(projectFile), """<PackageReference Update="([^"]+)" Version="([^"]+)" />""")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(setup.Adapter, pinned.Keys);
        Assert.Contains(setup.Framework, pinned.Keys);
        var listed = listsThePackages ? pinned : new Dictionary<string, string>();
        File.WriteAllText(Path.Combine(repository, "Directory.Packages.props"), $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
            {string.Concat(listed.Select(p => $"    <PackageVersion Include=\"{p.Key.ToUpperInvariant()}\" Version=\"{p.Value}\" />\n"))}  </ItemGroup>
            </Project>
            """);
        if (setup.Name == "xunit-v3-mtp") File.Move(Path.Combine(project, "global.json"), Path.Combine(repository, "global.json"));

        // One PackageVersion per package: the repository's where it lists one (matched whatever the case), the project's otherwise.
        var versions = Step(machine.RunAsUserChecked(project, "msbuild", "-getItem:PackageVersion")).Output;
        foreach (var (package, version) in pinned)
        {
            var entries = Regex.Matches(versions, $"\"Identity\": \"{Regex.Escape(package)}\"", RegexOptions.IgnoreCase);
            Assert.True(entries.Count == 1, $"{package}: {entries.Count} PackageVersion items\n{versions}");
            Assert.Contains($"\"Identity\": \"{(listsThePackages ? package.ToUpperInvariant() : package)}\"", versions);
        }

        var restore = Step(machine.RunAsUser(project, listsThePackages ? "restore" : "build"));
        Assert.True(restore.ExitCode == 0, restore.Describe());
        Assert.DoesNotContain("NU1008", restore.Output);
        Assert.DoesNotContain("NU1010", restore.Output);
        Assert.DoesNotContain("NU1604", restore.Output);
        var assets = File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"));
        Assert.Contains($"\"{setup.Adapter}/{machine.Version}\"", assets);
        if (!listsThePackages) Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", name + ".dll")), restore.Describe());
    }

    private DotnetResult Step(DotnetResult result)
    {
        output.WriteLine($"{result.Elapsed.TotalSeconds,6:F1} s  {result.CommandLine}  (exit {result.ExitCode})");
        return result;
    }

    /// <summary>The C# example of a template README, so the documented test is the one that runs.</summary>
    private static string ReadmeExample(string readme)
    {
        var match = Regex.Match(File.ReadAllText(readme), "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "no C# example in " + readme);
        return match.Groups[1].Value;
    }

    /// <summary>The package's nuspec with its namespace dropped: pack writes the 2011 or the 2013 schema depending on the features used.</summary>
    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        var root = XDocument.Load(stream).Root!;
        foreach (var element in root.DescendantsAndSelf()) element.Name = element.Name.LocalName;
        return root;
    }
}
