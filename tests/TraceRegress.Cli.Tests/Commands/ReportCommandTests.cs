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
    public void An_unreadable_trace_is_a_row_with_file_position_and_reason_the_report_carries_on_and_exits_1()
    {
        using var corpus = ApprovedCorpus();
        File.Copy(Fixture.Path("bad", "truncated.json"), corpus.Path("search", "truncated.json"));
        var expected = Assert.Throws<TraceFormatException>(() => AgentTrace.Load(corpus.Path("search", "truncated.json")));
        Assert.True(expected.Line > 0);

        var run = CliRun.Of("report", corpus.Root, "--md", corpus.Path("report.md"), "--html", corpus.Path("report.html"));

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("1 trace(s) could not be read; first: search/truncated.json(");
        // Every readable trace is still reported.
        Assert.Contains("4 traces", run.Out);
        Assert.Contains("3 approved", run.Out);
        Assert.Contains("1 unreadable", run.Out);
        Assert.Contains($"search/truncated.json (line {expected.Line}, column {expected.Column}): {expected.Reason}", run.Out);

        var md = File.ReadAllText(corpus.Path("report.md"));
        Assert.Contains("## Unreadable", md);
        Assert.Contains($"| `search/truncated.json` | {expected.Line}:{expected.Column} | {expected.Reason} |", md);
        Assert.Contains("| `checkout/rate-limited.json` | approved |", md);

        var html = File.ReadAllText(corpus.Path("report.html"));
        Assert.Contains("<h2 id=\"unreadable\">Unreadable</h2>", html);
        Assert.Contains($"<tr><td><code>search/truncated.json</code></td><td>{expected.Line}:{expected.Column}</td><td>{System.Net.WebUtility.HtmlEncode(expected.Reason)}</td></tr>", html);
    }

    [Fact]
    public void An_unreadable_approval_is_a_row_naming_the_verified_file()
    {
        using var corpus = ApprovedCorpus();
        File.WriteAllText(corpus.Path("checkout", "rate-limited.verified.json"), "{ \"cited\": 3 }");

        var run = CliRun.Of("report", corpus.Root, "--md", corpus.Path("report.md"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("2 approved", run.Out);
        Assert.Contains("| `checkout/rate-limited.verified.json` | 1:3 | \"cited\" must be an object with \"path\", or null for no failure |", File.ReadAllText(corpus.Path("report.md")));
    }

    [Fact]
    public void Several_unreadable_traces_are_each_a_row_and_none_hides_the_others()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        File.Copy(Fixture.Path("bad", "truncated.json"), corpus.Path("a-truncated.json"));
        File.Copy(Fixture.Path("bad", "not-a-trace.json"), corpus.Path("z-not-a-trace.json"));

        var run = CliRun.Of("report", corpus.Root, "--md", corpus.Path("report.md"));

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("2 trace(s) could not be read; first: a-truncated.json");
        var md = File.ReadAllText(corpus.Path("report.md"));
        var rows = md.Split('\n').SkipWhile(l => l != "## Unreadable").TakeWhile(l => l != "## Most-cited operations").Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("| `a-truncated.json` |", rows[0]);
        Assert.StartsWith("| `z-not-a-trace.json` |", rows[1]);
        Assert.Contains("5 traces: 0 approved, 0 changed since approval, 3 without approval, 2 unreadable.", md);
    }

    /// <summary>What a CI shard's failing tests leave: a received file per trace, written by the test as the CLI's attribute --json does.</summary>
    private static void Receive(string shardRoot, string relativeTrace, string json)
    {
        var target = Path.Combine(shardRoot, relativeTrace[..^".json".Length] + ".received.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, json);
    }

    [Fact]
    public void Received_files_from_several_shards_are_merged_into_the_corpus_report()
    {
        using var corpus = ApprovedCorpus();
        using var shards = new TempFolder();
        // Shard 1 received what is approved (a test that failed for another reason, say); shard 2 a moved attribution.
        Receive(shards.Path("shard-1"), "checkout/rate-limited.json", Attribute(corpus.Path("checkout", "rate-limited.json")).ToJson());
        Receive(shards.Path("shard-2"), "search/tool-not-found.json", File.ReadAllText(Fixture.Path("approvals", "tool-not-found.old.verified.json")));
        var now = Attribute(corpus.Path("search", "tool-not-found.json"));
        Assert.NotEqual("support-agent/gen_ai.chat[2]", now.Cited?.Path);

        var run = CliRun.Of("report", corpus.Root, shards.Path("shard-1"), shards.Path("shard-2"), "--check", "--md", shards.Path("report.md"));

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("1 trace(s) changed since approval, 0 without approval");
        Assert.Contains("3 traces", run.Out);
        Assert.Contains("2 approved", run.Out);
        Assert.Contains("2 attributed by test runs", run.Out);
        // The shard's attribution is the one compared, not a new one made here.
        Assert.Contains($"search/tool-not-found.json: {now.Cited!.Path} — {now.Category!.L4} (l4) → support-agent/gen_ai.chat[2] (Tool Output Misinterpretation)", run.Out);
        var md = File.ReadAllText(shards.Path("report.md"));
        Assert.Contains("2 attribution(s) come from `.received.json` files collected from test runs.", md);
        Assert.Contains("| `search/tool-not-found.json` | changed | `support-agent/gen_ai.chat[2]` | Tool Output Misinterpretation |", md);
    }

    [Fact]
    public void A_folder_of_received_files_alone_is_a_report_of_what_the_shards_received()
    {
        using var corpus = new TempFolder(Fixture.Path("corpus"));
        using var downloaded = new TempFolder();
        var traces = Directory.GetFiles(corpus.Root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var cited = traces.Select(Attribute).ToArray();
        foreach (var trace in traces) Receive(downloaded.Root, Path.GetRelativePath(corpus.Root, trace), Attribute(trace).ToJson());
        // One approval came along with the received files (the shard uploaded it beside them); it matches.
        File.Copy(Path.Combine(downloaded.Root, "checkout", "rate-limited.received.json"), Path.Combine(downloaded.Root, "checkout", "rate-limited.verified.json"));

        var run = CliRun.Of("report", downloaded.Root, "--md", downloaded.Path("report.md"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains($"{traces.Length} traces", run.Out);
        Assert.Contains("1 approved", run.Out);
        Assert.Contains($"{traces.Length - 1} without approval", run.Out);
        var md = File.ReadAllText(downloaded.Path("report.md"));
        foreach (var group in cited.Where(a => a.FailureFound).GroupBy(a => a.Category!.L4))
        {
            Assert.Contains($"| {group.Key} | {group.Count()} |", md);
        }

        Assert.Contains("| `checkout/rate-limited.received.json` | approved |", md);
    }

    [Fact]
    public void The_same_trace_received_alike_by_two_shards_is_one_row_and_received_differently_is_a_problem()
    {
        using var corpus = ApprovedCorpus();
        using var shards = new TempFolder();
        var json = Attribute(corpus.Path("search", "tool-not-found.json")).ToJson();
        Receive(shards.Path("a"), "search/tool-not-found.json", json);
        Receive(shards.Path("b"), "search/tool-not-found.json", json);

        var alike = CliRun.Of("report", corpus.Root, shards.Path("a"), shards.Path("b"), "--check");

        Assert.Equal(0, alike.ExitCode);
        Assert.Contains("3 traces", alike.Out);
        Assert.Contains("3 approved", alike.Out);

        Receive(shards.Path("b"), "search/tool-not-found.json", File.ReadAllText(Fixture.Path("approvals", "tool-not-found.old.verified.json")));
        var different = CliRun.Of("report", corpus.Root, shards.Path("a"), shards.Path("b"));

        Assert.Equal(1, different.ExitCode);
        different.AssertOneLineError("search/tool-not-found.received.json: the test runs received different attributions: ");
        Assert.Contains("3 traces", different.Out);
        Assert.Contains("2 approved", different.Out);
    }

    [Fact]
    public void An_unreadable_received_file_is_a_row_naming_it_with_its_position()
    {
        using var corpus = ApprovedCorpus();
        using var shard = new TempFolder();
        Receive(shard.Root, "checkout/rate-limited.json", "{\n  \"cited\": {\n");

        var run = CliRun.Of("report", corpus.Root, shard.Root);

        Assert.Equal(1, run.ExitCode);
        run.AssertOneLineError("first: checkout/rate-limited.received.json(");
        Assert.Contains("2 approved", run.Out);
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
