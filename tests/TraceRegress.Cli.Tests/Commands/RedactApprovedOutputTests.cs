namespace TraceRegress.Cli.Tests.Commands;

/// <summary>
/// Redaction output is part of the contract: the same trace redacts to the same bytes, release after
/// release, so a corpus redacted once never changes when it is redacted again by a newer tool. Each leaky
/// fixture (every secret family and placement, JSON Lines, Jaeger, Zipkin, and edge cases: non-ASCII text
/// around anchors, Unicode case variants, escapes, JSON inside strings two levels deep, earlier
/// placeholders, long repeated texts) is compared byte for byte with its approved redaction, with the
/// built-in shapes only and with a config file of user patterns (anchored, unanchored, prefix, non-ASCII).
/// </summary>
public class RedactApprovedOutputTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var file in (string[])["redaction/leaky-agent.json", "redaction/secret-families.json", "redaction/edge-cases.json", "import/otlp-leaky.jsonl", "import/jaeger-leaky.json", "import/zipkin-leaky.json"])
        {
            data.Add(file, false);
            data.Add(file, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_redacted_bytes_equal_the_approved_output(string fixture, bool withConfig)
    {
        using var temp = new TempFolder();
        var source = Fixture.Path(fixture.Split('/'));
        var name = Path.GetFileNameWithoutExtension(source);
        var extension = Path.GetExtension(source);
        var approved = Fixture.Path("redaction", "approved", $"{name}{(withConfig ? ".config" : "")}.redacted{extension}");
        var output = temp.Path("out" + extension);
        string[] config = withConfig ? ["--redaction-config", Fixture.Path("redaction", "approved", "redaction-config.json")] : [];

        var run = CliRun.Of(["redact", source, "-o", output, .. config]);

        Assert.Equal(0, run.ExitCode);
        var expected = File.ReadAllBytes(approved);
        var actual = File.ReadAllBytes(output);
        Assert.NotEqual(File.ReadAllBytes(source), actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{fixture}: the redacted bytes differ from {approved} at byte {expected.AsSpan().CommonPrefixLength(actual)}");
    }
}
