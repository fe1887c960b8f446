using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

/// <summary>The entropy test for values under names that only hint at a secret (key, signature, private, sas).</summary>
public class SecretValuesTests
{
    // The false positives decided against: ids, hashes and encodings are not secrets, whatever their name.
    [Theory]
    [InlineData("9fceb02d0ae598e95dc970b74767f19372d61af8", "git SHA")]
    [InlineData("9fceb02", "short git SHA")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", "UUID")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "trace id")]
    [InlineData("00f067aa0ba902b7", "span id")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "SHA-256")]
    [InlineData("aGVsbG8gd29ybGQ=", "base64 of 'hello world'")]
    [InlineData("c2VjcmV0IHBhc3N3b3Jk", "base64 of 'secret password'")]
    [InlineData("dGhlIHF1aWNrIGJyb3duIGZveA==", "base64 of 'the quick brown fox'")]
    [InlineData("2.0.0-beta.4+build.17", "version")]
    [InlineData("2026-12-31T23:59:59Z", "timestamp")]
    [InlineData("user:4412:orders:page:3", "cache key")]
    [InlineData("tenant-acme-eu-west-1", "partition key")]
    [InlineData("customer-orders-partition-2024", "words")]
    [InlineData("/src/Billing/Keys/KeyRotation.cs", "path")]
    [InlineData("https://example.com/keys/rotation", "URL")]
    [InlineData("Jane Doe, Finance", "prose")]
    [InlineData("short", "too short")]
    public void Ids_hashes_and_encodings_do_not_look_random(string value, string what)
    {
        Assert.False(SecretValues.LooksRandom(value), $"{what}: entropy {SecretValues.Entropy(value):F2}");
    }

    [Theory]
    [InlineData("Kx9vP2mQ7rT4wY8zB3nC6dF1")]
    [InlineData("q7LmN2p9aB3xYz0kW5rT8vJ4hG6cD1sE")]
    [InlineData("MqR9lBKi/grDrY48M5AZ/5YgVW9S9Hp1+qMHqmm4g41")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    public void Random_credentials_do(string value)
    {
        Assert.True(SecretValues.LooksRandom(value), $"entropy {SecretValues.Entropy(value):F2}, threshold {SecretValues.Threshold(value.Length):F2}");
    }

    [Fact]
    public void A_weak_name_masks_a_random_value_and_keeps_an_id()
    {
        var json = """{"key": "Kx9vP2mQ7rT4wY8zB3nC6dF1", "signature": "9fceb02d0ae598e95dc970b74767f19372d61af8", "sas": "550e8400-e29b-41d4-a716-446655440000"}""";

        var result = new TraceRedactor().Redact(json, "test.json");

        Assert.Equal("""{"key": "[REDACTED:api-key:1]", "signature": "9fceb02d0ae598e95dc970b74767f19372d61af8", "sas": "550e8400-e29b-41d4-a716-446655440000"}""", result.Text);
    }
}
