namespace TraceRegress.Cli.Tests.Commands;

public class ImportCommandTests
{
    private static string[] Secrets() =>
        File.ReadAllLines(Fixture.Path("import", "secrets.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();

    [Theory]
    [InlineData("otlp-leaky.jsonl", TraceFormat.Otlp)]
    [InlineData("jaeger-leaky.json", TraceFormat.Jaeger)]
    [InlineData("zipkin-leaky.json", TraceFormat.Zipkin)]
    [InlineData("flat-five-hop.json", TraceFormat.FlatSpans)]
    [InlineData("openinference-rag.json", TraceFormat.OpenInference)]
    [InlineData("langfuse-agent.json", TraceFormat.Langfuse)]
    [InlineData("langsmith-agent.json", TraceFormat.LangSmith)]
    public void Imports_every_format_as_otlp_json_with_the_same_tree(string file, TraceFormat format)
    {
        using var corpus = new TempFolder();
        var input = Fixture.Path("import", file);

        var run = CliRun.In(corpus.Root, "import", input, "--to", "traces");

        Assert.Equal(0, run.ExitCode);
        var target = corpus.Path("traces", Path.GetFileNameWithoutExtension(file) + ".json");
        Assert.True(File.Exists(target), run.Out + run.Error);
        var original = AgentTrace.Load(input);
        var imported = AgentTrace.Load(target);
        Assert.Equal(format, original.Format);
        Assert.Equal(TraceFormat.Otlp, imported.Format);
        Assert.Equal(original.Spans.Select(s => s.Path), imported.Spans.Select(s => s.Path));
        Assert.Contains($"({format}, {original.Spans.Count} span(s))", run.Out);
        Assert.DoesNotContain("warning", run.Error);
    }

    [Fact]
    public void Secrets_are_gone_from_the_imported_trace()
    {
        using var corpus = new TempFolder();
        var secrets = Secrets();
        var leaky = new[] { "otlp-leaky.jsonl", "jaeger-leaky.json", "zipkin-leaky.json" };
        var all = string.Concat(leaky.Select(f => File.ReadAllText(Fixture.Path("import", f))));
        Assert.All(secrets, s => Assert.Contains(s, all));

        foreach (var file in leaky)
        {
            var run = CliRun.In(corpus.Root, "import", Fixture.Path("import", file), "--to", "traces");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("redacted", run.Error);
        }

        var written = string.Concat(Directory.EnumerateFiles(corpus.Path("traces")).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.All(secrets, s => Assert.DoesNotContain(s, written));
        // What is not a secret survives.
        Assert.Contains("get_exchange_rate", written);
        Assert.Contains("INV-2291", written);
    }

    [Fact]
    public void No_redact_keeps_secrets_and_warns_on_stderr()
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", Fixture.Path("import", "jaeger-leaky.json"), "--to", "traces", "--no-redact");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("warning: --no-redact", run.Error);
        Assert.DoesNotContain("warning", run.Out);
        Assert.Contains("marta.kowalska@fx-client.example.com", File.ReadAllText(corpus.Path("traces", "jaeger-leaky.json")));
    }

    [Fact]
    public void Name_may_hold_subfolders_and_gets_a_json_extension()
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", Fixture.Path("import", "zipkin-leaky.json"), "--to", "traces", "--name", "billing/invoice-not-found");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(corpus.Path("traces", "billing", "invoice-not-found.json")));
        Assert.Contains("traces/billing/invoice-not-found.json", run.Out);
    }

    [Fact]
    public void An_existing_trace_is_refused_unless_forced()
    {
        using var corpus = new TempFolder();
        Directory.CreateDirectory(corpus.Path("traces"));
        var existing = corpus.Path("traces", "zipkin-leaky.json");
        File.WriteAllText(existing, "{\"kept\": true}");

        var refused = CliRun.In(corpus.Root, "import", Fixture.Path("import", "zipkin-leaky.json"), "--to", "traces");

        Assert.Equal(2, refused.ExitCode);
        refused.AssertOneLineError("already exists in the corpus; use --force");
        Assert.Equal("{\"kept\": true}", File.ReadAllText(existing));

        var forced = CliRun.In(corpus.Root, "import", Fixture.Path("import", "zipkin-leaky.json"), "--to", "traces", "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(TraceFormat.Otlp, AgentTrace.Load(existing).Format);
    }

    [Fact]
    public void Imports_the_same_input_to_the_same_bytes()
    {
        using var corpus = new TempFolder();
        var input = Fixture.Path("import", "langsmith-agent.json");

        CliRun.In(corpus.Root, "import", input, "--to", "a");
        CliRun.In(corpus.Root, "import", input, "--to", "b");

        Assert.Equal(File.ReadAllBytes(corpus.Path("a", "langsmith-agent.json")), File.ReadAllBytes(corpus.Path("b", "langsmith-agent.json")));
    }

    [Fact]
    public void A_missing_input_is_bad_input()
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", "no-such-trace.json", "--to", "traces");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("no-such-trace.json: file not found");
        Assert.False(Directory.Exists(corpus.Path("traces")));
    }

    [Theory]
    [InlineData("truncated.json", "truncated.json(")]
    [InlineData("not-a-trace.json", "unknown trace format")]
    public void An_unreadable_trace_is_bad_input_and_writes_nothing(string file, string fragment)
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", Fixture.Path("bad", file), "--to", "traces");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError(fragment);
        Assert.False(Directory.Exists(corpus.Path("traces")));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("x.verified.json")]
    public void A_name_outside_the_corpus_or_of_an_approval_is_refused(string name)
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", Fixture.Path("import", "zipkin-leaky.json"), "--to", "traces", "--name", name);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("--name");
    }

    [Fact]
    public void The_corpus_option_is_required()
    {
        var run = CliRun.Of("import", Fixture.Path("import", "zipkin-leaky.json"));

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("--to");
    }
}
