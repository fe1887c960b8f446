using System.Text;
using TraceRegress.Model;

namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>
/// Text that the JSON reader accepts token by token but cannot decode into a string: invalid UTF-8
/// bytes and unpaired surrogate escapes. Found by fuzzing; each must be a positioned format error.
/// </summary>
public sealed class TextEncodingTests
{
    private static byte[] Span(string traceIdJson) => Encoding.UTF8.GetBytes(
        "{\n  \"spans\": [\n    {\n      \"traceId\": " + traceIdJson + ",\n      \"spanId\": \"0000000000000001\",\n" +
        "      \"operationName\": \"chat gpt-4o\",\n      \"startTime\": \"2026-05-19T09:00:00Z\",\n      \"duration\": 12\n    }\n  ]\n}\n");

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00\"")]
    [InlineData("\"abc\\ud800x\"")]
    [InlineData("\"\\ud800\\u0041\"")]
    public void An_unpaired_surrogate_escape_is_a_format_error_at_its_line(string value)
    {
        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(Span(value), "lone-surrogate.json"));
        Assert.Equal("lone-surrogate.json", e.Source);
        Assert.Equal(4, e.Line);
        Assert.Contains("surrogate", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paired_surrogate_escape_reads()
    {
        var trace = AgentTrace.Parse(Span("\"\\ud83d\\ude00\""), "emoji.json");
        Assert.Equal("\U0001F600", trace.TraceId);
    }

    [Fact]
    public void Invalid_utf8_is_a_format_error_at_the_bad_byte()
    {
        var bytes = Span("\"ab\"");
        var at = Array.IndexOf(bytes, (byte)'b');
        bytes[at] = 0xC3; // a lead byte with no continuation

        var e = Assert.Throws<TraceFormatException>(() => AgentTrace.Parse(bytes, "latin1.json"));
        Assert.Equal(4, e.Line);
        Assert.Equal(at - Array.LastIndexOf(bytes, (byte)'\n', at), e.Column);
        Assert.Contains("UTF-8", e.Reason, StringComparison.Ordinal);
    }
}
