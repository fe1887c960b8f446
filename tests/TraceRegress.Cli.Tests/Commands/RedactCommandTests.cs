using System.Text;
using System.Text.RegularExpressions;

namespace TraceRegress.Cli.Tests.Commands;

public partial class RedactCommandTests
{
    private static readonly string Leaky = Fixture.Path("redaction", "leaky-agent.json");

    private static string[] Secrets() =>
        File.ReadAllLines(Fixture.Path("redaction", "secrets.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();

    [Fact]
    public void No_secret_survives_and_every_other_byte_is_unchanged()
    {
        var original = File.ReadAllText(Leaky);
        var secrets = Secrets();
        Assert.All(secrets, s => Assert.Contains(s, original));

        var run = CliRun.Of("redact", Leaky, "-o", "-", "--pattern", @"EMP-\d{6}");

        Assert.Equal(0, run.ExitCode);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, run.Out);
        }

        // Walk the output: text between placeholders is copied from the input in order, and every piece of
        // the input that a placeholder replaced is exactly one of the listed secrets.
        var at = 0;
        var replaced = new List<string>();
        var pieces = Placeholder().Split(run.Out);
        for (var i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            var found = i == 0 ? (original.StartsWith(piece, StringComparison.Ordinal) ? 0 : -1) : FindAfterSecret(original, at, piece, secrets);
            Assert.True(found >= 0, $"output text not found in the input after offset {at}: {piece[..Math.Min(piece.Length, 80)]}");
            if (i > 0) replaced.Add(original[at..found]);
            at = found + piece.Length;
        }

        Assert.Equal(original.Length, at);
        Assert.All(replaced, r => Assert.Contains(r, secrets));
        Assert.Equal(secrets.Length, replaced.Distinct(StringComparer.Ordinal).Count());
    }

    // The secret between two copied pieces is one of the known ones; try each, longest first.
    private static int FindAfterSecret(string original, int at, string piece, string[] secrets)
    {
        foreach (var secret in secrets.OrderByDescending(s => s.Length))
        {
            if (string.CompareOrdinal(original, at, secret, 0, secret.Length) == 0
                && string.CompareOrdinal(original, at + secret.Length, piece, 0, piece.Length) == 0
                && at + secret.Length + piece.Length <= original.Length)
            {
                return at + secret.Length;
            }
        }

        return -1;
    }

    [Fact]
    public void Placeholders_are_deterministic_and_equal_secrets_stay_equal()
    {
        var first = CliRun.Of("redact", Leaky, "-o", "-");
        var second = CliRun.Of("redact", Leaky, "-o", "-");

        Assert.Equal(first.Out, second.Out);
        // The same OpenAI key appears in two attributes.
        Assert.Contains("\"app.openai.key\": \"[REDACTED:openai-key:1]\"", first.Out);
        Assert.Contains("retry used [REDACTED:openai-key:1] again", first.Out);
        Assert.Contains("\"openai.fallback\": \"[REDACTED:openai-key:2]\"", first.Out);
        // The tool's arguments appear on the chat span (JSON in JSON in a string) and on the tool span.
        Assert.Equal(2, Regex.Matches(first.Out, Regex.Escape("[REDACTED:api-key:1]")).Count);
        Assert.DoesNotContain("[REDACTED:api-key:2]", first.Out);
        Assert.Contains("Bearer [REDACTED:bearer-token:1]", first.Out);
        Assert.Contains("Password=[REDACTED:password:1];Encrypt=true", first.Out);
        Assert.Contains("postgres://agent:[REDACTED:url-password:1]@db.internal:5432/orders", first.Out);
    }

    [Fact]
    public void Redacting_twice_changes_nothing_more()
    {
        using var temp = new TempFolder();
        var once = temp.Path("once.json");
        Assert.Equal(0, CliRun.Of("redact", Leaky, "-o", once).ExitCode);

        var twice = CliRun.Of("redact", once, "-o", "-");

        Assert.Equal(0, twice.ExitCode);
        Assert.Equal(File.ReadAllText(once), twice.Out);
        Assert.Contains("no secrets found", twice.Error);
    }

    [Fact]
    public void The_redacted_trace_keeps_its_format_and_span_structure()
    {
        var before = AgentTrace.Load(Leaky);

        var run = CliRun.Of("redact", Leaky, "-o", "-");
        var after = AgentTrace.Parse(Encoding.UTF8.GetBytes(run.Out), "redacted.json");

        Assert.Equal(before.Format, after.Format);
        Assert.Equal(before.Spans.Select(s => (s.SpanId, s.Path, s.DurationNanos, s.Status.Code)), after.Spans.Select(s => (s.SpanId, s.Path, s.DurationNanos, s.Status.Code)));
        Assert.Equal(before.Spans.Select(s => s.Attributes.Count), after.Spans.Select(s => s.Attributes.Count));
        Assert.Equal(before.Spans.Select(s => s.Events.Count), after.Spans.Select(s => s.Events.Count));
    }

