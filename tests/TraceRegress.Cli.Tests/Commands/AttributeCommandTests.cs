namespace TraceRegress.Cli.Tests.Commands;

public class AttributeCommandTests
{
    private static readonly string ToolNotFound = Fixture.Path("corpus", "search", "tool-not-found.json");

    [Fact]
    public void Draws_the_span_tree_with_durations_status_and_the_cited_span_marked()
    {
        var expected = AttributionEngine.Default.Attribute(AgentTrace.Load(ToolNotFound));
        Assert.True(expected.FailureFound, "the fixture is a failing trace");

        var run = CliRun.Of("attribute", ToolNotFound);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var lines = run.Out.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("support-agent [b100000000000001]  5.21 s  ERROR \"agent gave up after tool failure\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("├─ gen_ai.chat[1] [b100000000000002]  1.48 s  OK", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("├─ execute_tool lookup_order [b100000000000003]  212 ms  ERROR \"404 Not Found\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("└─ gen_ai.chat[2] [b100000000000004]  3.20 s  OK", StringComparison.Ordinal));
        var citedLine = Assert.Single(lines, l => l.EndsWith("◀ cited", StringComparison.Ordinal));
        Assert.Contains($"[{expected.Cited!.SpanId}]", citedLine);
        foreach (var id in expected.Chain.Where(id => id != expected.Cited.SpanId))
        {
            Assert.Contains(lines, l => l.Contains($"[{id}]", StringComparison.Ordinal) && l.EndsWith("◀ chain", StringComparison.Ordinal));
        }
        Assert.Contains($"Cited      {expected.Cited.Path} ({expected.Cited.SpanId})", run.Out);
        Assert.Contains($"{expected.Category!.L1} › {expected.Category.L2} › {expected.Category.L3} › {expected.Category.L4}", run.Out);
        Assert.NotEmpty(expected.Evidence);
        foreach (var evidence in expected.Evidence)
        {
            Assert.Contains($"{evidence.SpanId} {evidence.Source}", run.Out);
            Assert.Contains($"\"{evidence.Quote}\"", run.Out);
        }

        // Redirected output is plain text: no ANSI escapes.
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public void Json_prints_exactly_the_attribution_json_and_nothing_else()
    {
        var expected = AttributionEngine.Default.Attribute(AgentTrace.Load(ToolNotFound)).ToJson();

        var run = CliRun.Of("attribute", ToolNotFound, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.Out);
        Assert.Equal("", run.Error);
        using var parsed = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal("5d1e8b3f6c9d2e5a7f2c9a4d1e8b3f6c", parsed.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public void A_trace_without_failure_says_so()
    {
        var path = Fixture.Path("corpus", "checkout", "healthy.json");
        var attribution = AttributionEngine.Default.Attribute(AgentTrace.Load(path));

        var run = CliRun.Of("attribute", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("get_cart", run.Out);
        if (attribution.FailureFound) Assert.Contains("◀ cited", run.Out);
        else Assert.Contains("No failure found.", run.Out);
    }

    [Fact]
    public void A_missing_file_is_bad_input()
    {
        var run = CliRun.Of("attribute", "no-such-trace.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError("no-such-trace.json: file not found");
    }

    [Fact]
    public void A_truncated_trace_is_bad_input_with_file_line_and_column()
    {
        var path = Fixture.Path("bad", "truncated.json");

        var run = CliRun.Of("attribute", path, "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError($"{path}(");
        Assert.Matches(@"truncated\.json\(\d+,\d+\): ", run.Error);
    }

    [Fact]
    public void A_document_of_no_known_format_is_bad_input()
    {
        var path = Fixture.Path("bad", "not-a-trace.json");

        var run = CliRun.Of("attribute", path);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("unknown trace format");
    }

    [Fact]
    public void A_folder_where_a_trace_is_expected_is_bad_input()
    {
        var run = CliRun.Of("attribute", Fixture.Path("corpus"));

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("is a folder");
    }
}
