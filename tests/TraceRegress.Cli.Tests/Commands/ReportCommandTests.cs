namespace TraceRegress.Cli.Tests.Commands;

public class ReportCommandTests
{
    private static Attribution Attribute(string path) => AttributionEngine.Default.Attribute(AgentTrace.Load(path));

    /// <summary>A corpus where every trace's approval is its current attribution.</summary>
    internal static TempFolder ApprovedCorpus()
    {
        var corpus = new TempFolder(Fixture.Path("corpus"));
        foreach (var trace in Directory.GetFiles(corpus.Root, "*.json", SearchOption.AllDirectories))
        {
            File.WriteAllText(trace[..^".json".Length] + ".verified.json", Attribute(trace).ToJson());
        }

        return corpus;
    }

    [Fact]
    public void Check_passes_when_every_trace_matches_its_approval()
    {
        using var corpus = ApprovedCorpus();

        var run = CliRun.Of("report", corpus.Root, "--check");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("3 traces", run.Out);
        Assert.Contains("3 approved", run.Out);
    }

    [Fact]
    public void Check_fails_with_1_when_an_attribution_moved_and_names_the_trace()
    {
        using var corpus = ApprovedCorpus();
        File.Copy(Fixture.Path("approvals", "tool-not-found.old.verified.json"), corpus.Path("search", "tool-not-found.verified.json"), overwrite: true);
        var now = Attribute(corpus.Path("search", "tool-not-found.json"));
        Assert.NotEqual("support-agent/gen_ai.chat[2]", now.Cited?.Path);

        var run = CliRun.Of("report", corpus.Root, "--check");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("1 trace(s) changed since approval, 0 without approval");
        Assert.Contains("Changed since approval", run.Out);
        Assert.Contains("search/tool-not-found.json: support-agent/gen_ai.chat[2] — Tool Output Misinterpretation (l4) → ", run.Out);
    }

    [Fact]
    public void Check_fails_with_1_when_a_trace_has_no_approval()
    {
        using var corpus = ApprovedCorpus();
        File.Delete(corpus.Path("checkout", "rate-limited.verified.json"));

        var run = CliRun.Of("report", corpus.Root, "--check");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("0 trace(s) changed since approval, 1 without approval");
        Assert.Contains("checkout/rate-limited.json", run.Out);
    }

    [Fact]
    public void Without_check_differences_are_shown_but_do_not_fail()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));

        var run = CliRun.Of("report", corpus.Root);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Without approval", run.Out);
    }

    [Fact]
    public void Counts_cited_operations_and_categories_in_the_heatmap()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        var cited = Directory.GetFiles(corpus.Root, "*.json", SearchOption.AllDirectories)
            .Select(Attribute).Where(a => a.FailureFound).ToArray();
        Assert.NotEmpty(cited);

        var run = CliRun.Of("report", corpus.Root, "--md", corpus.Path("report.md"));

        Assert.Equal(0, run.ExitCode);
        var md = File.ReadAllText(corpus.Path("report.md"));
        foreach (var group in cited.GroupBy(a => a.Cited!.Name))
        {
            Assert.Contains($"| {group.Key} | {group.Count()} |", md);
            Assert.Contains($"{group.Key} ({group.Count()})", run.Out);
        }

        foreach (var group in cited.GroupBy(a => a.Category!.L4))
        {
            Assert.Contains($"| {group.Key} | {group.Count()} |", md);
        }

        Assert.Contains("## Operation × category", md);
    }

    [Fact]
    public void An_unreadable_trace_in_the_corpus_is_reported_and_bad_input()
    {
        using var corpus = ApprovedCorpus();
        File.Copy(Fixture.Path("bad", "truncated.json"), corpus.Path("search", "truncated.json"));

        var run = CliRun.Of("report", corpus.Root, "--check");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("truncated.json(");
        Assert.Contains("Unreadable", run.Out);
        Assert.Contains("3 approved", run.Out);
    }

    [Fact]
    public void An_unwritable_html_path_is_bad_input_before_any_work()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));

        var run = CliRun.Of("report", corpus.Root, "--html", corpus.Path("missing", "report.html"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError("cannot write");
    }

    [Fact]
    public void A_missing_corpus_is_bad_input()
    {
        var run = CliRun.Of("report", "/no/such/corpus");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("corpus folder not found");
    }

    [Fact]
    public void The_html_page_is_self_contained()
    {
        using var corpus = ApprovedCorpus();
        var html = corpus.Path("report.html");

        var run = CliRun.Of("report", corpus.Root, "--html", html);

        Assert.Equal(0, run.ExitCode);
        var page = File.ReadAllText(html);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", page);
        Assert.DoesNotContain("https://", page);
        Assert.DoesNotContain("url(", page);
        Assert.Contains("<style>", page);
    }
}
