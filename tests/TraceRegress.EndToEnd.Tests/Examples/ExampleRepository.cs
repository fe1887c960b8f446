namespace TraceRegress.EndToEnd.Tests.Examples;

/// <summary>
/// A throwaway copy of the parts of the repository the example projects build from (sources, generator
/// templates, build settings, examples), so runs that add traces, accept attributions or change the engine
/// leave the repository untouched. Restored and built once; each test builds incrementally from there.
/// </summary>
public sealed class ExampleRepository : IDisposable
{
    public const string XunitProject = "examples/TravelAgent.XunitTests";
    public const string NUnitProject = "examples/TravelAgent.NUnitTests";

    private static readonly string[] CopiedFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"];
    private static readonly string[] CopiedFolders =
        [
            "src/TraceRegress", "src/TraceRegress.Generators", "src/TraceRegress.Build.Tasks", "src/TraceRegress.Xunit", "src/TraceRegress.NUnit", "src/TraceRegress.TestAdapter.Shared",
            "src/TraceRegress.Capture", "src/TraceRegress.Replay", "templates/generator", "examples",
        ];

    public ExampleRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "traceregress-e2e", Guid.NewGuid().ToString("N")[..12]);
        var source = FindRepositoryRoot();
        foreach (var file in CopiedFiles) CopyFile(Path.Combine(source, file), Path.Combine(Root, file));
        foreach (var folder in CopiedFolders) CopyFolder(Path.Combine(source, folder), Path.Combine(Root, folder));

        // One restore and build for both projects; the tests then build with --no-restore.
        Build = Dotnet(["build", XunitProject]);
        Assert.True(Build.ExitCode == 0, "the xUnit example does not build:\n" + Build.Describe());
        var nunit = Dotnet(["build", NUnitProject]);
        Assert.True(nunit.ExitCode == 0, "the NUnit example does not build:\n" + nunit.Describe());
    }

    /// <summary>The copy's root folder.</summary>
    public string Root { get; }

    /// <summary>The first build, kept for its timing.</summary>
    public DotnetResult Build { get; }

    /// <summary>The shared corpus folder of the copy.</summary>
    public string Corpus => Path.Combine(Root, "examples", "traces");

    private static readonly string[] SidecarOrApproval = [".verified.json", ".received.json", ".expected.json", ".judge.json", ".received.otlp"];

    /// <summary>The traces of the corpus, as corpus-relative paths with <c>/</c>: every file but approval files and sidecars (expected answers, judge recordings).</summary>
    public SortedSet<string> Traces()
    {
        var traces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Corpus, "*", SearchOption.AllDirectories))
        {
            if (SidecarOrApproval.Any(suffix => file.EndsWith(suffix, StringComparison.Ordinal))) continue;
            traces.Add(Path.GetRelativePath(Corpus, file).Replace('\\', '/'));
        }

        return traces;
    }

    /// <summary>Runs <c>dotnet test</c> on an example project with a TRX log, building it first unless told not to.</summary>
    public TestRun Test(string project, bool build = true, params (string Name, string Value)[] environment) =>
        Test(project, build, filter: null, environment);

    /// <summary>Runs <c>dotnet test</c> with a test filter (<c>--filter</c>), as one CI shard does.</summary>
    public TestRun Test(string project, bool build, string? filter, params (string Name, string Value)[] environment)
    {
        var results = Path.Combine(Root, "results", Guid.NewGuid().ToString("N")[..8]);
        var arguments = new List<string> { "test", project, "--no-restore", "--logger", "trx;LogFileName=run.trx", "--results-directory", results };
        if (!build) arguments.Add("--no-build");
        if (filter is not null) arguments.AddRange(["--filter", filter]);
        var run = Dotnet(arguments, environment);
        var trx = Path.Combine(results, "run.trx");
        Assert.True(File.Exists(trx), "no TRX log was written:\n" + run.Describe());
        return new TestRun(run, TrxResults.Read(trx));
    }

    /// <summary>Runs a dotnet command in the copy, as a developer would from its root.</summary>
    public DotnetResult Dotnet(IReadOnlyList<string> arguments, params (string Name, string Value)[] environment) =>
        DotnetProcess.Run(Root, environment.ToDictionary(e => e.Name, e => e.Value), TimeSpan.FromMinutes(10), [.. arguments]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the results are what matter.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceRegress.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("TraceRegress.sln not found above " + AppContext.BaseDirectory);
    }

    private static void CopyFolder(string from, string to)
    {
        var pending = new Stack<string>();
        pending.Push(from);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                // Build output and pending approvals of the working tree are not part of a clean checkout.
                if (name is "bin" or "obj" or "TestResults") continue;
                pending.Push(sub);
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (file.EndsWith(".received.json", StringComparison.Ordinal)) continue;
                CopyFile(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }


}

/// <summary>A dotnet test run and the results its TRX log lists.</summary>
public sealed record TestRun(DotnetResult Run, IReadOnlyList<TestResult> Results)
{
    /// <summary>The results of the tests generated from the corpus: their names are the traces' relative paths.</summary>
    public IReadOnlyList<TestResult> Generated(IEnumerable<string> traces)
    {
        var names = traces.ToHashSet(StringComparer.Ordinal);
        return Results.Where(r => names.Contains(r.Name)).ToList();
    }
}
