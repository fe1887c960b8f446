using System.Text.Json;
using TraceRegress.Redaction;

namespace TraceRegress.Tests.Redaction;

/// <summary>
/// Twenty kinds of fake secrets as agents meet them: printed by a tool (the tool result is a string
/// attribute) and repeated in the conversation (JSON-encoded messages, where the tool result is a string
/// inside JSON inside a string).
/// </summary>
public class ToolResultSecretsTests
{
    public static TheoryData<string, string> Secrets => new()
    {
        { "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "TWILIO_API_KEY=SK0123456789abcdef0123456789abcdef", "SK0123456789abcdef0123456789abcdef" },
        { "{\"type\": \"service_account\", \"private_key_id\": \"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\"}", "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" },
        { "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE" },
        { "TWILIO_AUTH_TOKEN=9f8e7d6c5b4a39281706f5e4d3c2b1a0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0" },
        { "OPENAI_API_KEY=sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12", "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12" },
        { "using key sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7-AA for the fallback", "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7-AA" },
        { "git push https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/app", "ghs_16C7e42F292c6912E7710c838347Ae178B4a" },
        { "STRIPE_SECRET_KEY=sk_live_51Hq8sT2uV5wX7yZ0aB3cD6eF9gH1iJ", "sk_live_51Hq8sT2uV5wX7yZ0aB3cD6eF9gH1iJ" },
        { "slack: xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx" },
        { "SENDGRID_API_KEY='SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012'", "SG.aBcDeFgHiJkLmNoPqRsTuV.wXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012" },
        { "maps key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q" },
        { "DATABASE_URL=postgres://app:N0t-A-Real-Pw@db.internal:5432/app", "N0t-A-Real-Pw" },
        { "Server=sql;Database=orders;User ID=agent;Password=Sq1!fakePw2026;Encrypt=True", "Sq1!fakePw2026" },
        { "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLWZha2U", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLWZha2U" },
        { "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7fake\n-----END PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7fake" },
        { "HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh", "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh" },
        { "GROQ_API_KEY=gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp", "gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp" },
        { "AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;EndpointSuffix=core.windows.net", "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==" },
        { "telegram bot 1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0", "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_secret_in_a_tool_result_and_in_the_messages_is_masked_in_both(string output, string secret)
    {
        var messages = JsonSerializer.Serialize(new object[]
        {
            new { role = "tool", parts = new object[] { new { type = "tool_call_response", id = "call_1", response = output } } },
        });
        var trace = JsonSerializer.Serialize(new
        {
            spans = new object[]
            {
                new { traceId = "4bf92f3577b34da6a3ce929d0e0e4736", spanId = "00f067aa0ba902b7", operationName = "execute_tool shell", attributes = new Dictionary<string, string> { ["gen_ai.tool.call.result"] = output } },
                new { traceId = "4bf92f3577b34da6a3ce929d0e0e4736", spanId = "00f067aa0ba902b8", operationName = "chat gpt-4.1", attributes = new Dictionary<string, string> { ["gen_ai.input.messages"] = messages } },
            },
        });

        var result = new TraceRedactor().Redact(trace, "trace.json");

        using var document = JsonDocument.Parse(result.Text);
        var spans = document.RootElement.GetProperty("spans");
        var toolResult = spans[0].GetProperty("attributes").GetProperty("gen_ai.tool.call.result").GetString()!;
        var inMessages = JsonDocument.Parse(spans[1].GetProperty("attributes").GetProperty("gen_ai.input.messages").GetString()!)
            .RootElement[0].GetProperty("parts")[0].GetProperty("response").GetString()!;
        Assert.DoesNotContain(secret, toolResult);
        Assert.DoesNotContain(secret, inMessages);
        Assert.Contains("[REDACTED:", toolResult);
        // The same secret gets the same placeholder in both places.
        Assert.Equal(toolResult, inMessages);
    }
}
