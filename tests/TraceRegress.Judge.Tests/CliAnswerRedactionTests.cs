using TraceRegress.Cli.Judging;
using Xunit;

namespace TraceRegress.Judge.Tests;

/// <summary>The CLI redacts a judge's answer with <c>traceregress redact</c>'s rules before it is recorded.</summary>
public class CliAnswerRedactionTests
{
    [Fact]
    public void A_json_answer_is_redacted_as_json()
    {
        var redacted = JudgeSetup.RedactAnswer("{\"span\": \"plan\", \"api_key\": \"abc123secretvalue\"}");

        Assert.DoesNotContain("abc123secretvalue", redacted);
        Assert.Contains("\"span\": \"plan\"", redacted);
    }

    [Fact]
    public void A_plain_text_answer_keeps_its_words_and_loses_its_secrets()
    {
        const string answer = "The plan step is at fault. Mail \"ops\" at alice.smith@example.com.\nSecond line: café.";

        var redacted = JudgeSetup.RedactAnswer(answer);

        Assert.DoesNotContain("alice.smith@example.com", redacted);
        Assert.StartsWith("The plan step is at fault. Mail \"ops\" at ", redacted);
        Assert.EndsWith("\nSecond line: café.", redacted);
    }
}
