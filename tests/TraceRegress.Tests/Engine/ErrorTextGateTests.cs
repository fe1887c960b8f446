using TraceRegress.Engine.Text;

namespace TraceRegress.Tests.Engine;

/// <summary>
/// Error wording is looked for only in text that passes a cheap gate (literals every match must contain, and "status"
/// only before a 4xx or 5xx code). The gate may let through text with no error; it must never hide a match.
/// </summary>
public class ErrorTextGateTests
{
    private static readonly string[] Pieces =
    [
        "status", "Status", "status code", "status_code", "statuscode", "status:", "status =", "\"status\": ", "status  -  ", "status\u0301",
        "status\u203F", "status\u00A0", "404", "500", "429", "200", "4", "5", "45", "4a1", " ", "_", ":", "\"", "\n", "code", "HTTP/1.1 ",
        "Error", "error: ", "ok", "results", "the order", "é", "中", "😀", "\t", "-", "=", "Not Found", "timed out", "failed to",
    ];

    [Fact]
    public void The_gate_lets_through_every_text_the_pattern_matches()
    {
        var random = new Random(20261202);
        var matched = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            if (!ErrorText.ErrorLinePattern().IsMatch(text)) continue;
            matched++;
            Assert.True(ErrorText.MayHoldErrorText(text), $"the gate hides the error wording in \"{text}\"");
            Assert.NotNull(ErrorText.FindErrorText(text));
        }

        Assert.True(matched > 1000, $"only {matched} random texts held error wording");
    }

    [Theory]
    [InlineData("{\"status\": \"ok\", \"results\": []}")]
    [InlineData("order status: delayed")]
    [InlineData("status 200 OK")]
    [InlineData("the status_code was 302")]
    public void Text_with_status_but_no_error_code_is_passed_over(string text) => Assert.False(ErrorText.MayHoldErrorText(text));

    [Theory]
    [InlineData("status: 404")]
    [InlineData("status code 503")]
    [InlineData("{\"status_code\": 429}")]
    [InlineData("statuscode=500")]
    public void A_status_before_an_error_code_is_looked_at(string text)
    {
        Assert.True(ErrorText.MayHoldErrorText(text));
        Assert.NotNull(ErrorText.FindErrorText(text));
    }
}