    [Fact]
    public void Output_goes_to_a_file_with_o_and_the_source_is_untouched()
    {
        using var temp = new TempFolder();
        var source = temp.Path("trace.json");
        File.Copy(Leaky, source);
        var original = File.ReadAllBytes(source);

        var run = CliRun.In(temp.Root, "redact", "trace.json", "-o", "clean.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("redacted 32 secret(s)", run.Error);
        Assert.Equal(original, File.ReadAllBytes(source));
        Assert.DoesNotContain("sk-proj-", File.ReadAllText(temp.Path("clean.json")));
    }

    [Fact]
    public void Without_output_the_trace_is_rewritten_in_place()
    {
        using var temp = new TempFolder();
        var source = temp.Path("trace.json");
        File.Copy(Leaky, source);
        var expected = CliRun.Of("redact", Leaky, "-o", "-").Out;

        var run = CliRun.Of("redact", source);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal(expected, File.ReadAllText(source));
        Assert.Contains("[REDACTED:openai-key:1]", expected);
        Assert.Contains($"→ {source}", run.Error);
        Assert.Equal(["trace.json"], Directory.GetFiles(temp.Root, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
    }

    [Fact]
    public void In_place_a_trace_without_secrets_is_left_as_it_was()
    {
        using var temp = new TempFolder();
        var source = temp.Path("healthy.json");
        File.Copy(Fixture.Path("corpus", "checkout", "healthy.json"), source);
        var written = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, written);

        var run = CliRun.Of("redact", source);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Fixture.Path("corpus", "checkout", "healthy.json")), File.ReadAllBytes(source));
        Assert.Equal(written, File.GetLastWriteTimeUtc(source));
        Assert.Equal($"redacted nothing: no secrets found, {source} left unchanged\n", run.Error);
    }

    [Fact]
    public void In_place_in_a_read_only_folder_is_bad_input_and_the_trace_is_untouched()
    {
        using var folder = new ReadOnlyFolder(Leaky);
        var source = folder.Path("leaky-agent.json");

        var run = CliRun.Of("redact", source);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("cannot write in");
        if (File.Exists(source)) Assert.Equal(File.ReadAllBytes(Leaky), File.ReadAllBytes(source));
    }

    [Fact]
    public void An_output_in_a_read_only_folder_is_bad_input()
    {
        using var folder = new ReadOnlyFolder();

        var run = CliRun.Of("redact", Leaky, "-o", folder.Path("clean.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError($"{folder.Path("clean.json")}: cannot write in {folder.Root}");
    }

    [Fact]
    public void A_config_file_adds_patterns_and_sensitive_names()
    {
        using var temp = new TempFolder();
        var config = temp.Path("redaction.json");
        File.WriteAllText(config, """{ "patterns": [ { "name": "employee", "regex": "EMP-\\d{6}" } ], "keys": [ "gen_ai\\.tool\\.call\\.id" ] }""");

        var run = CliRun.Of("redact", Leaky, "-o", "-", "--redaction-config", config);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Ticket owner [REDACTED:employee:1].", run.Out);
        Assert.Contains("\"gen_ai.tool.call.id\": \"[REDACTED:secret:", run.Out);
        Assert.DoesNotContain("call_dep_1\",", run.Out.Replace("\\\"call_dep_1\\\"", "", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unwritable_output_is_bad_input()
    {
        using var temp = new TempFolder();

        var run = CliRun.Of("redact", Leaky, "-o", temp.Path("no", "such", "folder", "out.json"));

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("cannot write");
    }

    [Fact]
    public void An_output_that_is_a_folder_is_bad_input()
    {
        using var temp = new TempFolder();

        var run = CliRun.Of("redact", Leaky, "-o", temp.Root);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("is a folder");
    }

    [Fact]
    public void An_invalid_pattern_is_a_usage_error()
    {
        var run = CliRun.Of("redact", Leaky, "-o", "-", "--pattern", "EMP-(\\d{6}");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneLineError("invalid redaction pattern");
    }

    [Fact]
    public void A_file_of_no_known_format_is_not_passed_through()
    {
        var run = CliRun.Of("redact", Fixture.Path("bad", "not-a-trace.json"), "-o", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        run.AssertOneLineError("unknown trace format");
    }

    [Fact]
    public void A_truncated_file_is_bad_input_with_its_position()
    {
        var run = CliRun.Of("redact", Fixture.Path("bad", "truncated.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"truncated\.json\(\d+,\d+\): ", run.Error);
    }

    [GeneratedRegex(@"\[REDACTED:[a-z0-9.\-_]+:\d+\]")]
    private static partial Regex Placeholder();
}
