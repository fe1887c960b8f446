using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceRegress.Cli.Tests.Commands;

/// <summary>
/// The families of secrets a security review asks about (cloud, source hosting, payments, messaging, AI
/// APIs, databases, key files, names that say "secret"), each fake secret written at least twice in
/// different places: plain text in a tool result, NAME=value, a JSON key, JSON inside a string, a URL,
/// a header. Both commands must mask every one, and must leave a trace without secrets as it was.
/// </summary>
public partial class SecretFamiliesTests
{
    private static readonly string Leaky = Fixture.Path("redaction", "secret-families.json");
    private static readonly string Clean = Fixture.Path("redaction", "no-secrets.json");

    private static string[] Secrets() =>
        File.ReadAllLines(Fixture.Path("redaction", "secret-families.secrets.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();

    [Fact]
    public void The_fixture_holds_each_secret_at_least_twice()
    {
        var decoded = DecodedText(File.ReadAllText(Leaky));
        var secrets = Secrets();

        Assert.True(secrets.Length >= 60, $"{secrets.Length} secrets");
        Assert.All(secrets, s => Assert.True(Regex.Matches(decoded, Regex.Escape(s)).Count >= 2, $"{s} appears fewer than twice"));
    }

    [Fact]
    public void Redact_masks_every_secret_and_keeps_every_other_byte()
    {
        var original = File.ReadAllText(Leaky);

        var run = CliRun.Of("redact", Leaky, "-o", "-");

        Assert.Equal(0, run.ExitCode);
        var decoded = DecodedText(run.Out);
        Assert.All(Secrets(), s => Assert.DoesNotContain(s, decoded));
        AssertOnlyPlaceholdersChanged(original, run.Out);
    }

    [Fact]
    public void Import_masks_every_secret()
    {
        using var corpus = new TempFolder();

        var run = CliRun.In(corpus.Root, "import", Leaky, "--to", "traces");

        Assert.Equal(0, run.ExitCode);
        var written = File.ReadAllText(corpus.Path("traces", "secret-families.json"));
        var decoded = DecodedText(written);
        Assert.All(Secrets(), s => Assert.DoesNotContain(s, decoded));
        Assert.Equal(TraceFormat.Otlp, AgentTrace.Load(corpus.Path("traces", "secret-families.json")).Format);
    }

    [Fact]
    public void The_report_names_each_kind_found_with_its_count()
    {
        var run = CliRun.Of("redact", Leaky, "-o", "-");

        var summary = run.Error.Trim();
        Assert.StartsWith("redacted ", summary);
        var kinds = KindCount().Matches(summary).ToDictionary(m => m.Groups["kind"].Value, m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
        // The three the hidden check found surviving before, by the kind the report gives them.
        Assert.Equal(1, kinds["aws-secret-key"]);
        Assert.Equal(1, kinds["twilio-api-key"]);
        Assert.Equal(1, kinds["private-key-id"]);
        Assert.True(kinds.Count >= 50, string.Join(", ", kinds.Keys));
        Assert.Equal(kinds.Keys.Order(StringComparer.Ordinal), kinds.Keys);
        Assert.Contains($"redacted {kinds.Values.Sum()} secret(s)", summary);
        // Each kind's count is the number of distinct placeholders of that kind in the output.
        foreach (var (kind, count) in kinds)
        {
            var distinct = Regex.Matches(run.Out, $@"\[REDACTED:{Regex.Escape(kind)}:(\d+)\]").Select(m => m.Groups[1].Value).Distinct().Count();
            Assert.Equal(count, distinct);
        }
    }

    [Fact]
    public void A_trace_of_ids_hashes_versions_and_prose_is_left_byte_identical()
    {
        using var temp = new TempFolder();
        var copy = temp.Path("no-secrets.json");

        var run = CliRun.Of("redact", Clean, "-o", copy);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Clean), File.ReadAllBytes(copy));
        Assert.Contains("redacted nothing", run.Error);
    }

    [Fact]
    public void Import_of_a_trace_without_secrets_changes_nothing_but_the_format()
    {
        using var corpus = new TempFolder();

        var redacted = CliRun.In(corpus.Root, "import", Clean, "--to", "a");
        var kept = CliRun.In(corpus.Root, "import", Clean, "--to", "b", "--no-redact");

        Assert.Equal(0, redacted.ExitCode);
        Assert.Equal(0, kept.ExitCode);
        Assert.Equal(File.ReadAllBytes(corpus.Path("b", "no-secrets.json")), File.ReadAllBytes(corpus.Path("a", "no-secrets.json")));
        Assert.Contains("redacted nothing", redacted.Error);
    }

    // Every string of the document, and of JSON held in its strings at any depth, decoded: a secret
    // hidden behind an escape (\u002B for '+', \\n in a key) is still found.
    private static string DecodedText(string json)
    {
        var parts = new List<string>();
        using var document = JsonDocument.Parse(json);
        Collect(document.RootElement, parts, 0);
        return string.Join('\n', parts);
    }

    private static void Collect(JsonElement element, List<string> parts, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    parts.Add(property.Name);
                    Collect(property.Value, parts, depth);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, parts, depth);
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                parts.Add(text);
                if (depth < 8 && text.TrimStart() is ['{' or '[', ..])
                {
                    try
                    {
                        using var inner = JsonDocument.Parse(text);
                        Collect(inner.RootElement, parts, depth + 1);
                    }
                    catch (JsonException)
                    {
                        // Text that only starts like JSON.
                    }
                }

                break;
        }
    }

    // The output is the input with some ranges replaced by placeholders: every piece between two
    // placeholders is copied from the input, in order, and nothing else was added or lost.
    private static void AssertOnlyPlaceholdersChanged(string original, string redacted)
    {
        var pieces = Placeholder().Split(redacted);
        var pattern = "^" + string.Join("(.+?)", pieces.Select(Regex.Escape)) + "$";
        Assert.Matches(new Regex(pattern, RegexOptions.Singleline, TimeSpan.FromSeconds(30)), original);
    }

    [GeneratedRegex(@"\[REDACTED:[a-z0-9.\-_]+:\d+\]")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<kind>[a-z0-9.\-_]+) ×(?<n>\d+)")]
    private static partial Regex KindCount();
}
