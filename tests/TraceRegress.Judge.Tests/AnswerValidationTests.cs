using TraceRegress.Model;

namespace TraceRegress.Judge.Tests;

public sealed class AnswerValidationTests
{
    private static readonly AgentTrace WrongPolicy = AgentTrace.Load(Fixture.Path("corpus", "support", Fixture.WrongPolicy));

    [Fact]
    public void A_valid_answer_cites_the_span_the_category_and_the_quotes_with_where_they_were_found()
    {
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var result = Judges.Engine(client, JudgeMode.Live).Judge(WrongPolicy);

        var attribution = result.Attribution;
        Assert.Equal(JudgePath.Judge, result.Path);
        Assert.Equal(VerdictSource.Live, result.Source);
        Assert.Equal("a100000000000003", attribution.Cited!.SpanId);
        Assert.Equal("invoke_agent support-agent/execute_tool search_policies", attribution.Cited.Path);
        Assert.Equal(new FailureCategory("agent", "Reasoning Errors", "Information Processing", "Poor Information Retrieval"), attribution.Category);
        Assert.Equal(LlmJudgeEngine.DetectorId, attribution.Detector);
        Assert.Equal(0.8, attribution.Confidence);
        Assert.Collection(attribution.Evidence,
            e => Assert.Equal(new Evidence("a100000000000003", "attributes[\"gen_ai.tool.call.result\"]", "\"region\": \"US\""), e),
            e => Assert.Equal(new Evidence("a100000000000003", "attributes[\"gen_ai.tool.call.result\"]", "US stores: items can be returned within 30 days of delivery"), e));
        // The rules' own finding (the retrieval that returned another region's policy, inferred from content) is kept
        // among the other findings, not lost.
        Assert.Contains(attribution.OtherFindings, f => f.Span.SpanId == "a100000000000003" && f.Detector == "dropped-constraint");
        Assert.Single(client.Requests);
        Assert.Equal(Judges.Model, client.Options[0]!.ModelId);
        Assert.Equal(0f, client.Options[0]!.Temperature);
        Assert.NotNull(client.Options[0]!.ResponseFormat);
    }

    public static TheoryData<string, string> InvalidAnswers => new()
    {
        { """{"spanId": "ffff000000000000", "category": "Poor Information Retrieval", "evidence": ["US stores"], "reasoning": "x", "confidence": 0.5}""",
          "span 'ffff000000000000' is not in the trace" },
        { """{"spanId": "a100000000000003", "category": "Wrong Document Retrieved", "evidence": ["US stores"], "reasoning": "x", "confidence": 0.5}""",
          "category 'Wrong Document Retrieved' is not a leaf of the taxonomy 'TRAIL'" },
        { """{"spanId": "a100000000000003", "category": "Poor Information Retrieval", "evidence": ["EU stores: items can be returned within 14 days"], "reasoning": "x", "confidence": 0.5}""",
          "the quote \"EU stores: items can be returned within 14 days\" does not occur verbatim in span 'a100000000000003'" },
        { """{"spanId": "a100000000000003", "category": "Poor Information Retrieval", "evidence": ["Berlin store"], "reasoning": "x", "confidence": 0.5}""",
          "the quote \"Berlin store\" does not occur verbatim in span 'a100000000000003'" },
        { """The root cause is the policy search: {"spanId": "a100000000000003" """,
          "the answer is not a JSON object" },
        { """["a100000000000003", "Poor Information Retrieval"]""",
          "the answer is a JSON array, not an object" },
        { """{"spanId": "a100000000000003", "category": "Poor Information Retrieval", "evidence": [], "reasoning": "x", "confidence": 0.5}""",
          "\"evidence\" is empty" },
    };

    [Theory]
    [MemberData(nameof(InvalidAnswers))]
    public void An_invalid_answer_is_sent_back_once_with_the_reason_and_a_valid_second_answer_is_used(string invalid, string reason)
    {
        var client = new ScriptedChatClient(invalid, Fixture.WrongPolicyAnswer);

        var result = Judges.Engine(client, JudgeMode.Live).Judge(WrongPolicy);

        Assert.Equal("a100000000000003", result.Attribution.Cited!.SpanId);
        Assert.Equal(2, client.Requests.Count);
        var retry = client.Requests[1];
        Assert.Equal(invalid, retry[^2].Text);
        Assert.StartsWith("Your answer cannot be used:", retry[^1].Text);
        Assert.Contains(reason, retry[^1].Text);
        // The retry repeats the whole conversation: the judge sees the trace again.
        Assert.Equal(client.Requests[0][1].Text, retry[1].Text);
        Assert.Equal(2 * 1_200, result.Usage.InputTokens);
    }

    [Theory]
    [MemberData(nameof(InvalidAnswers))]
    public void Two_invalid_answers_are_reported_as_such_never_replaced(string invalid, string reason)
    {
        var client = new ScriptedChatClient(invalid, invalid);

        var error = Assert.Throws<JudgeAnswerException>(() => Judges.Engine(client, JudgeMode.Live).Attribute(WrongPolicy));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems[0], p => p.Contains(reason, StringComparison.Ordinal));
        Assert.Contains("the judge's answer was invalid after 2 attempts; no attribution is given", error.Message);
        Assert.Contains(Fixture.WrongPolicy, error.Message);
        Assert.Equal(2, client.Requests.Count);
    }

    [Fact]
    public void A_quote_must_come_from_the_cited_span_not_from_another_one()
    {
        // The quote is real, but it is the user's question in the agent span, not in the cited tool span.
        var answer = """{"spanId": "a100000000000003", "category": "Poor Information Retrieval", "evidence": ["from your Berlin store 20 days ago"], "reasoning": "x", "confidence": 0.5}""";
        var client = new ScriptedChatClient(answer, answer);

        var error = Assert.Throws<JudgeAnswerException>(() => Judges.Engine(client, JudgeMode.Live).Attribute(WrongPolicy));

        Assert.Contains("does not occur verbatim in span 'a100000000000003'", error.Message);
    }

    [Fact]
    public void An_answer_in_a_code_fence_is_read_and_a_no_failure_answer_gives_no_citation()
    {
        var client = new ScriptedChatClient("```json\n{\"spanId\": null, \"category\": null, \"evidence\": [], \"reasoning\": \"The answer follows the policy.\", \"confidence\": 0.6}\n```");

        var attribution = Judges.Engine(client, JudgeMode.Live).Attribute(WrongPolicy);

        Assert.False(attribution.FailureFound);
        Assert.Equal("no failure found", attribution.Summary);
        Assert.Contains(attribution.OtherFindings, f => f.Span.SpanId == "a100000000000003" && f.Detector == "dropped-constraint");
    }

    [Fact]
    public void A_category_remapped_by_the_taxonomy_is_cited_as_its_target()
    {
        var taxonomy = Taxonomy.Default.Remap("Poor Information Retrieval", "Tool Output Misinterpretation");
        var client = new ScriptedChatClient(Fixture.WrongPolicyAnswer);

        var attribution = Judges.Engine(client, JudgeMode.Live, configure: o => o.Taxonomy = taxonomy).Attribute(WrongPolicy);

        Assert.Equal("Tool Output Misinterpretation", attribution.Category!.L4);
    }
}
