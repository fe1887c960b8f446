using TraceRegress.Approval;

namespace TraceRegress.Cli.Tests.Commands;

public class AcceptCommandTests
{
    private static string AttributionJson(string tracePath) => AttributionEngine.Default.Attribute(AgentTrace.Load(tracePath)).ToJson();

    [Fact]
    public void Promotes_a_new_received_file_and_says_so()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var trace = corpus.Path("search", "tool-not-found.json");
        var received = corpus.Path("search", "tool-not-found.received.json");
        var json = AttributionJson(trace);
        File.WriteAllText(received, json);
        var expected = VerifiedAttribution.Parse(System.Text.Encoding.UTF8.GetBytes(json), received).Describe();

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(received));
        Assert.Equal(json, File.ReadAllText(corpus.Path("search", "tool-not-found.verified.json")));
        Assert.Contains($"new      search/tool-not-found: {expected}", run.Out);
        Assert.Contains("Resource Not Found", expected);
        Assert.Contains("Accepted 1 of 1.", run.Out);
    }

    [Fact]
    public void Lists_the_old_and_new_span_and_category_of_a_changed_approval()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var trace = corpus.Path("search", "tool-not-found.json");
        File.Copy(Fixture.Path("approvals", "tool-not-found.old.verified.json"), corpus.Path("search", "tool-not-found.verified.json"));
        var json = AttributionJson(trace);
        File.WriteAllText(corpus.Path("search", "tool-not-found.received.json"), json);
        var before = VerifiedAttribution.Load(Fixture.Path("approvals", "tool-not-found.old.verified.json")).Describe();
        var after = VerifiedAttribution.Parse(System.Text.Encoding.UTF8.GetBytes(json), "received").Describe();
        Assert.NotEqual(before, after);

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Out.Split('\n'), l => l.Contains("search/tool-not-found", StringComparison.Ordinal));
        Assert.Contains($"changed  search/tool-not-found: {before} → {after}", line);
        Assert.Contains("support-agent/gen_ai.chat[2]", before);
        Assert.Contains("Tool Output Misinterpretation", before);
    }

    [Fact]
    public void A_received_file_that_is_not_an_attribution_is_left_and_the_approval_kept()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var verified = corpus.Path("search", "tool-not-found.verified.json");
        File.Copy(Fixture.Path("approvals", "tool-not-found.old.verified.json"), verified);
        var approved = File.ReadAllBytes(verified);
        var received = corpus.Path("search", "tool-not-found.received.json");
        File.WriteAllText(received, "{ \"cited\": ");

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(approved, File.ReadAllBytes(verified));
        Assert.True(File.Exists(received));
        run.AssertOneLineError("not accepted");
        Assert.Contains("skipped  search/tool-not-found", run.Out);
    }

    [Fact]
    public void Accepts_every_received_file_in_ordinal_order_and_keeps_approvals_without_one()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var untouched = corpus.Path("checkout", "healthy.verified.json");
        File.WriteAllText(untouched, AttributionJson(corpus.Path("checkout", "healthy.json")));
        foreach (var name in (string[])["search/tool-not-found", "checkout/rate-limited"])
        {
            File.WriteAllText(corpus.Path(name + ".received.json"), AttributionJson(corpus.Path(name + ".json")));
        }

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(untouched));
        Assert.True(run.Out.IndexOf("checkout/rate-limited", StringComparison.Ordinal) < run.Out.IndexOf("search/tool-not-found", StringComparison.Ordinal));
        Assert.Contains("Accepted 2 of 2.", run.Out);
        Assert.Empty(Directory.GetFiles(corpus.Root, "*.received.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_unchanged_attribution_is_listed_as_the_same()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var json = AttributionJson(corpus.Path("checkout", "rate-limited.json"));
        File.WriteAllText(corpus.Path("checkout", "rate-limited.verified.json"), json);
        File.WriteAllText(corpus.Path("checkout", "rate-limited.received.json"), json);
        var described = VerifiedAttribution.Parse(System.Text.Encoding.UTF8.GetBytes(json), "received").Describe();

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"same     checkout/rate-limited: {described}", run.Out);
        Assert.False(File.Exists(corpus.Path("checkout", "rate-limited.received.json")));
    }

    [Fact]
    public void Received_copies_in_build_output_are_not_accepted()
    {
        using var project = new TempFolder();
        var copy = project.Path("bin", "Debug", "net10.0", "traces");
        Directory.CreateDirectory(copy);
        File.Copy(Fixture.Path("corpus", "checkout", "rate-limited.json"), Path.Combine(copy, "rate-limited.json"));
        File.WriteAllText(Path.Combine(copy, "rate-limited.received.json"), AttributionJson(Path.Combine(copy, "rate-limited.json")));

        var run = CliRun.In(project.Root, "accept");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nothing to accept in " + project.Root, run.Out);
        Assert.True(File.Exists(Path.Combine(copy, "rate-limited.received.json")));
        Assert.False(File.Exists(Path.Combine(copy, "rate-limited.verified.json")));
    }

    [Fact]
    public void A_received_file_without_its_trace_is_accepted_with_a_warning()
    {
        using var corpus = new TempFolder();
        File.WriteAllText(corpus.Path("gone.received.json"), AttributionJson(Fixture.Path("corpus", "checkout", "rate-limited.json")));

        var run = CliRun.Of("accept", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("new      gone: ", run.Out);
        Assert.Contains("(no trace beside it)", run.Out);
        Assert.True(File.Exists(corpus.Path("gone.verified.json")));
    }

    [Fact]
    public void Without_a_corpus_argument_uses_the_traces_folder()
    {
        using var project = new TempFolder();
        Directory.CreateDirectory(project.Path("traces"));
        File.Copy(Fixture.Path("corpus", "checkout", "rate-limited.json"), project.Path("traces", "rate-limited.json"));
        File.WriteAllText(project.Path("traces", "rate-limited.received.json"), AttributionJson(project.Path("traces", "rate-limited.json")));

        var run = CliRun.In(project.Root, "accept");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(project.Path("traces", "rate-limited.verified.json")));
    }

    [Fact]
    public void Without_a_traces_folder_uses_the_current_folder()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));

        var run = CliRun.In(corpus.Root, "accept");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Nothing to accept in " + corpus.Root, run.Out);
    }

    [Fact]
    public void A_missing_corpus_is_bad_input()
    {
        var run = CliRun.Of("accept", "/no/such/corpus");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("corpus folder not found");
    }
}
