using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace TraceRegress.EndToEnd.Tests.Packaging;

/// <summary>
/// The packages that depend on TraceRegress (or on each other), packed: every such dependency names exactly the version
/// it was packed with, and the assemblies TraceRegress opens its internals to are either not packages or pinned so.
/// </summary>
[Collection(PackingAlone.Name)]
public sealed class PinnedDependencyTests(PinnedDependencyTests.PackedProjects packed) : IClassFixture<PinnedDependencyTests.PackedProjects>
{
    /// <summary>Every packable project under src/ that references another of the repository's projects.</summary>
    public sealed class PackedProjects : IDisposable
    {
        public static readonly string[] Projects =
        [
            "TraceRegress", "TraceRegress.Xunit", "TraceRegress.Xunit.v3", "TraceRegress.NUnit", "TraceRegress.MSTest",
            "TraceRegress.Judge", "TraceRegress.Capture", "TraceRegress.Replay", "TraceRegress.OpenTelemetry",
        ];

        public PackedProjects()
        {
            var root = RepositoryRoot();
            Root = Directory.CreateTempSubdirectory("traceregress-pin-").FullName;
            Feed = Path.Combine(Root, "feed");
            var suffix = "pin" + Guid.NewGuid().ToString("N")[..12];
            foreach (var project in Projects)
            {
                var pack = DotnetProcess.Run(root, new Dictionary<string, string>(), LocalPackageFeed.PackTimeout,
                    "pack", Path.Combine("src", project, project + ".csproj"), "-o", Feed,
                    "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:VersionSuffix=" + suffix, "-nologo");
                Assert.True(pack.ExitCode == 0, pack.Describe());
            }

            Version = Path.GetFileName(Directory.GetFiles(Feed, "TraceRegress.Xunit.v3.*.nupkg").Single())["TraceRegress.Xunit.v3.".Length..^".nupkg".Length];
            Assert.EndsWith("-" + suffix, Version);
        }

        public string Root { get; }

        public string Feed { get; }

        public string Version { get; }

        public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder does not change a result.
            }
        }

        private static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "TraceRegress.sln"))) return folder.FullName;
            }

            throw new InvalidOperationException("TraceRegress.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static XElement[] Dependencies(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency").ToArray();
    }

    [Theory]
    [InlineData("TraceRegress.Xunit")]
    [InlineData("TraceRegress.Xunit.v3")]
    [InlineData("TraceRegress.NUnit")]
    [InlineData("TraceRegress.MSTest")]
    [InlineData("TraceRegress.Judge")]
    [InlineData("TraceRegress.Capture")]
    [InlineData("TraceRegress.Replay")]
    [InlineData("TraceRegress.OpenTelemetry")]
    public void A_dependency_on_another_of_the_repositorys_packages_is_pinned_to_the_exact_version(string id)
    {
        var ours = Dependencies(packed.PackagePath(id))
            .Where(d => ((string)d.Attribute("id")!).StartsWith("TraceRegress", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(ours);
        Assert.All(ours, d => Assert.Equal($"[{packed.Version}]", (string)d.Attribute("version")!));
        Assert.DoesNotContain(ours, d => (string)d.Attribute("id")! == "TraceRegress.Generators");
    }

    [Fact]
    public void TraceRegress_opens_its_internals_to_no_package_but_exactly_pinned_ones()
    {
        using var zip = ZipFile.OpenRead(packed.PackagePath("TraceRegress"));
        using var dll = new MemoryStream();
        using (var entry = zip.GetEntry("lib/net10.0/TraceRegress.dll")!.Open()) entry.CopyTo(dll);
        dll.Position = 0;
        using var pe = new PEReader(dll);
        var metadata = pe.GetMetadataReader();
        var friends = metadata.GetAssemblyDefinition().GetCustomAttributes()
            .Select(metadata.GetCustomAttribute)
            .Where(a => AttributeName(metadata, a) == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            .Select(a => a.DecodeValue(new StringOnly()).FixedArguments[0].Value as string)
            .ToArray();

        // The test adapters reach only the public API (TraceRegress.Testing): none of them is a friend.
        foreach (var adapter in new[] { "TraceRegress.Xunit", "TraceRegress.Xunit.v3", "TraceRegress.NUnit", "TraceRegress.MSTest" })
        {
            Assert.DoesNotContain(adapter, friends);
        }

        foreach (var friend in friends.Where(f => File.Exists(packed.PackagePath(f!))))
        {
            var dependsOnCore = Dependencies(packed.PackagePath(friend!))
                .Any(d => (string)d.Attribute("id")! is "TraceRegress" or "TraceRegress.Capture" && (string)d.Attribute("version")! == $"[{packed.Version}]");
            Assert.True(dependsOnCore, $"{friend} sees TraceRegress's internals but does not pin it to [{packed.Version}]");
        }
    }

    private static string AttributeName(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference) return "";
        var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference) return "";
        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
    }

    /// <summary>Decodes the one string argument of InternalsVisibleTo.</summary>
    private sealed class StringOnly : ICustomAttributeTypeProvider<Type>
    {
        public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? typeof(string) : typeof(object);

        public Type GetSystemType() => typeof(Type);

        public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();

        public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);

        public Type GetTypeFromSerializedName(string name) => typeof(object);

        public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(Type type) => type == typeof(Type);
    }
}

/// <summary>
/// Packing runs alone: beside the other packing and example fixtures it doubles their time on a small machine and
/// pushes them past their timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackingAlone
{
    public const string Name = "packing alone";
}
