using System.Text;
using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

public class TraceRedactorTests
{
    private static RedactionResult Redact(string text, RedactionOptions? options = null) =>
        new TraceRedactor(options).Redact(text, "test.json");

    [Fact]
    public void Otlp_key_value_attributes_are_judged_by_their_key_in_either_member_order()
    {
        var text = File.ReadAllText(Fixture.Path("redaction", "otlp-leaky.json"));

        var result = Redact(text);

        Assert.Contains("""{ "value": { "stringValue": "[REDACTED:password:1]" }, "key": "db.password" }""", result.Text);
        // Under an authorization header the whole value goes, even in a token scheme no shape knows.
        Assert.Contains("""[ { "stringValue": "[REDACTED:authorization:1]" } ]""", result.Text);
        Assert.Contains("""Incorrect API key provided: [REDACTED:openai-key:1] (see https://platform.openai.com/account/api-keys)""", result.Text);
        Assert.DoesNotContain("hunter2", result.Text);
        Assert.DoesNotContain("6f1c2d3e4b5a69788796a5b4c3d2e1f0", result.Text);
        Assert.Contains("""{ "key": "gen_ai.usage.input_tokens", "value": { "intValue": "812" } }""", result.Text);
    }

    [Fact]
    public void Escapes_outside_a_secret_are_kept_as_written()
    {
        var text = File.ReadAllText(Fixture.Path("redaction", "otlp-leaky.json"));

        var result = Redact(text);

        // The address contains an escaped character; it is replaced whole, and the escapes around it stay.
        Assert.Contains("""Refund invoice 7731 for [REDACTED:email:1], caf\u00e9 order""", result.Text);
        var before = text.Split('\n');
        var after = result.Text.Split('\n');
        Assert.Equal(before.Length, after.Length);
        // Only the four lines holding a secret change: the password, the authorization header,
        // the message with the address and the exception quoting the key.
        var changed = before.Zip(after).Where(pair => pair.First != pair.Second).Select(pair => pair.First).ToList();
        Assert.Equal(4, changed.Count);
        Assert.Contains(changed, line => line.Contains("db.password", StringComparison.Ordinal));
        Assert.Contains(changed, line => line.Contains("authorization", StringComparison.Ordinal));
        Assert.Contains(changed, line => line.Contains("gen_ai.input.messages", StringComparison.Ordinal));
        Assert.Contains(changed, line => line.Contains("exception.message", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_documents_are_redacted_line_by_line_with_shared_numbering()
    {
        var text = """
            {"spans":[{"spanId":"01","attributes":{"user":"ana@example.com"}}]}
            {"spans":[{"spanId":"02","attributes":{"user":"ben@example.com","again":"ana@example.com"}}]}

            """;

        var result = Redact(text);

        Assert.Equal("""
            {"spans":[{"spanId":"01","attributes":{"user":"[REDACTED:email:1]"}}]}
            {"spans":[{"spanId":"02","attributes":{"user":"[REDACTED:email:2]","again":"[REDACTED:email:1]"}}]}

            """, result.Text);
        Assert.Equal(2, result.Counts["email"]);
    }

    [Fact]
    public void Numbers_booleans_and_names_that_only_look_sensitive_are_kept()
    {
        var text = """{"max_tokens": 512, "llm.token_count.total": 900, "oauth.provider": "github", "tokens": "many", "passwordless": true, "task": "risk-assessment-v2 for sk-learn"}""";

        var result = Redact(text);

        Assert.Equal(text, result.Text);
        Assert.Equal(0, result.Total);
    }

    [Fact]
    public void Words_shaped_like_provider_prefixes_are_kept()
    {
        var text = """{"log": "hf_hub_download ok; npm_config_cache=/tmp/npm; SG.NetCore.Build; xai-sdk 1.2; glpat-short; ya29.x; ?sig=abc; AccountKey lookup; see hooks.slack.com/services/ docs"}""";

        var result = Redact(text);

        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void A_byte_order_mark_and_the_trailing_newline_survive()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"password\": \"pw-123456\"}\r\n")).ToArray();

        var result = new TraceRedactor().Redact(bytes, "bom.json");

        var output = Encoding.UTF8.GetBytes(result.Text);
        Assert.Equal(bytes[..3], output[..3]);
        Assert.EndsWith("{\"password\": \"[REDACTED:password:1]\"}\r\n", result.Text);
    }

    [Fact]
    public void User_patterns_mask_their_secret_group_only()
    {
        var options = new RedactionOptions();
        options.AddPattern(@"customer (?<secret>C-\d{5})", "customer-id");

        var result = Redact("""{"msg": "customer C-48213 asked about C-99999"}""", options);

        Assert.Equal("""{"msg": "customer [REDACTED:customer-id:1] asked about C-99999"}""", result.Text);
    }

    [Fact]
    public void Malformed_json_is_a_positioned_trace_format_exception()
    {
        var error = Assert.Throws<TraceFormatException>(() => Redact("{\n  \"a\": [1, 2,\n  \"b\" }"));

        Assert.Equal("test.json", error.Source);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Invalid_utf8_is_a_trace_format_exception()
    {
        byte[] bytes = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];

        var error = Assert.Throws<TraceFormatException>(() => new TraceRedactor().Redact(bytes, "latin1.json"));

        Assert.Contains("not UTF-8", error.Message);
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_an_error_not_a_crash()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Throws<TraceFormatException>(() => Redact(deep));

        Assert.Contains("deeper than 256", error.Message);
    }

    [Fact]
    public void Json_nested_in_strings_many_levels_deep_is_redacted_at_every_level()
    {
        // Each level is a JSON document stored as a string inside the level above.
        var inner = """{"api_key": "k-level-secret", "note": "ok"}""";
        for (var i = 0; i < 4; i++) inner = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["payload"] = inner });

        var result = Redact(inner);

        Assert.DoesNotContain("k-level-secret", result.Text);
        Assert.Contains("[REDACTED:api-key:1]", result.Text);
        Assert.Equal(inner.Replace("k-level-secret", "[REDACTED:api-key:1]", StringComparison.Ordinal), result.Text);
    }
}
