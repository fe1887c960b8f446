using TraceRegress.Approval;

namespace TraceRegress.Tests.Approval;

/// <summary>The accept command a failure prints is the one the user will type: tool form, tidy path, where to run it.</summary>
public class AcceptCommandLineTests
{
    private const string LocalManifest = """
        {
          "version": 1,
          "isRoot": true,
          "tools": {
            "traceregress.cli": { "version": "0.1.0", "commands": [ "traceregress" ], "rollForward": false }
          }
        }
        """;

    /// <summary>A repository: <c>.git</c>, an example test project and a corpus beside it, as the travel-agent examples are laid out.</summary>
    private static string Repository(TempFolder temp, string? manifest = null, string manifestPath = ".config/dotnet-tools.json")
    {
        var root = Path.Combine(temp.Path, "repo");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "examples", "TravelAgent.XunitTests", "bin", "Debug", "net10.0"));
        Directory.CreateDirectory(Path.Combine(root, "examples", "traces", "flights"));
        if (manifest is not null)
        {
            var file = Path.Combine(root, manifestPath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, manifest);
        }

        return root;
    }

    private static string Corpus(string root) => Path.Combine(root, "examples", "TravelAgent.XunitTests", "..", "traces");

    private static string TestOutput(string root) => Path.Combine(root, "examples", "TravelAgent.XunitTests", "bin", "Debug", "net10.0");

    [Fact]
    public void A_local_tool_is_run_through_dotnet_and_the_path_is_tidy_and_relative_to_the_repository_root()
    {
        using var temp = new TempFolder();
        var root = Repository(temp, LocalManifest);

        var command = AcceptCommandLine.For(Corpus(root), currentDirectory: TestOutput(root));

        Assert.Equal("dotnet traceregress accept examples/traces", command.Text);
        Assert.Equal(Path.GetFullPath(root), command.RunFrom);
    }

    [Fact]
    public void A_manifest_at_the_root_of_the_folder_counts_too()
    {
        using var temp = new TempFolder();
        var root = Repository(temp, LocalManifest, manifestPath: "dotnet-tools.json");

        Assert.Equal("dotnet traceregress accept examples/traces", AcceptCommandLine.For(Corpus(root), TestOutput(root)).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{ "version": 1, "tools": { "dotnet-ef": { "version": "9.0.0", "commands": [ "dotnet-ef" ] } } }""")]
    [InlineData("{ not json")]
    public void Without_a_manifest_listing_traceregress_the_global_tool_is_named(string? manifest)
    {
        using var temp = new TempFolder();
        var root = Repository(temp, manifest);

        Assert.Equal("traceregress accept examples/traces", AcceptCommandLine.For(Corpus(root), TestOutput(root)).Text);
    }

    [Fact]
    public void A_corpus_under_the_current_directory_is_named_relative_to_it()
    {
        using var temp = new TempFolder();
        var root = Repository(temp, LocalManifest);
        var project = Path.Combine(root, "examples");

        var command = AcceptCommandLine.For(Corpus(root), currentDirectory: project);

        Assert.Equal("dotnet traceregress accept traces", command.Text);
        Assert.Null(command.RunFrom);
        Assert.Equal("traceregress accept .", AcceptCommandLine.For(Path.Combine(temp.Path, "loose"), Path.Combine(temp.Path, "loose")).Text);
    }

    [Fact]
    public void Outside_any_repository_and_the_current_directory_the_path_is_absolute_and_normalised()
    {
        using var temp = new TempFolder();
        var corpus = Path.Combine(temp.Path, "project", "..", "traces");

        var command = AcceptCommandLine.For(corpus, currentDirectory: Path.Combine(temp.Path, "elsewhere"));

        Assert.Equal("traceregress accept " + Path.Combine(temp.Path, "traces"), command.Text);
        Assert.DoesNotContain("..", command.Text, StringComparison.Ordinal);
        Assert.Null(command.RunFrom);
    }

    [Fact]
    public void A_path_with_spaces_is_quoted()
    {
        using var temp = new TempFolder();
        var root = Repository(temp);
        var corpus = Path.Combine(root, "agent tests", "traces");
        Directory.CreateDirectory(corpus);

        Assert.Equal("traceregress accept \"agent tests/traces\"", AcceptCommandLine.For(corpus, TestOutput(root)).Text);
    }

    [Fact]
    public void The_failure_names_the_command_where_to_run_it_and_the_environment_variable()
    {
        using var temp = new TempFolder();
        var root = Repository(temp, LocalManifest);
        var trace = Path.Combine(root, "examples", "traces", "flights", "search.json");
        File.Copy(Fixture.Path("approval", "inventory-timeout.json"), trace);
        var files = ApprovalFiles.For(trace);

        // As under dotnet test, where the test host runs in the test project's output folder.
        var outcome = TraceApproval.Check("flights/search.json", trace, files, Corpus(root), new StatusCodeEngine(), new ApprovalEnvironment(_ => null, TestOutput(root)));

        Assert.False(outcome.Passed);
        Assert.Contains("To accept it: dotnet traceregress accept examples/traces\n", outcome.Message, StringComparison.Ordinal);
        Assert.Contains($"(from the repository root, {Path.GetFullPath(root)})", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("or: TRACEREGRESS_ACCEPT=1 dotnet test", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/../", outcome.Message, StringComparison.Ordinal);
    }
}
