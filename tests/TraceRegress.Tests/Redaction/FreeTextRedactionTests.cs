using System.Text.Json;
using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

/// <summary>Secrets named in free text (tool output, logs, pasted files), in every form of assignment.</summary>
public class FreeTextRedactionTests
{
    // The text is the content of one JSON string; the expected text is that content after redaction.
    private static string RedactText(string text, RedactionOptions? options = null)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["output"] = text });
        var result = new TraceRedactor(options).Redact(json, "test.json");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(result.Text)!["output"];
    }

    [Theory]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED:aws-secret-key:1]")]
    [InlineData("TWILIO_API_KEY=SK0123456789abcdef0123456789abcdef", "TWILIO_API_KEY=[REDACTED:twilio-api-key:1]")]
    [InlineData("DB_PASSWORD=hunter2", "DB_PASSWORD=[REDACTED:password:1]")]
    [InlineData("export MISTRAL_API_KEY=Zk3pQ9xW2mV7nB4tR8yL1cJ6hF0dS5aE", "export MISTRAL_API_KEY=[REDACTED:api-key:1]")]
    [InlineData("client_secret: \"9aB3-xYz_q7LmN2p\"", "client_secret: \"[REDACTED:secret:1]\"")]
    [InlineData("JWT_SECRET = 'correct horse battery staple'", "JWT_SECRET = '[REDACTED:secret:1]'")]
    [InlineData("mysql -u root --password s3cr3t-Pw -h db", "mysql -u root --password [REDACTED:password:1] -h db")]
    [InlineData("curl --api-key=Ak92jd82hd72hs -X GET", "curl --api-key=[REDACTED:api-key:1] -X GET")]
    [InlineData("Server=db;User Id=app;Password=my pass word;Encrypt=true", "Server=db;User Id=app;Password=[REDACTED:password:1];Encrypt=true")]
    [InlineData("X-Api-Key: 7d9f8a6b5c4e3d2f1a0b\nAccept: */*", "X-Api-Key: [REDACTED:api-key:1]\nAccept: */*")]
    [InlineData("Authorization: Token 0a1b2c3d4e5f6a7b8c9d", "Authorization: Token [REDACTED:authorization:1]")]
    [InlineData("Cookie: session=Zm9vYmFy123; theme=dark", "Cookie: [REDACTED:cookie:1]")]
    [InlineData("GET /v1/search?q=shoes&api_key=k_29dj28dh2&page=2", "GET /v1/search?q=shoes&api_key=[REDACTED:api-key:1]&page=2")]
    [InlineData("{'private_key_id': '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b', 'type': 'service_account'}", "{'private_key_id': '[REDACTED:private-key-id:1]', 'type': 'service_account'}")]
    [InlineData("config: {\\\"api_key\\\": \\\"k-77ab\\\"}", "config: {\\\"api_key\\\": \\\"[REDACTED:api-key:1]\\\"}")]
    [InlineData("//registry.npmjs.org/:_authToken=npm_OqgYADNnuR3n824sa4hfOjoMwkRJc5lNRr6z", "//registry.npmjs.org/:_authToken=[REDACTED:npm-token:1]")]
    [InlineData("[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDYxZjU2NjE1LTg0ZWItNGYwZC04ZDA2LWE3ZWM0MTBmYzBlNQ", "[pypi]\nusername = __token__\npassword = [REDACTED:pypi-token:1]")]
    [InlineData("machine github.com login octocat password gho_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5", "machine github.com login octocat password [REDACTED:github-token:1]")]
    [InlineData("machine internal.example login ci\npassword Pl41n-n3trc", "machine internal.example login ci\npassword [REDACTED:password:1]")]
    public void The_value_is_masked_and_the_name_kept(string text, string expected)
    {
        Assert.Equal(expected, RedactText(text));
    }

    [Fact]
    public void Kubernetes_secret_data_is_masked_whatever_the_keys()
    {
        var yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: YWRtaW4=\n  tls.crt: LS0tLS1CRUdJTg==\ntype: Opaque\n";

        var result = RedactText(yaml);

        Assert.Equal("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: [REDACTED:k8s-secret:1]\n  tls.crt: [REDACTED:k8s-secret:2]\ntype: Opaque\n", result);
    }

    [Fact]
    public void Kubernetes_secret_as_json_is_masked_even_when_data_comes_before_kind()
    {
        var json = """{"apiVersion": "v1", "data": {"password": "cGFzc3dvcmQ=", "user": "YWRtaW4="}, "kind": "Secret", "metadata": {"name": "db"}}""";

        var result = new TraceRedactor().Redact(json, "secret.json");

        Assert.Equal("""{"apiVersion": "v1", "data": {"password": "[REDACTED:password:1]", "user": "[REDACTED:k8s-secret:1]"}, "kind": "Secret", "metadata": {"name": "db"}}""", result.Text);
    }

    [Fact]
    public void Docker_config_auths_are_masked()
    {
        var json = """{"auths": {"ghcr.io": {"auth": "ZGVwbG95OnMzY3IzdA=="}, "registry.example.com": {"identitytoken": "eyJhbGciOi.abc"}}}""";

        var result = new TraceRedactor().Redact(json, "config.json");

        Assert.Equal("""{"auths": {"ghcr.io": {"auth": "[REDACTED:authorization:1]"}, "registry.example.com": {"identitytoken": "[REDACTED:token:1]"}}}""", result.Text);
    }

    [Fact]
    public void Private_keys_of_every_armour_are_masked_whole()
    {
        foreach (var label in (string[])["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"])
        {
            var text = $"key file:\n-----BEGIN {label}-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END {label}-----\nend";

            Assert.Equal("key file:\n[REDACTED:private-key:1]\nend", RedactText(text));
        }
    }

    [Fact]
    public void A_private_key_cut_off_by_the_tool_output_is_masked_to_its_end()
    {
        var text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACB";

        Assert.Equal("[REDACTED:private-key:1]", RedactText(text));
    }

    // Decided: counts, prose and references to where a secret lives are not secrets.
    [Theory]
    [InlineData("tokens: 512")]
    [InlineData("max_tokens=1024, token_count=2048")]
    [InlineData("author: Jane Doe")]
    [InlineData("keyboard: us-intl")]
    [InlineData("Password: must be at least 12 characters")]
    [InlineData("Invalid token: expired")]
    [InlineData("Authorization: required for this endpoint")]
    [InlineData("the key: to success is patience")]
    [InlineData("export OPENAI_API_KEY=${OPENAI_API_KEY}")]
    [InlineData("api_key=<your-api-key> token=*** password=\"\"")]
    [InlineData("key: user:4412:orders")]
    [InlineData("signature: Jane Doe, Finance")]
    [InlineData("password_policy=min-12-chars; token_type: Bearer")]
    [InlineData("if a == b: key = value")]
    public void Words_next_to_secret_names_that_are_not_secrets_are_kept(string text)
    {
        Assert.Equal(text, RedactText(text));
    }

    [Fact]
    public void User_shapes_given_as_data_mask_their_tokens()
    {
        var options = new RedactionOptions();
        using var temp = new TempFile("""{ "patterns": [ { "name": "acme-key", "prefix": "acme_", "alphabet": "A-Za-z0-9", "length": 24 } ] }""");
        options.AddConfigFile(temp.Path);

        Assert.Equal("deploy with [REDACTED:acme-key:1] now; acme_short stays", RedactText("deploy with acme_0123456789abcdefABCDEFGH now; acme_short stays", options));
    }

    [Fact]
    public void A_shape_without_an_alphabet_is_a_positioned_config_error()
    {
        var options = new RedactionOptions();
        using var temp = new TempFile("""{ "patterns": [ { "name": "acme-key", "prefix": "acme_", "length": 24 } ] }""");

        var error = Assert.Throws<TraceFormatException>(() => options.AddConfigFile(temp.Path));

        Assert.Contains("alphabet", error.Message);
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "redaction-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
