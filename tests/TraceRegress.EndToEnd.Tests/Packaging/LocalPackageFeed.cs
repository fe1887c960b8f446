using System.Security;

namespace TraceRegress.EndToEnd.Tests.Packaging;

/// <summary>
/// A user's machine in a temp folder: the repository packed into a local feed under a prerelease version
/// that no package cache has seen, the templates installed into a private template hive, and the CLI
/// installed as a local tool. The user's commands run with a home folder, a package folder and a
/// nuget.config of their own, so nothing outside the temp folder is read from a stale cache or changed.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    /// <summary>The packages <c>dotnet pack TraceRegress.sln</c> must produce, and no others.</summary>
    public static readonly string[] PackageIds =
    [
        "TraceRegress", "TraceRegress.Xunit", "TraceRegress.Xunit.v3", "TraceRegress.NUnit", "TraceRegress.MSTest", "TraceRegress.Judge", "TraceRegress.Cli", "TraceRegress.Templates",
        "TraceRegress.Capture", "TraceRegress.Replay", "TraceRegress.OpenTelemetry",
    ];

    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private readonly Dictionary<string, string> _userEnvironment;

    public LocalPackageFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Directory.CreateTempSubdirectory("traceregress-e2e-").FullName;
        Feed = Path.Combine(Root, "feed");
        Work = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        TemplateHive = Path.Combine(Root, "template-hive");
        try
        {
            // Each run packs a version of its own, so neither the global packages folder nor NuGet's HTTP cache
            // can hand back a package from an earlier run.
            var suffix = "e2e" + Guid.NewGuid().ToString("N")[..12];
            var pack = DotnetProcess.Run(RepositoryRoot, new Dictionary<string, string>(), PackTimeout,
                "pack", "TraceRegress.sln", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"),
                "-p:VersionSuffix=" + suffix, "-nologo");
            Setup.Add(pack);
            Assert.True(pack.ExitCode == 0, pack.Describe());
            Version = VersionOf(Path.Combine(Feed, "TraceRegress.Templates.*.nupkg"), "TraceRegress.Templates.");
            Assert.EndsWith("-" + suffix, Version);

            _userEnvironment = new Dictionary<string, string>
            {
                ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName,
                ["HOME"] = Path.Combine(Root, "home"),
                ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName,
            };
            WriteNuGetConfig();

            Setup.Add(RunAsUserChecked(Root, "new", "install", PackagePath("TraceRegress.Templates"), "--debug:custom-hive", TemplateHive));
            Setup.Add(RunAsUserChecked(Work, "new", "tool-manifest"));
            Setup.Add(RunAsUserChecked(Work, "tool", "install", "TraceRegress.Cli", "--version", Version, "--add-source", Feed));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The repository being packed (the folder of TraceRegress.sln).</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temp folder holding everything else.</summary>
    public string Root { get; }

    /// <summary>The local package feed the solution was packed into.</summary>
    public string Feed { get; }

    /// <summary>Where user projects are created; its tool manifest lists the traceregress tool.</summary>
    public string Work { get; }

    /// <summary>The template hive <c>dotnet new</c> uses instead of the user's.</summary>
    public string TemplateHive { get; }

    /// <summary>The version every package of this run carries.</summary>
    public string Version { get; } = "";

    /// <summary>The commands that set the machine up, for their timings.</summary>
    public List<DotnetResult> Setup { get; } = [];

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>Runs a dotnet command as the user of this machine would.</summary>
    public DotnetResult RunAsUser(string workingDirectory, params string[] arguments) =>
        DotnetProcess.Run(workingDirectory, _userEnvironment, CommandTimeout, arguments);

    /// <summary>Runs a dotnet command as the user and requires it to succeed.</summary>
    public DotnetResult RunAsUserChecked(string workingDirectory, params string[] arguments)
    {
        var result = RunAsUser(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process that outlived its command may still hold a file; the temp folder is cleaned by the system.
        }
    }

    /// <summary>
    /// The local feed first, then the public source for the test frameworks. The user's global packages folder
    /// is only a read-only fallback, so xunit and NUnit come from it without a download while every
    /// TraceRegress package is unpacked fresh from the feed into this machine's own package folder.
    /// </summary>
    private void WriteNuGetConfig()
    {
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(userPackages)
            ? $"""
                <fallbackPackageFolders>
                  <add key="user" value="{SecurityElement.Escape(userPackages)}" />
                </fallbackPackageFolders>
              """
            : "";
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{SecurityElement.Escape(Feed)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            {fallback}
            </configuration>
            """);
    }

    private static string VersionOf(string pattern, string prefix)
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(pattern)!, Path.GetFileName(pattern));
        Assert.True(files.Length == 1, $"expected one {pattern}, found {files.Length}");
        var name = Path.GetFileNameWithoutExtension(files[0]);
        return name[prefix.Length..];
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TraceRegress.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException("TraceRegress.sln not found above " + AppContext.BaseDirectory);
    }
}
