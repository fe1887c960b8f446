using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

public class SecretNamesTests
{
    [Theory]
    [InlineData("aws_secret_access_key", "api-key")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "api-key")]
    [InlineData("TWILIO_API_KEY", "api-key")]
    [InlineData("private_key_id", "private-key-id")]
    [InlineData("private_key", "private-key")]
    [InlineData("x-api-key", "api-key")]
    [InlineData("Ocp-Apim-Subscription-Key", "api-key")]
    [InlineData("apiKey", "api-key")]
    [InlineData("APIKey", "api-key")]
    [InlineData("_authToken", "token")]
    [InlineData("identitytoken", "token")]
    [InlineData("GITHUB_TOKEN", "token")]
    [InlineData("client_secret", "secret")]
    [InlineData("DB_PASS", "password")]
    [InlineData("db.password", "password")]
    [InlineData("password_hash", "password")]
    [InlineData("Pwd", "password")]
    [InlineData("credentials", "credential")]
    [InlineData("http.request.header.authorization", "authorization")]
    [InlineData("auth", "authorization")]
    [InlineData("Set-Cookie", "cookie")]
    [InlineData("ConnectionStrings__Default", "connection-string")]
    [InlineData("db_conn", "connection-string")]
    public void Names_that_say_secret_are_strong(string name, string kind)
    {
        var result = SecretNames.Classify(name);

        Assert.Equal(new NameClass(NameStrength.Strong, kind), result);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("signature")]
    [InlineData("X-Hub-Signature-256")]
    [InlineData("private")]
    [InlineData("sas")]
    [InlineData("conn")]
    public void Names_that_only_hint_at_a_secret_are_weak(string name)
    {
        Assert.Equal(NameStrength.Weak, SecretNames.Classify(name)?.Strength);
    }

    // The false positives decided against: counts, identifiers, public data and words that contain a secret word.
    [Theory]
    [InlineData("tokens")]
    [InlineData("max_tokens")]
    [InlineData("gen_ai.usage.input_tokens")]
    [InlineData("llm.token_count.prompt")]
    [InlineData("token_type")]
    [InlineData("expires_in")]
    [InlineData("next_page_token")]
    [InlineData("nextPageToken")]
    [InlineData("author")]
    [InlineData("authority")]
    [InlineData("oauth.provider")]
    [InlineData("keyboard")]
    [InlineData("monkey")]
    [InlineData("passwordless")]
    [InlineData("password_policy")]
    [InlineData("public_key")]
    [InlineData("publishable_key")]
    [InlineData("cache_key")]
    [InlineData("idempotency_key")]
    [InlineData("partition_key")]
    [InlineData("key_vault_name")]
    [InlineData("secret_name")]
    [InlineData("secretRef")]
    [InlineData("api_key_header")]
    [InlineData("conn_pool_size")]
    [InlineData("sas_expiry")]
    [InlineData("client_email")]
    public void Names_that_only_contain_a_secret_word_are_not_secret(string name)
    {
        Assert.Null(SecretNames.Classify(name));
    }
}
